// The output filter that inserts the client's <script> tag into the HTML
// pages of signed-in users (SPEC 6, docs/DESIGN.md). It streams: bytes
// before the insertion point go on as they arrive, except the few that may
// be the start of a "</head" split across buckets; after the insertion it
// steps out of the chain. Memory is a fixed small context per response,
// plus at most kMaxReadForLength bytes of a body held to learn its length.
//
// Two filters: SESSION_SECURITY_INSERT (RESOURCE, before mod_deflate)
// writes the tag; SESSION_SECURITY_CSP (just before the PROTOCOL filters
// that send the headers, after mod_headers' FIXUP_HEADERS_OUT) makes the
// Content-Security-Policy that leaves httpd admit the tag's nonce
// (csp_policy.h says why the header is edited rather than read).
#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "activity.h"
#include "apr_base64.h"
#include "apr_buckets.h"
#include "apr_general.h"
#include "apr_strings.h"
#include "client_script.h"
#include "csp_policy.h"
#include "directives.h"
#include "hooks.h"
#include "insertion_splicer.h"
#include "http_protocol.h"
#include "http_request.h"
#include "log.h"
#include "request_kind.h"
#include "request_state.h"
#include "script_tag.h"
#include "session_access.h"
#include "status_counters.h"
#include "util_filter.h"
#include "validators.h"
#include "verdict.h"

namespace session_security {
namespace {

constexpr const char *kInsertFilter = "SESSION_SECURITY_INSERT";
constexpr const char *kPolicyFilter = "SESSION_SECURITY_CSP";
constexpr const char *kPolicyHeaders[] = {
    "Content-Security-Policy", "Content-Security-Policy-Report-Only"};

// A file bucket is read in pieces of this size, so the scan reads no
// further than the piece holding the insertion point and the rest of the
// file goes on as a file bucket (sendfile, or mmap by the core).
constexpr apr_size_t kFilePiece = 64 * apr_size_t{1024};
// When the first brigade ends the response, the body may be held to send
// a Content-Length: at most this many bytes read from files and pipes...
constexpr apr_size_t kMaxReadForLength = 256 * apr_size_t{1024};
// ... and at most this long spent waiting for a CGI script to end its
// output. A script still writing after that is streamed (chunked).
constexpr apr_interval_time_t kMaxWaitForLength = apr_time_from_msec(100);
// While streaming, what was read is passed on after this many bytes.
constexpr apr_size_t kPassEvery = 64 * apr_size_t{1024};

// Where the nonce on the tag comes from.
enum class NonceFrom : std::uint8_t {
  none,
  policy,       // a Content-Security-Policy header that every policy admits
  report_only,  // the same of a -Report-Only header
  fresh,        // made up; the policy filter makes the policies admit it
  meta,         // the page's <meta http-equiv="Content-Security-Policy">
};

struct InsertContext {
  explicit InsertContext(Syntax syntax) : splicer(syntax) {}

  InsertionSplicer splicer;
  // The tag without its nonce attribute, which goes just before its end
  // (kScriptTagEnd) once the page's own policy has been read.
  const char *tag = nullptr;
  std::size_t tag_length = 0;
  const char *nonce_attribute = nullptr;  // ` nonce="..."`, or nullptr
  NonceFrom nonce_from = NonceFrom::none;
  // The nonce the policy filter makes the headers admit, or nullptr.
  const char *nonce = nullptr;
  bool enforced_admitted = false;  // it added the nonce to an enforced policy
  apr_bucket_brigade *out = nullptr;
  // Navigations get the tag at the end of a page that has neither anchor.
  bool insert_at_end = false;
  // The first brigade held the end of the response: hold it whole, and
  // send its exact Content-Length, unless it proves too long or slow.
  bool whole_body = false;
  bool eos_seen = false;      // the EOS bucket is in `out` or went on
  bool headers_done = false;  // the response headers were adjusted
  apr_size_t read_for_length = 0;
  apr_interval_time_t wait_left = kMaxWaitForLength;
  apr_size_t unsent = 0;  // bytes read into `out` since the last pass
};

bool has_prefix_ignoring_case(const char *value, const char *prefix) {
  return value != nullptr &&
         strncasecmp(value, prefix, std::strlen(prefix)) == 0;
}

const char *response_header(const request_rec *r, const char *name) {
  const char *value = apr_table_get(r->headers_out, name);
  return value != nullptr ? value : apr_table_get(r->err_headers_out, name);
}

bool is_html(const request_rec *r) {
  return r->content_type != nullptr &&
         names_media_type(r->content_type, "text/html");
}

bool is_xhtml(const request_rec *r) {
  return r->content_type != nullptr &&
         names_media_type(r->content_type, "application/xhtml+xml");
}

// A Content-Encoding other than "identity" (no encoding, as mod_deflate
// takes it too).
bool is_encoded(const char *encoding) {
  return encoding != nullptr && !names_media_type(encoding, "identity");
}

// A prefetch of a page (<link rel=prefetch>: Sec-Fetch-Dest empty, like a
// fetch, but Sec-Purpose prefetch, which no script can send; Purpose is
// what browsers sent before): the browser keeps the answer for the
// navigation that follows, so it is a page.
bool is_prefetch(const request_rec *r) {
  const char *purpose = apr_table_get(r->headers_in, "Sec-Purpose");
  if (purpose != nullptr) return has_prefix_ignoring_case(purpose, "prefetch");
  purpose = apr_table_get(r->headers_in, "Purpose");
  return purpose != nullptr && strcasecmp(purpose, "prefetch") == 0;
}

// A request whose answer the browser shows as a page (or keeps for one): a
// navigation by its Fetch Metadata, a prefetch, or, from a browser that
// sends no Sec-Fetch-Dest, one that is no script request and accepts HTML.
bool renders_page(const request_rec *r) {
  if (is_prefetch(r)) return true;
  const char *dest = apr_table_get(r->headers_in, "Sec-Fetch-Dest");
  if (dest != nullptr) {
    for (const char *page : {"document", "iframe", "frame", "fencedframe"}) {
      if (strcasecmp(dest, page) == 0) return true;
    }
    return false;
  }
  if (is_script_request(request_headers(r))) return false;
  const char *accept = apr_table_get(r->headers_in, "Accept");
  return accept != nullptr && (std::strstr(accept, "text/html") != nullptr ||
                               std::strstr(accept, "xhtml") != nullptr);
}

// Why this response must go out untouched, or nullptr when it may get the
// tag. Checked on the first brigade, when the handler has set the headers.
const char *reason_to_skip(const request_rec *r) {
  if (r->main != nullptr) return "subrequest";
  if (r->status != HTTP_OK) return "status is not 200";
  if (r->header_only) return "HEAD request";
  if (!is_html(r) && !is_xhtml(r)) return "not HTML";
  if (!charset_is_ascii_compatible(r->content_type)) {
    return "charset is not ASCII-compatible";
  }
  // An HTML fragment fetched by the application's own script is not a
  // page: the tag would end up wherever the script puts the fragment.
  if (is_script_request(request_headers(r)) && !is_prefetch(r)) {
    return "script request (fetch/XHR)";
  }
  if (is_encoded(r->content_encoding) ||
      is_encoded(response_header(r, "Content-Encoding"))) {
    return "already encoded (Content-Encoding)";
  }
  if (has_prefix_ignoring_case(response_header(r, "Content-Disposition"),
                               "attachment")) {
    return "attachment";
  }
  if (response_header(r, "Content-Range") != nullptr ||
      apr_table_get(r->headers_in, "Range") != nullptr) {
    return "range request";
  }
  return nullptr;
}

// The nonce of the first policy of a `header` (Content-Security-Policy or
// -Report-Only) that asks <script> elements for one. A CGI script's headers
// are in err_headers_out, several of a name joined by ", " into one.
std::string policy_nonce(const request_rec *r, const char *header) {
  std::string nonce;
  auto scan = [](void *data, const char *, const char *value) -> int {
    auto *found = static_cast<std::string *>(data);
    *found = script_nonce(value);
    return found->empty() ? 1 : 0;  // 0 stops the iteration
  };
  apr_table_do(scan, &nonce, r->headers_out, header, nullptr);
  if (nonce.empty()) {
    apr_table_do(scan, &nonce, r->err_headers_out, header, nullptr);
  }
  return nonce;
}

// Whether every policy of every Content-Security-Policy(-Report-Only)
// header (with `enforced_only`, of every Content-Security-Policy) admits a
// tag with this nonce as it is: admit_script_nonce would not change it.
bool policies_admit(const request_rec *r, const std::string &nonce,
                    bool enforced_only = false) {
  struct Check {
    const std::string *nonce;
    bool all = true;
  } check{&nonce};
  auto admits = [](void *data, const char *, const char *value) -> int {
    auto *c = static_cast<Check *>(data);
    c->all = admit_script_nonce(value, *c->nonce) == value;
    return c->all ? 1 : 0;  // 0 stops the iteration
  };
  for (const char *name : kPolicyHeaders) {
    if (enforced_only && name != kPolicyHeaders[0]) continue;
    for (apr_table_t *table : {r->headers_out, r->err_headers_out}) {
      apr_table_do(admits, &check, table, name, nullptr);
      if (!check.all) return false;
    }
  }
  return true;
}

bool has_policy(const request_rec *r) {
  for (const char *name : kPolicyHeaders) {
    if (response_header(r, name) != nullptr) return true;
  }
  return false;
}

// mod_headers applies "Header set ..." further down the chain, after this
// filter has written the tag: the policy may gain a nonce only then.
bool headers_fixed_later(const ap_filter_t *f) {
  for (const ap_filter_t *g = f->next; g != nullptr; g = g->next) {
    if (strcasecmp(g->frec->name, "FIXUP_HEADERS_OUT") == 0) return true;
  }
  return false;
}

// A fresh nonce (144 random bits, base64: 24 characters), or "" when the
// system has no randomness to give.
std::string fresh_nonce(const request_rec *r) {
  unsigned char random[18];
  const apr_status_t rv = apr_generate_random_bytes(random, sizeof random);
  if (rv != APR_SUCCESS) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r,
                  "SSEC074: no random bytes for a nonce: the tag goes "
                  "without one and a nonce-based policy may block it");
    return {};
  }
  char encoded[32];
  const int length = apr_base64_encode_binary(encoded, random, sizeof random);
  return std::string(encoded, static_cast<std::size_t>(length - 1));
}

// The nonce for the tag, "" for none. A policy's own nonce (an enforced
// policy's, else a report-only one's, which would report the tag on every
// page view) is copied when every policy admits it as it is. When a header
// must change for the tag (policies that ask for different nonces, or one
// whose nonce the tag cannot carry; or mod_headers still to set one), the
// tag gets a fresh nonce that only it carries, which the policy filter adds:
// no policy ever gains a nonce that admits anything but the tag.
std::string choose_nonce(ap_filter_t *f, NonceFrom *from) {
  const request_rec *r = f->r;
  const bool fixed_later = headers_fixed_later(f);
  if (!fixed_later && !has_policy(r)) return {};
  if (!fixed_later) {
    for (const NonceFrom kind : {NonceFrom::policy, NonceFrom::report_only}) {
      std::string nonce =
          policy_nonce(r, kPolicyHeaders[kind == NonceFrom::policy ? 0 : 1]);
      if (!nonce.empty() && policies_admit(r, nonce)) {
        *from = kind;
        return nonce;
      }
    }
  }
  // No policy uses nonces (each admits the tag without one as it is).
  if (!fixed_later && policies_admit(r, std::string())) return {};
  std::string fresh = fresh_nonce(r);
  if (!fresh.empty()) *from = NonceFrom::fresh;
  return fresh;
}

bool brigade_has_eos(apr_bucket_brigade *bb) {
  for (apr_bucket *b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
       b = APR_BUCKET_NEXT(b)) {
    if (APR_BUCKET_IS_EOS(b)) return true;
  }
  return false;
}

// Called once, just before the first bytes go on. The body changes, so a
// strong validator must not claim byte-identity, and the tagged page must
// not share its validator with the untagged one (validators.h): its ETag is
// weak and marked (a weak one still serves If-None-Match revalidation,
// revalidate_tagged_copies). The length is the new one when the whole
// body is in hand, else unknown (chunked). A page known by then to go out
// unchanged keeps its headers.
void adjust_headers(request_rec *r, InsertContext *ctx) {
  ctx->headers_done = true;
  if (ctx->splicer.done() && !ctx->splicer.inserted()) return;
  const char *etag = apr_table_get(r->headers_out, "ETag");
  if (etag != nullptr) {
    const std::string tagged = tagged_etag(etag);
    if (tagged.empty()) {
      apr_table_unset(r->headers_out, "ETag");
    } else {
      apr_table_setn(r->headers_out, "ETag",
                     apr_pstrmemdup(r->pool, tagged.data(), tagged.size()));
    }
  }
  apr_off_t length = -1;
  if (ctx->whole_body && ctx->eos_seen &&
      apr_brigade_length(ctx->out, 0, &length) == APR_SUCCESS && length >= 0) {
    ap_set_content_length(r, length);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                  "SSEC071: whole body in hand (after waiting %" APR_TIME_T_FMT
                  " us for its end): Content-Length %" APR_OFF_T_FMT,
                  static_cast<apr_time_t>(kMaxWaitForLength - ctx->wait_left),
                  length);
  } else {
    apr_table_unset(r->headers_out, "Content-Length");
    r->clength = 0;
  }
}

// The request the page is judged by: the first of its chain (the initial
// request, then its internal redirects: mod_actions' php-cgi, an
// ErrorDocument) where SessionSecurity is On. Its path and settings go into
// the tag, so the client's limits and those its pings are judged with
// (?page=, ping_handler.cpp) are the page's, not those of the php-cgi URL.
const char *page_path(const request_rec *r) {
  return r->uri != nullptr ? r->uri : "";
}

const request_rec *judged_request(const request_rec *r) {
  const request_rec *judged = r;
  for (const request_rec *x = r; x != nullptr; x = x->prev) {
    if (is_enabled(dir_settings(x))) judged = x;
  }
  return judged;
}

apr_status_t pass_out(ap_filter_t *f, InsertContext *ctx) {
  if (APR_BRIGADE_EMPTY(ctx->out)) return APR_SUCCESS;
  if (!ctx->headers_done) adjust_headers(f->r, ctx);
  ctx->unsent = 0;
  const apr_status_t rv = ap_pass_brigade(f->next, ctx->out);
  apr_brigade_cleanup(ctx->out);
  return rv;
}

void stop_holding(request_rec *r, InsertContext *ctx, const char *why) {
  if (!ctx->whole_body) return;
  ctx->whole_body = false;
  ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                "SSEC072: streaming without Content-Length: %s", why);
}

InsertContext *start(ap_filter_t *f, apr_bucket_brigade *bb) {
  request_rec *r = f->r;
  const char *skip = reason_to_skip(r);
  RequestState *state = request_state(r);
  if (skip == nullptr && state != nullptr && state->tag_inserted) {
    skip = "tag already inserted for this request";
  }
  if (skip != nullptr) {
    record_page_untouched(r, skip);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "SSEC060: no insertion: %s",
                  skip);
    return nullptr;
  }
  void *memory = apr_pcalloc(r->pool, sizeof(InsertContext));
  // application/xhtml+xml is read by the browser's XML parser.
  auto *ctx =
      new (memory) InsertContext(is_xhtml(r) ? Syntax::xml : Syntax::html);
  NonceFrom nonce_from = NonceFrom::none;
  const std::string nonce = choose_nonce(f, &nonce_from);
  // Idle as the page goes out: a page that no person asked for (a refresh,
  // SessionSecurityActivity human) did not stamp, and its client must warn
  // on time all the same.
  // A page that counted is the last activity itself (even when the
  // throttle kept the stamp: the client's pings move it on), as the client
  // has always taken a page load to be.
  std::int64_t idle_ms = -1;
  if (state != nullptr && state->signed_in && state->last_activity > 0) {
    idle_ms = state->counted
                  ? 0
                  : std::max<std::int64_t>(0, now_ms() - state->last_activity);
  }
  const Settings &settings = dir_settings(judged_request(r));
  // The absolute deadline, counted at response time (no extra request).
  const std::int64_t lifetime =
      state != nullptr && state->signed_in
          ? lifetime_left(settings, state->signed_in_at, now_ms())
          : -1;
  const std::string tag =
      build_script_tag(settings, kClientVersion, "",
                       page_path(judged_request(r)), idle_ms, lifetime);
  ctx->tag = apr_pstrmemdup(r->pool, tag.data(), tag.size());
  ctx->tag_length = tag.size();
  ctx->nonce_from = nonce_from;
  ctx->out = apr_brigade_create(r->pool, f->c->bucket_alloc);
  // Script requests were skipped above, so this is a navigation. Content
  // after the root element of an XML document is not well-formed.
  ctx->insert_at_end = !is_xhtml(r);
  ctx->whole_body = brigade_has_eos(bb);
  if (!nonce.empty()) {
    ctx->nonce = apr_pstrmemdup(r->pool, nonce.data(), nonce.size());
    ctx->nonce_attribute = apr_pstrcat(
        r->pool, " nonce=\"", escape_attribute(nonce).c_str(), "\"", nullptr);
    ap_add_output_filter(kPolicyFilter, ctx, r, r->connection);
  }
  return ctx;
}

// Just before the tag is written: a page whose own <meta> policy asks
// scripts for a nonce gets the tag with that nonce, unless a policy of the
// headers asks for the one the tag has (the application's, or one the
// policy filter already added the tag's to), which wins. A nonce read from
// the page never goes into a header: page content could have chosen it.
void settle_nonce(ap_filter_t *f, InsertContext *ctx) {
  const std::string_view meta = ctx->splicer.scanner().meta_nonce();
  if (meta.empty() || ctx->nonce_from == NonceFrom::meta) return;
  request_rec *r = f->r;
  // The headers need the tag's own nonce: an enforced policy asks for it,
  // or will be made to admit it (a fresh one), or already was.
  bool headers_need_it =
      ctx->nonce_from == NonceFrom::policy || ctx->enforced_admitted;
  if (!headers_need_it && ctx->nonce_from == NonceFrom::fresh) {
    try {
      headers_need_it = !policies_admit(r, std::string(), true);
    } catch (...) {  // no exception crosses into httpd
      headers_need_it = true;
    }
  }
  if (headers_need_it) {
    if (ctx->nonce == nullptr || meta != ctx->nonce) {
      ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                    "SSEC141: the page's <meta> Content-Security-Policy asks "
                    "scripts for another nonce than the response's header "
                    "policy; the client's tag carries the header's, which "
                    "the <meta> policy may block");
    }
    return;
  }
  // Base64 characters only (PolicyNonceReader): nothing to escape.
  const char *nonce = apr_pstrmemdup(r->pool, meta.data(), meta.size());
  ctx->nonce_attribute =
      apr_pstrcat(r->pool, " nonce=\"", nonce, "\"", nullptr);
  ctx->nonce_from = NonceFrom::meta;
  ctx->nonce = nullptr;  // the policy filter, if still to come, adds nothing
  ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                "SSEC140: the client's tag carries the nonce of the page's "
                "<meta> Content-Security-Policy");
}

void move_bucket(InsertContext *ctx, apr_bucket *b) {
  APR_BUCKET_REMOVE(b);
  APR_BRIGADE_INSERT_TAIL(ctx->out, b);
}

// Carries out the splicer's plan for one chunk: `b` holds the chunk's
// `length` bytes; it is split, moved on, or deleted (bytes held back are
// already copied by the splicer).
void carry_out(ap_filter_t *f, InsertContext *ctx, apr_bucket *b,
               std::size_t length, const InsertionSplicer::Segment *segments,
               std::size_t count) {
  using Source = InsertionSplicer::Segment::Source;
  apr_bucket_alloc_t *alloc = f->c->bucket_alloc;
  std::size_t position = 0;  // bytes of the chunk handled so far
  for (std::size_t i = 0; i < count; ++i) {
    const InsertionSplicer::Segment &segment = segments[i];
    switch (segment.source) {
      case Source::released:
        APR_BRIGADE_INSERT_TAIL(
            ctx->out,
            apr_bucket_heap_create(ctx->splicer.released() + segment.offset,
                                   segment.length, nullptr, alloc));
        break;
      case Source::tag: {
        // The tag, with its nonce attribute just before its end.
        const std::size_t end = kScriptTagEnd.size();
        const std::size_t head = ctx->nonce_attribute != nullptr
                                     ? ctx->tag_length - end
                                     : ctx->tag_length;
        APR_BRIGADE_INSERT_TAIL(
            ctx->out, apr_bucket_immortal_create(ctx->tag, head, alloc));
        if (ctx->nonce_attribute != nullptr) {
          APR_BRIGADE_INSERT_TAIL(
              ctx->out, apr_bucket_immortal_create(
                            ctx->nonce_attribute,
                            std::strlen(ctx->nonce_attribute), alloc));
          APR_BRIGADE_INSERT_TAIL(ctx->out, apr_bucket_immortal_create(
                                                ctx->tag + head, end, alloc));
        }
        break;
      }
      case Source::chunk: {
        // Chunk segments come in order and without gaps, and never at the
        // end of the stream (b == nullptr).
        if (b == nullptr) break;
        if (position + segment.length < length) {
          apr_bucket_split(b, segment.length);
        }
        apr_bucket *rest = APR_BUCKET_NEXT(b);
        move_bucket(ctx, b);
        b = rest;
        position += segment.length;
        break;
      }
    }
  }
  if (b != nullptr && position < length) apr_bucket_delete(b);  // held tail
}

// Whether reading the bucket puts its bytes in memory that was not used
// before (a file or a pipe), rather than handing out bytes already there.
bool read_costs_memory(const apr_bucket *b) {
  return APR_BUCKET_IS_FILE(b) || b->length == static_cast<apr_size_t>(-1);
}

// A blocking read of a pipe or socket bucket that gives up after the time
// left for learning the body's length: APR_EAGAIN when it ran out. The
// data of a pipe bucket is its apr_file_t, of a socket bucket its
// apr_socket_t (apr_buckets_pipe.c, apr_buckets_socket.c).
apr_status_t read_waiting(InsertContext *ctx, apr_bucket *b, const char **data,
                          apr_size_t *length) {
  if (ctx->wait_left <= 0) return APR_EAGAIN;
  const apr_time_t begin = apr_time_now();
  apr_status_t rv = APR_EAGAIN;
  if (APR_BUCKET_IS_PIPE(b)) {
    auto *pipe = static_cast<apr_file_t *>(b->data);
    apr_interval_time_t saved = 0;
    apr_file_pipe_timeout_get(pipe, &saved);
    apr_file_pipe_timeout_set(pipe, ctx->wait_left);
    rv = apr_bucket_read(b, data, length, APR_BLOCK_READ);
    apr_file_pipe_timeout_set(pipe, saved);
  } else if (APR_BUCKET_IS_SOCKET(b)) {
    auto *socket = static_cast<apr_socket_t *>(b->data);
    apr_interval_time_t saved = 0;
    apr_socket_timeout_get(socket, &saved);
    apr_socket_timeout_set(socket, ctx->wait_left);
    rv = apr_bucket_read(b, data, length, APR_BLOCK_READ);
    apr_socket_timeout_set(socket, saved);
  }
  ctx->wait_left -= apr_time_now() - begin;
  if (APR_STATUS_IS_TIMEUP(rv) || APR_STATUS_IS_EAGAIN(rv)) {
    ctx->wait_left = 0;
    return APR_EAGAIN;
  }
  return rv;
}

apr_status_t read_bucket(ap_filter_t *f, InsertContext *ctx, apr_bucket *b,
                         const char **data, apr_size_t *length) {
  apr_status_t rv = apr_bucket_read(b, data, length, APR_NONBLOCK_READ);
  if (rv == APR_EAGAIN && ctx->whole_body) {
    rv = read_waiting(ctx, b, data, length);
    if (rv == APR_EAGAIN) {
      stop_holding(f->r, ctx, "the body is still being written");
    }
  }
  if (rv == APR_EAGAIN) {
    // A CGI script is still writing: send what we have before waiting.
    APR_BRIGADE_INSERT_TAIL(ctx->out,
                            apr_bucket_flush_create(f->c->bucket_alloc));
    rv = pass_out(f, ctx);
    if (rv != APR_SUCCESS) return rv;
    rv = apr_bucket_read(b, data, length, APR_BLOCK_READ);
  }
  if (APR_STATUS_IS_ECONNRESET(rv) &&
      (APR_BUCKET_IS_SOCKET(b) || APR_BUCKET_IS_PIPE(b))) {
    // A CGI script that exits without reading its request body (a form
    // handler that ignores the POST): mod_cgid's socket then reports a
    // reset instead of the end, after every byte the script wrote. Held
    // whole, the page was lost with it; it is the end of the output.
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, f->r,
                  "SSEC144: the script's output ended with a reset (it did "
                  "not read its request body): taken as its end");
    return APR_EOF;
  }
  if (rv != APR_SUCCESS) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, f->r,
                  "SSEC064: could not read the response body");
  }
  return rv;
}

// Accounts for `length` bytes just read from `b` into memory.
void count_read(ap_filter_t *f, InsertContext *ctx, bool costs_memory,
                apr_size_t length) {
  if (!costs_memory) return;
  ctx->unsent += length;
  if (ctx->whole_body) {
    ctx->read_for_length += length;
    if (ctx->read_for_length > kMaxReadForLength) {
      stop_holding(f->r, ctx, "the body is longer than 256 KiB");
    }
  }
}

void note_insertion(ap_filter_t *f, InsertContext *ctx, bool at_end) {
  RequestState *state = request_state(f->r);
  if (state != nullptr) state->tag_inserted = true;
  record_page_tagged(f->r);
  if (at_end) {
    ap_log_rerror(
        APLOG_MARK, APLOG_TRACE1, 0, f->r,
        "SSEC075: no </head> or </body>: inserted the client tag at the end "
        "of the document (byte %" APR_UINT64_T_FMT ")",
        static_cast<apr_uint64_t>(ctx->splicer.scanner().consumed()));
  } else {
    ap_log_rerror(
        APLOG_MARK, APLOG_TRACE1, 0, f->r,
        "SSEC061: inserted the client tag at byte %" APR_UINT64_T_FMT,
        static_cast<apr_uint64_t>(ctx->splicer.scanner().found().offset));
  }
}

// Runs the splicer over the brigade until the insertion is decided.
apr_status_t scan(ap_filter_t *f, InsertContext *ctx, apr_bucket_brigade *bb) {
  InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
  while (!APR_BRIGADE_EMPTY(bb) && !ctx->splicer.done()) {
    apr_bucket *b = APR_BRIGADE_FIRST(bb);
    if (APR_BUCKET_IS_METADATA(b)) {
      if (APR_BUCKET_IS_EOS(b)) {
        const std::size_t count =
            ctx->splicer.finish(segments, ctx->insert_at_end);
        if (ctx->splicer.inserted()) settle_nonce(f, ctx);
        carry_out(f, ctx, nullptr, 0, segments, count);
        ctx->eos_seen = true;
        if (ctx->splicer.inserted()) {
          note_insertion(f, ctx, true);
        } else {
          record_page_untouched(f->r, "no </head> or </body>");
          ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, f->r,
                        "SSEC063: no </head> or </body> in the page, and "
                        "not a page that can take the tag at its end; "
                        "passed on untouched");
        }
      } else if (APR_BUCKET_IS_FLUSH(b)) {
        stop_holding(f->r, ctx, "the handler flushed");
      }
      move_bucket(ctx, b);
      continue;
    }
    if (APR_BUCKET_IS_FILE(b) && b->length > kFilePiece) {
      apr_bucket_split(b, kFilePiece);
    }
    const bool costs_memory = read_costs_memory(b);
    const char *data = nullptr;
    apr_size_t length = 0;
    const apr_status_t rv = read_bucket(f, ctx, b, &data, &length);
    if (rv == APR_EOF) {  // nothing more from this bucket
      apr_bucket_delete(b);
      continue;
    }
    if (rv != APR_SUCCESS) return rv;
    count_read(f, ctx, costs_memory, length);
    if (length == 0) {  // nothing to scan; the splicer plans no segment
      move_bucket(ctx, b);
      continue;
    }
    const std::size_t count = ctx->splicer.feed(data, length, segments);
    if (ctx->splicer.inserted()) settle_nonce(f, ctx);
    carry_out(f, ctx, b, length, segments, count);
    if (ctx->splicer.inserted()) {
      note_insertion(f, ctx, false);
    } else if (ctx->splicer.scanner().gave_up()) {
      record_page_untouched(f->r, "markup the scanner does not follow");
      ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, f->r,
                    "SSEC066: no insertion: markup after which a tag would "
                    "not run or could change the page (plaintext, frameset, "
                    "a UTF-16 byte order mark, an ISO-2022-JP escape, "
                    "foreign content; docs/DESIGN.md)");
    } else if (ctx->splicer.done()) {
      record_page_untouched(f->r, "page already carries the client tag");
      ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, f->r,
                    "SSEC062: page already carries the client tag; "
                    "nothing inserted");
    }
    if (!ctx->whole_body && ctx->unsent >= kPassEvery) {
      const apr_status_t passed = pass_out(f, ctx);
      if (passed != APR_SUCCESS) return passed;
    }
  }
  return APR_SUCCESS;
}

// After the insertion, while the body is still held for its length: the
// rest up to EOS is counted; pipes are read (their length is unknown),
// file buckets are not.
apr_status_t hold_rest(ap_filter_t *f, InsertContext *ctx,
                       apr_bucket_brigade *bb) {
  while (!APR_BRIGADE_EMPTY(bb) && ctx->whole_body && !ctx->eos_seen) {
    apr_bucket *b = APR_BRIGADE_FIRST(bb);
    if (APR_BUCKET_IS_EOS(b)) {
      ctx->eos_seen = true;
    } else if (APR_BUCKET_IS_FLUSH(b)) {
      stop_holding(f->r, ctx, "the handler flushed");
    } else if (b->length == static_cast<apr_size_t>(-1)) {
      const char *data = nullptr;
      apr_size_t length = 0;
      const apr_status_t rv = read_bucket(f, ctx, b, &data, &length);
      if (rv == APR_EOF) {
        apr_bucket_delete(b);
        continue;
      }
      if (rv != APR_SUCCESS) return rv;
      count_read(f, ctx, true, length);
    }
    move_bucket(ctx, b);
  }
  return APR_SUCCESS;
}

// What goes on unread after the insertion point (TRACE2), for tests that
// check a static file's rest stays a file bucket: any file bucket left is
// unread, as reading one turns the bytes read into another type.
void log_rest(const request_rec *r, apr_bucket_brigade *out,
              apr_bucket_brigade *bb) {
  if (!APLOG_R_IS_LEVEL(r, APLOG_TRACE2)) return;
  int files = 0;
  apr_uint64_t file_bytes = 0;
  for (apr_bucket_brigade *brigade : {out, bb}) {
    for (apr_bucket *b = APR_BRIGADE_FIRST(brigade);
         b != APR_BRIGADE_SENTINEL(brigade); b = APR_BUCKET_NEXT(b)) {
      if (APR_BUCKET_IS_FILE(b)) {
        ++files;
        file_bytes += b->length;
      }
    }
  }
  ap_log_rerror(APLOG_MARK, APLOG_TRACE2, 0, r,
                "SSEC073: the rest of the body went on unread: %d file "
                "bucket(s), %" APR_UINT64_T_FMT " bytes",
                files, file_bytes);
}

apr_status_t insert_filter(ap_filter_t *f, apr_bucket_brigade *bb) {
  auto *ctx = static_cast<InsertContext *>(f->ctx);
  if (ctx == nullptr) {
    try {
      ctx = start(f, bb);
    } catch (...) {  // no exception crosses into httpd: send the page as is
      ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, f->r,
                    "SSEC065: internal error preparing the client tag; "
                    "page sent untouched");
      ctx = nullptr;
    }
    if (ctx == nullptr) {
      ap_remove_output_filter(f);
      return ap_pass_brigade(f->next, bb);
    }
    f->ctx = ctx;
  }
  apr_status_t rv = scan(f, ctx, bb);
  if (rv == APR_SUCCESS && ctx->splicer.done()) rv = hold_rest(f, ctx, bb);
  if (rv != APR_SUCCESS) return rv;
  if (ctx->splicer.done()) {
    // Pass-through from here on: hand over the rest and step out.
    log_rest(f->r, ctx->out, bb);
    APR_BRIGADE_CONCAT(ctx->out, bb);
    ap_remove_output_filter(f);
  }
  return pass_out(f, ctx);
}

// Replaces the values of one policy header in `table` by ones that admit
// `nonce`; returns how many changed.
int admit_in_table(apr_pool_t *pool, apr_table_t *table, const char *name,
                   const char *nonce) {
  std::vector<std::pair<std::string, bool>> values;  // value, changed
  bool changed = false;
  auto collect = [](void *data, const char *, const char *value) -> int {
    auto *found =
        static_cast<std::vector<std::pair<std::string, bool>> *>(data);
    found->emplace_back(value, false);
    return 1;
  };
  apr_table_do(collect, &values, table, name, nullptr);
  int count = 0;
  for (auto &[value, was_changed] : values) {
    std::string admitted = admit_script_nonce(value, nonce);
    if (admitted != value) {
      value = std::move(admitted);
      was_changed = changed = true;
      ++count;
    }
  }
  if (!changed) return 0;
  apr_table_unset(table, name);
  for (const auto &entry : values) {
    apr_table_addn(
        table, name,
        apr_pstrmemdup(pool, entry.first.data(), entry.first.size()));
  }
  return count;
}

// First brigade only: the headers are final here (mod_headers has run),
// and not yet sent (the PROTOCOL filters come next).
apr_status_t policy_filter(ap_filter_t *f, apr_bucket_brigade *bb) {
  auto *ctx = static_cast<InsertContext *>(f->ctx);
  request_rec *r = f->r;
  ap_remove_output_filter(f);
  const bool unchanged = ctx->splicer.done() && !ctx->splicer.inserted();
  if (ctx->nonce != nullptr && !unchanged) {
    try {
      int count = 0;
      for (const char *name : kPolicyHeaders) {
        const bool enforced = name == kPolicyHeaders[0];
        const int admitted =
            admit_in_table(r->pool, r->headers_out, name, ctx->nonce) +
            admit_in_table(r->pool, r->err_headers_out, name, ctx->nonce);
        if (enforced && admitted > 0) ctx->enforced_admitted = true;
        count += admitted;
      }
      ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                    "SSEC070: the tag's nonce added to %d policy header(s)",
                    count);
    } catch (...) {
      ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                    "SSEC076: internal error adding the tag's nonce to the "
                    "Content-Security-Policy; headers sent as they were");
    }
  }
  return ap_pass_brigade(f->next, bb);
}

// A user signed in by this very request (mod_auth_form's inline login runs
// after the activity hook) gets the client on the page that follows.
bool signed_in_just_now(request_rec *r) {
  session_rec *z = load_session(r);
  return z != nullptr && is_signed_in(z);
}

// Before the handler of an answer that may get the tag (validators.h): the
// entity tags of tagged copies in If-None-Match are unmarked for the
// handler. A page (renders_page) may only revalidate a tagged copy: the
// others are dropped, and when none is left If-Modified-Since goes too,
// since a date cannot tell the copies apart. Done once per chain: an
// internal redirect (PHP through mod_actions) shares the headers.
void revalidate_tagged_copies(request_rec *r) {
  request_rec *initial = r;
  while (initial->prev != nullptr) initial = initial->prev;
  if (apr_table_get(initial->notes, "session-security-validators") != nullptr) {
    return;
  }
  apr_table_setn(initial->notes, "session-security-validators", "1");
  const bool page = renders_page(r);
  const char *if_none_match = apr_table_get(r->headers_in, "If-None-Match");
  std::string kept;
  if (if_none_match != nullptr) {
    kept = tagged_copies_only(if_none_match, !page);
    if (kept == if_none_match) return;
  }
  if (kept.empty()) {
    if (!page) return;
    if (if_none_match == nullptr &&
        apr_table_get(r->headers_in, "If-Modified-Since") == nullptr) {
      return;
    }
    apr_table_unset(r->headers_in, "If-None-Match");
    apr_table_unset(r->headers_in, "If-Modified-Since");
  } else {
    apr_table_set(r->headers_in, "If-None-Match", kept.c_str());
  }
  ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                "SSEC142: validators of an answer that may get the tag, as "
                "the handler sees them: %s",
                kept.empty() ? "none (no tagged copy to revalidate)"
                             : apr_pstrcat(r->pool, "If-None-Match ",
                                           kept.c_str(), nullptr));
}

void on_insert_filter(request_rec *r) {
  if (r->main != nullptr) return;
  // The page's settings, not those of the URL an internal redirect reached
  // (mod_actions' php-cgi): SessionSecurityInject Off in the page's
  // <Location> holds for its PHP pages too.
  const Settings &s = dir_settings(judged_request(r));
  if (!is_enabled(s) || !is_inject(s) || is_passive(s)) return;
  RequestState *state = request_state(r);
  if (state == nullptr || (!state->signed_in && !state->expired)) {
    if (!signed_in_just_now(r)) return;
    if (state == nullptr) state = &create_request_state(r);
    state->signed_in = true;
    // stamp_new_sign_in() writes this time as the session is saved
    state->signed_in_at = now_ms();
  }
  if (!state->signed_in || state->tag_inserted) return;
  ap_add_output_filter(kInsertFilter, nullptr, r, r->connection);
  if (r->method_number == M_GET && !r->header_only &&
      apr_table_get(r->headers_in, "Range") == nullptr) {
    try {
      revalidate_tagged_copies(r);
    } catch (...) {  // no exception crosses into httpd
      ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                    "SSEC143: internal error reading If-None-Match; the "
                    "request goes on as it came");
    }
  }
}

}  // namespace

void register_insert_filter(apr_pool_t *) {
  ap_hook_insert_filter(on_insert_filter, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_register_output_filter(kInsertFilter, insert_filter, nullptr,
                            AP_FTYPE_RESOURCE);
  // After every CONTENT_SET filter (mod_headers, mod_deflate), before the
  // PROTOCOL ones that send the headers.
  ap_register_output_filter(kPolicyFilter, policy_filter, nullptr,
                            static_cast<ap_filter_type>(AP_FTYPE_PROTOCOL - 1));
}

}  // namespace session_security
