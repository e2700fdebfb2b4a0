#include "app_signals.h"

#include <initializer_list>

#include "apr_strings.h"
#include "http_protocol.h"
#include "util_cookies.h"

namespace session_security {
namespace {

bool is_https(const request_rec *r) {
  return strcasecmp(ap_http_scheme(const_cast<request_rec *>(r)), "https") == 0;
}

const char *mark_attributes(const request_rec *r) {
  return is_https(r) ? "path=/;HttpOnly;SameSite=Lax;Secure"
                     : "path=/;HttpOnly;SameSite=Lax";
}

}  // namespace

void strip_client_signals(request_rec *r) {
  apr_table_unset(r->headers_in, kIdleHeader);
  apr_table_unset(r->headers_in, kExpiredHeader);
}

void export_idle(request_rec *r, std::int64_t idle) {
  const char *value = apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                   static_cast<apr_int64_t>(idle));
  apr_table_setn(r->subprocess_env, kIdleEnv, value);
  apr_table_setn(r->headers_in, kIdleHeader, value);
}

void export_expired(request_rec *r) {
  apr_table_setn(r->subprocess_env, kExpiredEnv, "1");
  apr_table_setn(r->headers_in, kExpiredHeader, "1");
}

void mark_browser_expired(request_rec *r) {
  ap_cookie_write(r, kExpiredCookie, "1", mark_attributes(r), 0,
                  r->err_headers_out, nullptr);
}

void consume_expired_mark(request_rec *r, bool keep) {
  const char *value = nullptr;
  // remove = 1: the mark is ours, the backend never sees it.
  if (ap_cookie_read(r, kExpiredCookie, &value, 1) != APR_SUCCESS ||
      value == nullptr) {
    return;
  }
  export_expired(r);
  if (keep) return;
  ap_cookie_remove(r, kExpiredCookie, mark_attributes(r), r->err_headers_out,
                   nullptr);
}

void inherit_signals(request_rec *r) {
  const request_rec *origin = r->prev != nullptr ? r->prev : r->main;
  if (origin == nullptr) return;
  for (const char *name : {kIdleEnv, kExpiredEnv}) {
    if (const char *value = apr_table_get(origin->subprocess_env, name)) {
      apr_table_setn(r->subprocess_env, name, value);
    }
  }
}

}  // namespace session_security
