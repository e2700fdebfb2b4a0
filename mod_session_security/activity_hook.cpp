// The header_parser hook: runs on every initial request before
// authentication and before the handler, so an expired session is cleared
// before mod_auth_form or the application sees its identity.
#include <atomic>
#include <cstring>

#include "activity.h"
#include "app_signals.h"
#include "apr_strings.h"
#include "directives.h"
#include "hooks.h"
#include "http_protocol.h"
#include "http_request.h"
#include "http_core.h"
#include <new>
#include "json_answer.h"
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

int judge_request(request_rec *r, const Settings &s, bool script_request) {
  bool sessions_off = false;
  session_rec *z = load_session(r, &sessions_off);
  if (z == nullptr) {
    if (sessions_off) warn_sessions_off_once(r);
    return DECLINED;
  }
  if (!is_signed_in(z)) {
    // Left over from a sign-out by the auth layer: a later sign-in must
    // start afresh, not inherit an old stamp.
    if (has_security_entries(z)) remove_security_entries(r, z);
    return DECLINED;
  }

  const Verdict v = judge(s, stamps_of(z), now_seconds(), is_passive(s));
  RequestState &state = create_request_state(r);
  state.session = z;
  if (v.outcome == Outcome::expired) {
    sign_out(r, z, s, v);
    state.expired = true;
    if (script_request) {
      return send_json(
          r, z, HTTP_UNAUTHORIZED,
          std::string("{\"error\":\"signed_out\",\"reason\":\"") +
              (v.reason == ExpiryReason::idle ? "inactivity" : "invalid") +
              "\"}");
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
  export_idle(r, v.idle);
  apply_verdict_writes(r, z, v);
  record_activity(r, v.write_last_activity, is_passive(s));
  ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                "SSEC030: %s idle %" APR_INT64_T_FMT " s of %" APR_INT64_T_FMT
                " s%s",
                v.outcome == Outcome::fresh ? "fresh sign-in," : "active,",
                static_cast<apr_int64_t>(v.idle),
                static_cast<apr_int64_t>(expire_after(s)),
                v.write_last_activity ? ", stamp rewritten"
                : is_passive(s)       ? ", passive"
                                      : ", stamp kept (throttle)");
  return DECLINED;
}

int on_header_parser(request_rec *r) {
  if (!ap_is_initial_req(r)) return DECLINED;
  try {
    const Settings &s = dir_settings(r);
    if (std::strcmp(r->uri, script_url(s)) == 0) {
      return serve_client_script(r);
    }
    if (!is_enabled(s)) return DECLINED;
    strip_client_signals(r);
    const RequestHeaders headers = request_headers(r);
    const bool script_request = is_script_request(headers);
    if (!script_request) consume_expired_mark(r);

    if (std::strcmp(r->uri, ping_url(s)) == 0) {
      return answer_ping_request(r, s);
    }
    return judge_request(r, s, script_request);
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
// we cleared, so it is saved there; mod_session_dbd looks its session up
// per request and hands it a different one, so ours would never be saved
// and the store would keep the row signed in. Save ours now in that case.
void save_session_cleared_before_redirect(request_rec *r) {
  if (r->prev == nullptr) return;
  RequestState *state = request_state(r);
  if (state == nullptr || !state->expired || state->session == nullptr) return;
  auto *cleared = static_cast<session_rec *>(state->session);
  if (cleared->written || load_session(r) == cleared) return;
  auto *initial = const_cast<request_rec *>(initial_request(r));
  if (!save_session(initial, cleared)) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  "SSEC011: could not save the signed-out session before "
                  "the internal redirect to %s",
                  r->uri);
  }
}

int on_fixups(request_rec *r) {
  if (ap_is_initial_req(r)) return DECLINED;
  inherit_signals(r);
  save_session_cleared_before_redirect(r);
  return DECLINED;
}

// Sets the stamp again when the response starts, so a long request cannot
// write back a stamp older than one a ping wrote while it ran (SPEC 7).
apr_status_t restamp_filter(ap_filter_t *f, apr_bucket_brigade *bb) {
  RequestState *state = request_state(f->r);
  if (state != nullptr && state->session != nullptr) {
    auto *z = static_cast<session_rec *>(state->session);
    const std::int64_t now = now_seconds();
    if (!z->written && now > state->stamp && is_signed_in(z)) {
      set_stamp(f->r, z, kLastActivityKey, now);
      state->stamp = now;
    }
  }
  ap_remove_output_filter(f);
  return ap_pass_brigade(f->next, bb);
}

void on_insert_filter(request_rec *r) {
  RequestState *state = request_state(r);
  if (state == nullptr || !state->stamped || state->restamp_queued) return;
  state->restamp_queued = true;
  ap_add_output_filter(kRestampFilter, nullptr, r, r->connection);
}

}  // namespace

RequestState *request_state(const request_rec *r) {
  const request_rec *initial = initial_request(r);
  return static_cast<RequestState *>(
      ap_get_module_config(initial->request_config, &session_security_module));
}

RequestState &create_request_state(request_rec *r) {
  void *memory = apr_pcalloc(r->pool, sizeof(RequestState));
  auto *state = new (memory) RequestState();
  // Kept on the initial request, where request_state() looks.
  auto *initial = const_cast<request_rec *>(initial_request(r));
  ap_set_module_config(initial->request_config, &session_security_module,
                       state);
  return *state;
}

std::int64_t now_seconds() { return apr_time_sec(apr_time_now()); }

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
  h.origin = header("Origin");
  h.host = header("Host");
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
                         " s ahead of this server's clock "
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
  // Before mod_auth_form (check_authn) and every handler.
  ap_hook_header_parser(on_header_parser, nullptr, nullptr, APR_HOOK_FIRST);
  ap_hook_fixups(on_fixups, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_hook_insert_filter(on_insert_filter, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_register_output_filter(kRestampFilter, restamp_filter, nullptr,
                            AP_FTYPE_RESOURCE);
}

}  // namespace session_security
