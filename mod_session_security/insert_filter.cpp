// The output filter that inserts the client's <script> tag into the HTML
// pages of signed-in users (SPEC 6, docs/DESIGN.md). It streams: bytes
// before the insertion point go on as they arrive, except the few that may
// be the start of a "</head" split across buckets; after the insertion it
// steps out of the chain. Memory is a fixed small context per response.
#include <cstring>
#include <new>
#include <string>

#include "apr_buckets.h"
#include "apr_strings.h"
#include "client_script.h"
#include "directives.h"
#include "hooks.h"
#include "insertion_splicer.h"
#include "http_protocol.h"
#include "http_request.h"
#include "log.h"
#include "request_state.h"
#include "script_tag.h"
#include "session_access.h"
#include "status_counters.h"
#include "util_filter.h"

namespace session_security {
namespace {

constexpr const char *kInsertFilter = "SESSION_SECURITY_INSERT";

struct InsertContext {
  InsertionSplicer splicer;
  const char *tag = nullptr;
  std::size_t tag_length = 0;
  apr_bucket_brigade *out = nullptr;
};

bool has_prefix_ignoring_case(const char *value, const char *prefix) {
  return value != nullptr &&
         strncasecmp(value, prefix, std::strlen(prefix)) == 0;
}

const char *response_header(const request_rec *r, const char *name) {
  const char *value = apr_table_get(r->headers_out, name);
  return value != nullptr ? value : apr_table_get(r->err_headers_out, name);
}

// Why this response must go out untouched, or nullptr when it may get the
// tag. Checked on the first brigade, when the handler has set the headers.
const char *reason_to_skip(const request_rec *r) {
  if (r->main != nullptr) return "subrequest";
  if (r->status != HTTP_OK) return "status is not 200";
  if (r->header_only) return "HEAD request";
  const char *type = r->content_type;
  if (!has_prefix_ignoring_case(type, "text/html") &&
      !has_prefix_ignoring_case(type, "application/xhtml+xml")) {
    return "not HTML";
  }
  if (r->content_encoding != nullptr ||
      response_header(r, "Content-Encoding") != nullptr) {
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

// The nonce of the first Content-Security-Policy header that has one.
std::string policy_nonce(const request_rec *r) {
  std::string nonce;
  auto scan = [](void *data, const char *, const char *value) -> int {
    auto *found = static_cast<std::string *>(data);
    *found = script_nonce(value);
    return found->empty() ? 1 : 0;  // 0 stops the iteration
  };
  apr_table_do(scan, &nonce, r->headers_out, "Content-Security-Policy",
               nullptr);
  if (nonce.empty()) {
    apr_table_do(scan, &nonce, r->err_headers_out, "Content-Security-Policy",
                 nullptr);
  }
  return nonce;
}

// The body changes, so the length must go and a strong validator must not
// claim byte-identity; a weak one still serves If-None-Match revalidation.
void adjust_headers(request_rec *r) {
  apr_table_unset(r->headers_out, "Content-Length");
  r->clength = 0;
  const char *etag = apr_table_get(r->headers_out, "ETag");
  if (etag != nullptr && std::strncmp(etag, "W/", 2) != 0) {
    apr_table_setn(r->headers_out, "ETag",
                   apr_pstrcat(r->pool, "W/", etag, nullptr));
  }
}

InsertContext *start(ap_filter_t *f) {
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
  auto *ctx = new (memory) InsertContext();
  const std::string tag =
      build_script_tag(dir_settings(r), kClientScriptVersion, policy_nonce(r));
  ctx->tag = apr_pstrmemdup(r->pool, tag.data(), tag.size());
  ctx->tag_length = tag.size();
  ctx->out = apr_brigade_create(r->pool, f->c->bucket_alloc);
  adjust_headers(r);
  return ctx;
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
      case Source::tag:
        APR_BRIGADE_INSERT_TAIL(
            ctx->out,
            apr_bucket_immortal_create(ctx->tag, ctx->tag_length, alloc));
        break;
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

apr_status_t pass_out(ap_filter_t *f, InsertContext *ctx) {
  if (APR_BRIGADE_EMPTY(ctx->out)) return APR_SUCCESS;
  const apr_status_t rv = ap_pass_brigade(f->next, ctx->out);
  apr_brigade_cleanup(ctx->out);
  return rv;
}

apr_status_t insert_filter(ap_filter_t *f, apr_bucket_brigade *bb) {
  auto *ctx = static_cast<InsertContext *>(f->ctx);
  if (ctx == nullptr) {
    try {
      ctx = start(f);
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
  InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
  while (!APR_BRIGADE_EMPTY(bb) && !ctx->splicer.done()) {
    apr_bucket *b = APR_BRIGADE_FIRST(bb);
    if (APR_BUCKET_IS_METADATA(b)) {
      if (APR_BUCKET_IS_EOS(b)) {
        const std::size_t count = ctx->splicer.finish(segments);
        carry_out(f, ctx, nullptr, 0, segments, count);
        record_page_untouched(f->r, "no </head> or </body>");
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, f->r,
                      "SSEC063: no </head> or </body> in the page; "
                      "passed on untouched");
      }
      move_bucket(ctx, b);
      continue;
    }
    const char *data = nullptr;
    apr_size_t length = 0;
    apr_status_t rv = apr_bucket_read(b, &data, &length, APR_NONBLOCK_READ);
    if (rv == APR_EAGAIN) {
      // A CGI script is still writing: send what we have before waiting.
      APR_BRIGADE_INSERT_TAIL(ctx->out,
                              apr_bucket_flush_create(f->c->bucket_alloc));
      rv = pass_out(f, ctx);
      if (rv != APR_SUCCESS) return rv;
      rv = apr_bucket_read(b, &data, &length, APR_BLOCK_READ);
    }
    if (rv != APR_SUCCESS) {
      ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, f->r,
                    "SSEC064: could not read the response body");
      return rv;
    }
    if (length == 0) {  // nothing to scan; the splicer plans no segment
      move_bucket(ctx, b);
      continue;
    }
    const std::size_t count = ctx->splicer.feed(data, length, segments);
    carry_out(f, ctx, b, length, segments, count);
    if (ctx->splicer.inserted()) {
      RequestState *state = request_state(f->r);
      if (state != nullptr) state->tag_inserted = true;
      record_page_tagged(f->r);
      ap_log_rerror(
          APLOG_MARK, APLOG_TRACE1, 0, f->r,
          "SSEC061: inserted the client tag at byte %" APR_UINT64_T_FMT,
          static_cast<apr_uint64_t>(ctx->splicer.scanner().found().offset));
    } else if (ctx->splicer.done()) {
      record_page_untouched(f->r, "page already carries the client tag");
      ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, f->r,
                    "SSEC062: page already carries the client tag; "
                    "nothing inserted");
    }
  }
  const bool done = ctx->splicer.done();
  if (done) {
    // Pass-through from here on: hand over the rest and step out.
    APR_BRIGADE_CONCAT(ctx->out, bb);
    ap_remove_output_filter(f);
  }
  return pass_out(f, ctx);
}

// A user signed in by this very request (mod_auth_form's inline login runs
// after the activity hook) gets the client on the page that follows.
bool signed_in_just_now(request_rec *r) {
  session_rec *z = load_session(r);
  return z != nullptr && is_signed_in(z);
}

void on_insert_filter(request_rec *r) {
  if (r->main != nullptr) return;
  const Settings &s = dir_settings(r);
  if (!is_enabled(s) || !is_inject(s) || is_passive(s)) return;
  RequestState *state = request_state(r);
  if (state == nullptr) {
    if (!signed_in_just_now(r)) return;
    state = &create_request_state(r);
    state->signed_in = true;
  }
  if (!state->signed_in || state->tag_inserted) return;
  ap_add_output_filter(kInsertFilter, nullptr, r, r->connection);
}

}  // namespace

void register_insert_filter(apr_pool_t *) {
  ap_hook_insert_filter(on_insert_filter, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_register_output_filter(kInsertFilter, insert_filter, nullptr,
                            AP_FTYPE_RESOURCE);
}

}  // namespace session_security
