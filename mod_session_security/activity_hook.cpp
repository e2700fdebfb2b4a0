// The request flow: every request (initial, internal redirect, error
// document, subrequest) passes through on_request before authentication
// and the handler; judge_rule.h's decide() says what happens to it, so an
// expired session is cleared before mod_auth_form or the application sees
// its identity, whichever path led there.
#include <atomic>
#include <cstring>

#include "activity.h"
#include "app_signals.h"
#include "apr_strings.h"
#include "client_script.h"
#include "directives.h"
#include "draft_key.h"
#include "hooks.h"
#include "http_protocol.h"
#include "http_request.h"
#include "http_core.h"
#include <new>
#include "json_answer.h"
#include "judge_rule.h"
#include "language_files.h"
#include "log.h"
#include "request_state.h"
#include "status_counters.h"
#include "util_filter.h"

namespace session_security {
namespace {

constexpr const char *kRestampFilter = "SESSION_SECURITY_RESTAMP";

const request_rec *initial_request(const request_rec *r) {
  while (r->prev != nullptr || r->main != nullptr) {
    r = r->prev != nullptr ? r->prev : r->main;
  }
  return r;
}

const char *signed_in_user(const session_rec *z) {
  const apr_array_header_t *array = apr_table_elts(z->entries);
  const auto *items = reinterpret_cast<const apr_table_entry_t *>(array->elts);
  for (int i = 0; i < array->nelts; ++i) {
    const char *key = items[i].key;
    const std::size_t length = std::strlen(key);
    if (std::strcmp(key, "user") == 0 ||
        (length > 5 && std::strcmp(key + length - 5, "-user") == 0)) {
      return items[i].val;
    }
  }
  return "-";
}

void warn_sessions_off_once(request_rec *r) {
  static std::atomic<bool> warned{false};
  if (warned.exchange(true)) return;
  ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                "SSEC001: SessionSecurity is On for %s but mod_session gives "
                "no session there (Session Off, SessionExclude, or no store): "
                "nothing is protected (logged once per process)",
                r->uri);
}

int redirect_to_logout(request_rec *r, const char *logout) {
  const char *location =
      logout[0] == '/' ? ap_construct_url(r->pool, logout, r) : logout;
  apr_table_setn(r->headers_out, "Location", location);
  return HTTP_MOVED_TEMPORARILY;
}

bool is_logout_url_itself(const request_rec *r, const char *logout) {
  return logout[0] == '/' && std::strcmp(r->uri, logout) == 0;
}

// The request for the LogoutURL's path (its query string aside).
bool is_logout_path(const request_rec *r, const Settings &s) {
  const char *logout = logout_url(s);
  if (logout == nullptr || logout[0] != '/') return false;
  const std::size_t length = std::strcspn(logout, "?#");
  return std::strlen(r->uri) == length &&
         std::strncmp(r->uri, logout, length) == 0;
}

// Stripped on every request to a protected location: what reaches the
// application under the module's names is only what the module says.
void strip_client_signals_and_mark(request_rec *r, bool *mark) {
  strip_client_signals(r);
  const bool sent = take_expired_mark(r);
  if (mark != nullptr) *mark = sent;
}

// The "signed out for inactivity" mark is believed only by a request
// without a signed-in session: a forged one can at most tell someone who
// is signed out that they are. A signed-in session's mark is stale.
// A script request, or the request for the LogoutURL's path (typically a
// logout handler that redirects on), leaves the mark for the page it leads
// to.
void settle_expired_mark(request_rec *r, RequestState &state, bool keep_mark) {
  if (!state.mark_sent || state.expired) return;  // expiry set a new mark
  if (state.signed_in) {
    delete_expired_mark(r);
    return;
  }
  export_expired(r);
  state.mark_honoured = true;
  if (!keep_mark) delete_expired_mark(r);
}

// Whether `z` is the record the later requests of the chain load: the one
// of the request that owns this response. mod_session_dbd caches a
// subrequest's record on its parent only, so a nested subrequest (SSI
// including a page that includes) gets a record of its own, empty when
// SessionDBDCookieRemove took the cookie out of its parent's headers.
bool is_chain_record(request_rec *r, const session_rec *z) {
  request_rec *owner = r;
  while (owner->main != nullptr) owner = owner->main;
  return owner == r || load_session(owner) == z;
}

// A page revalidated with a 304 keeps the tag of its first answer, and so
// an idle time that is out of date: a page that refreshes itself, which
// does not stamp, would then count from its reload and warn too late. Such
// a request gets the whole page, with the tag of now. (A navigation that
// stamps may keep its 304: an out-of-date tag there only makes the client
// ping early, and the answer corrects it.)
void drop_validators(request_rec *r) {
  if (apr_table_get(r->headers_in, "If-None-Match") == nullptr &&
      apr_table_get(r->headers_in, "If-Modified-Since") == nullptr) {
    return;
  }
  apr_table_unset(r->headers_in, "If-None-Match");
  apr_table_unset(r->headers_in, "If-Modified-Since");
  ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                "SSEC130: not counted as activity: conditional request "
                "answered in full, so the page's tag carries the session's "
                "idle time");
}

// `may_stamp`: false for a request that is not this site's own (cross-site,
// or a same-site subresource), or, under SessionSecurityActivity human, one
// no person started (a poll, a self-refreshing page): judged, but never
// counted as activity.
int judge_request(request_rec *r, const Settings &s, bool script_request,
                  bool mark_sent, bool may_stamp) {
  bool sessions_off = false;
  session_rec *z = load_session(r, &sessions_off);
  if (z == nullptr) {
    // Not judged: a later request of the chain that has a session is.
    if (sessions_off) warn_sessions_off_once(r);
    return DECLINED;
  }
  // A record no later request sees is judged for this request alone: its
  // verdict ("not signed in", for an empty one) must not stand for the
  // chain, whose next protected request is judged on the chain's record.
  RequestState own_record_only;
  RequestState &state =
      is_chain_record(r, z) ? create_request_state(r) : own_record_only;
  state.judged = true;
  // Remembered only when it lives as long as the chain: mod_session_dbd
  // keeps a nested subrequest's record in that subrequest's pool.
  state.session = z->pool == initial_request(r)->pool ? z : nullptr;
  state.mark_sent = mark_sent;
  if (!is_signed_in(z)) {
    // Left over from a sign-out by the auth layer: a later sign-in must
    // start afresh, not inherit an old stamp.
    if (has_security_entries(z)) remove_security_entries(r, z);
    settle_expired_mark(r, state, script_request || is_logout_path(r, s));
    return DECLINED;
  }

  const bool passive = is_passive(s) || !may_stamp;
  const Verdict v = judge(s, stamps_of(z), now_ms(), passive);
  if (v.outcome == Outcome::expired) {
    sign_out(r, z, s, v);
    state.expired = true;
    if (r->main != nullptr) {
      // A subrequest's answer is part of another page: it goes on as
      // anonymous, so the auth layer refuses it or the app runs without
      // the old identity.
      return DECLINED;
    }
    if (script_request) {
      return send_json(r, z, HTTP_UNAUTHORIZED,
                       std::string("{\"error\":\"signed_out\",\"reason\":\"") +
                           signed_out_reason(v.reason) + "\"}");
    }
    const char *logout = logout_url(s);
    if (logout != nullptr && !is_logout_url_itself(r, logout)) {
      return redirect_to_logout(r, logout);
    }
    return DECLINED;  // on as anonymous: the auth layer asks to sign in
  }

  state.signed_in = true;
  state.idle = v.idle;
  state.stamped = v.write_last_activity;
  state.stamp = v.new_last_activity;
  state.counted = !passive;
  state.last_activity =
      v.write_last_activity ? v.new_last_activity : v.last_activity;
  state.wrote_since = v.write_since;
  state.since = v.new_since;
  state.signed_in_at = v.signed_in_at;
  settle_expired_mark(r, state, script_request || is_logout_path(r, s));
  export_idle(r, v.idle);
  apply_verdict_writes(r, z, v);
  record_activity(r, v.write_last_activity, passive);
  if (!may_stamp && !script_request && r->main == nullptr && is_inject(s) &&
      !is_passive(s)) {
    drop_validators(r);
  }
  ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                "SSEC030: %s idle %" APR_INT64_T_FMT " s of %" APR_INT64_T_FMT
                " s%s",
                v.outcome == Outcome::fresh ? "fresh sign-in," : "active,",
                static_cast<apr_int64_t>(v.idle),
                static_cast<apr_int64_t>(expire_after(s)),
                v.write_last_activity ? ", stamp rewritten"
                : is_passive(s)       ? ", passive"
                : !may_stamp ? ", not counted (another site's request, or "
                               "one no person started)"
                             : ", stamp kept (throttle)");
  return DECLINED;
}

// A later request of a judged chain. mod_session_cookie hands it the
// session record that was judged. mod_session_dbd gives an internal
// redirect a record of its own, and that record is the one saved with the
// response (mod_session's filter saves the requests from the last one on):
// loaded again from the database, or empty, because the judged request
// took the session cookie out of the request headers
// (SessionDBDCookieRemove). The verdict would be lost either way, the
// sign-out as much as the new stamp: this record takes over the judged
// one's identity (its session id) and entries, so the save that does
// happen writes what was decided.
void adopt_judged_session(session_rec *here, const session_rec *judged) {
  here->uuid = judged->uuid;
  here->entries = judged->entries;
  here->dirty = judged->dirty;
  here->expiry = judged->expiry;
  here->maxage = judged->maxage;
}

void carry_verdict(request_rec *r, const RequestState &state,
                   bool protected_here) {
  session_rec *z = load_session(r);
  const auto *judged = static_cast<const session_rec *>(state.session);
  if (z != nullptr && judged != nullptr && z != judged && !z->written &&
      !judged->written) {
    adopt_judged_session(z, judged);
  }
  if (!protected_here) return;
  // Subrequests start with a copy of their parent's headers, made before
  // or after it was stripped: strip again, then say again what we know.
  strip_client_signals_and_mark(r, nullptr);
  if (state.expired || state.mark_honoured) {
    export_expired(r);
  } else if (state.signed_in) {
    export_idle(r, state.idle);
  }
}

Hop hop_of(const request_rec *r) {
  if (r->main != nullptr) return Hop::subrequest;
  return r->prev != nullptr ? Hop::redirect : Hop::initial;
}

// Every request passes here, whatever path brought it: the initial
// request, internal redirects (ErrorDocument, mod_rewrite, Action) and
// subrequests (SSI). httpd runs post_perdir_config for all of them once
// their per-directory configuration is final, before authentication and
// the handler; an early error (a %2f in the path, /../ above the root, a
// bad Host) skips it on the request itself, and its ErrorDocument comes
// back here as an internal redirect.
int on_request(request_rec *r) {
  // The ping's own look-up of the page it names (ping_handler.cpp).
  if (is_ping_page_lookup(r)) return DECLINED;
  try {
    const Settings &s = dir_settings(r);
    RequestState *state = request_state(r);
    RequestPlace place;
    place.hop = hop_of(r);
    place.protected_here = is_enabled(s);
    place.chain_judged = state != nullptr && state->judged;
    const bool is_script = std::strcmp(r->uri, script_url(s)) == 0;
    const ClientFile *part =
        is_script ? nullptr
                  : requested_client_part(r->uri, script_url(s), kClientParts,
                                          kClientPartCount);
    place.is_script_url = is_script || part != nullptr;
    place.is_ping_url = std::strcmp(r->uri, ping_url(s)) == 0;
    const std::string_view language = requested_language(r->uri, script_url(s));
    place.is_language_url = !language.empty();
    place.is_draft_key_url =
        keeps_drafts(s) && draft_key_url(ping_url(s)) == r->uri;

    switch (decide(place)) {
      case Step::pass:
        return DECLINED;
      case Step::serve_script:
        return part != nullptr ? serve_client_file(r, *part, true)
                               : serve_client_file(r, kClientScript, false);
      case Step::serve_language:
        return serve_language_texts(r, language);
      case Step::carry:  // chain_judged: state is set
        if (state != nullptr) carry_verdict(r, *state, place.protected_here);
        return DECLINED;
      case Step::answer_ping:
        strip_client_signals_and_mark(r, nullptr);
        create_request_state(r).judged = true;
        return answer_ping_request(r, s);
      case Step::answer_draft_key:
        strip_client_signals_and_mark(r, nullptr);
        create_request_state(r).judged = true;
        return answer_draft_key_request(r, s);
      case Step::judge:
        break;
    }
    bool mark_sent = false;
    strip_client_signals_and_mark(r, &mark_sent);
    const RequestHeaders headers = request_headers(r);
    const bool script_request = is_script_request(headers);
    const bool may_stamp =
        counts_as_activity(headers) &&
        (!is_human_activity(s) || started_by_person(headers));
    return judge_request(r, s, script_request, mark_sent, may_stamp);
  } catch (...) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  "SSEC090: internal error while judging the session; "
                  "request refused");
    return HTTP_INTERNAL_SERVER_ERROR;
  }
}

// mod_session saves a request's session in that request's output filter.
// When the request that found the session expired is answered through an
// internal redirect (the ErrorDocument that shows the login form), only the
// redirect's filter runs. mod_session_cookie hands the redirect the session
// we cleared; mod_session_dbd hands it a record of its own, which
// carry_verdict cleared. Where the redirect has no session at all (Session
// Off there), nothing would save ours and the store would keep the row
// signed in: save it now.
void save_session_cleared_before_redirect(request_rec *r) {
  if (r->prev == nullptr) return;
  RequestState *state = request_state(r);
  if (state == nullptr || !state->expired || state->session == nullptr) return;
  auto *cleared = static_cast<session_rec *>(state->session);
  if (cleared->written || load_session(r) != nullptr) return;
  auto *initial = const_cast<request_rec *>(initial_request(r));
  if (!save_session(initial, cleared)) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  "SSEC011: could not save the signed-out session before "
                  "the internal redirect to %s",
                  r->uri);
  }
}

int on_fixups(request_rec *r) {
  if (ap_is_initial_req(r) || is_ping_page_lookup(r)) return DECLINED;
  inherit_signals(r);
  save_session_cleared_before_redirect(r);
  return DECLINED;
}

// Sets the stamp again when the response starts, so a long request cannot
// write back a stamp older than one a ping wrote while it ran (SPEC 7).
// It writes into the session record this response saves, which after an
// internal redirect with mod_session_dbd is not the one judged.
apr_status_t restamp_filter(ap_filter_t *f, apr_bucket_brigade *bb) {
  RequestState *state = request_state(f->r);
  if (state != nullptr && state->stamped && !state->expired) {
    session_rec *z = load_session(f->r);
    const std::int64_t now = now_ms();
    if (z != nullptr && !z->written && now > state->stamp && is_signed_in(z)) {
      set_stamp(f->r, z, kLastActivityKey, now);
      state->stamp = now;
      state->last_activity = now;
    }
  }
  ap_remove_output_filter(f);
  return ap_pass_brigade(f->next, bb);
}

// Runs for each request whose handler is invoked. An internal redirect
// starts with none of its predecessor's RESOURCE filters (mod_actions'
// php-cgi, a front controller), so each request adds its own.
void on_insert_filter(request_rec *r) {
  RequestState *state = request_state(r);
  if (state == nullptr || !state->stamped || state->expired) return;
  ap_add_output_filter(kRestampFilter, nullptr, r, r->connection);
}

}  // namespace

RequestState *request_state(const request_rec *r) {
  const request_rec *initial = initial_request(r);
  return static_cast<RequestState *>(
      ap_get_module_config(initial->request_config, &session_security_module));
}

RequestState &create_request_state(request_rec *r) {
  // Kept on the initial request, where request_state() looks, and in its
  // pool: a subrequest's pool is gone once the subrequest ends.
  auto *initial = const_cast<request_rec *>(initial_request(r));
  void *memory = apr_pcalloc(initial->pool, sizeof(RequestState));
  auto *state = new (memory) RequestState();
  ap_set_module_config(initial->request_config, &session_security_module,
                       state);
  return *state;
}

std::int64_t now_ms() { return apr_time_as_msec(apr_time_now()); }

Stamps stamps_of(const session_rec *z) {
  return Stamps{get_entry(z, kLastActivityKey), get_entry(z, kSinceKey)};
}

RequestHeaders request_headers(const request_rec *r) {
  auto header = [r](const char *name) -> std::string_view {
    const char *value = apr_table_get(r->headers_in, name);
    return value != nullptr ? std::string_view(value) : std::string_view();
  };
  RequestHeaders h;
  h.accept = header("Accept");
  h.x_requested_with = header("X-Requested-With");
  h.sec_fetch_dest = header("Sec-Fetch-Dest");
  h.sec_fetch_site = header("Sec-Fetch-Site");
  h.sec_fetch_mode = header("Sec-Fetch-Mode");
  h.sec_fetch_user = header("Sec-Fetch-User");
  h.origin = header("Origin");
  h.host = header("Host");
  h.scheme = ap_http_scheme(r);
  h.method = r->method != nullptr ? r->method : "";
  return h;
}

void apply_verdict_writes(request_rec *r, session_rec *z, const Verdict &v) {
  if (v.write_last_activity)
    set_stamp(r, z, kLastActivityKey, v.new_last_activity);
  if (v.write_since) set_stamp(r, z, kSinceKey, v.new_since);
}

void sign_out(request_rec *r, session_rec *z, const Settings &s,
              const Verdict &v) {
  ap_log_rerror(
      APLOG_MARK, APLOG_INFO, 0, r,
      "SSEC020: signed out user '%s' (%s): idle %" APR_INT64_T_FMT
      " s, ExpireAfter %" APR_INT64_T_FMT " s%s",
      signed_in_user(z), describe(v.reason), static_cast<apr_int64_t>(v.idle),
      static_cast<apr_int64_t>(expire_after(s)),
      v.reason == ExpiryReason::future_stamp
          ? apr_psprintf(r->pool,
                         ", stamp %" APR_INT64_T_FMT
                         " ms ahead of this server's clock "
                         "(SessionSecurityClockTolerance %" APR_INT64_T_FMT ")",
                         static_cast<apr_int64_t>(v.skew),
                         static_cast<apr_int64_t>(clock_tolerance(s)))
          : "");
  record_sign_out(r, v.reason);
  clear_session(r, z);
  mark_browser_expired(r);
  export_expired(r);
}

void register_activity_hooks(apr_pool_t *) {
  // For every request (subrequests too, which never run header_parser),
  // before mod_auth_form (check_authn) and every handler.
  ap_hook_post_perdir_config(on_request, nullptr, nullptr, APR_HOOK_FIRST);
  ap_hook_fixups(on_fixups, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_hook_insert_filter(on_insert_filter, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_register_output_filter(kRestampFilter, restamp_filter, nullptr,
                            AP_FTYPE_RESOURCE);
}

}  // namespace session_security
