// The ping endpoint (SPEC 5), answered from the header_parser hook: before
// authentication, so that whatever the location requires, a browser whose
// session is gone gets "logout" as JSON rather than a login page.
#include <cstring>

#include "activity.h"
#include "apr_strings.h"
#include "directives.h"
#include "http_request.h"
#include "json_answer.h"
#include "log.h"
#include "ping.h"

namespace session_security {
namespace {

constexpr const char *kPageLookupNote = "session-security-page-lookup";

int reject(request_rec *r, int status, const char *reason) {
  ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                "SSEC040: ping rejected with %d: %s", status, reason);
  return send_json(r, nullptr, status, json_error(reason));
}

bool is_get_or_head(const request_rec *r) {
  return r->method_number == M_GET;  // HEAD is M_GET with header_only
}

// The settings of the page the tab shows (?page=, docs/CLIENT.md), looked
// up as httpd would for a request to that page, access checks included.
// Used only when that page has SessionSecurity On and the lookup passes;
// otherwise the ping location's own. A client can thus only claim the
// limits of a page of this server it could open anyway, and opening that
// page would be judged (and stamp the session) by those same limits.
Settings settings_for_ping(request_rec *r, const Settings &own,
                           const PingQuery &query) {
  if (!query.has_page) return own;
  apr_table_setn(r->notes, kPageLookupNote, "1");
  request_rec *page = ap_sub_req_lookup_uri(
      ap_escape_uri(r->pool, query.page.c_str()), r, nullptr);
  apr_table_unset(r->notes, kPageLookupNote);
  Settings chosen = own;
  const char *why = "SessionSecurity is not On there";
  if (page->status != HTTP_OK) {
    why = apr_psprintf(r->pool, "its lookup gave status %d", page->status);
  } else if (is_enabled(dir_settings(page))) {
    chosen = dir_settings(page);  // a copy: the subrequest's pool goes
    why = nullptr;
  }
  if (why != nullptr) {
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "SSEC032: ping for page %s judged with the ping "
                  "location's settings: %s",
                  query.page.c_str(), why);
  }
  ap_destroy_sub_req(page);
  return chosen;
}

}  // namespace

bool is_ping_page_lookup(const request_rec *r) {
  return r->main != nullptr &&
         apr_table_get(r->main->notes, kPageLookupNote) != nullptr;
}

int answer_ping_request(request_rec *r, const Settings &own) {
  if (!is_get_or_head(r)) {
    apr_table_setn(r->headers_out, "Allow", "GET, HEAD");
    return reject(r, HTTP_METHOD_NOT_ALLOWED, "the ping takes GET or HEAD");
  }
  if (!ping_is_own(request_headers(r))) {
    return reject(r, HTTP_FORBIDDEN,
                  "not this site's own ping (Sec-Fetch-Site or Origin)");
  }
  const PingQuery query =
      parse_ping_query(r->args != nullptr ? r->args : std::string_view());
  if (!query.valid) return reject(r, HTTP_BAD_REQUEST, query.error);

  session_rec *z = load_session(r);
  if (z == nullptr || !is_signed_in(z)) {
    return send_json(r, z, HTTP_OK, ping_body(PingAnswer{true, 0, false, 0}));
  }
  const Settings s = settings_for_ping(r, own, query);
  const std::int64_t now = now_ms();
  const Verdict v = judge(s, stamps_of(z), now, /*passive=*/true);
  if (v.outcome == Outcome::expired) sign_out(r, z, s, v);

  const PingAnswer answer = answer_ping(v, query, now);
  if (answer.write_last_activity) {
    set_stamp(r, z, kLastActivityKey, answer.new_last_activity);
  }
  if (v.write_since) set_stamp(r, z, kSinceKey, v.new_since);
  ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                "SSEC041: ping idleFor=%s: server idle %" APR_INT64_T_FMT
                " ms of %" APR_INT64_T_FMT " s, answer %s",
                query.has_idle_for
                    ? apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                   static_cast<apr_int64_t>(query.idle_for))
                    : "(none, passive)",
                static_cast<apr_int64_t>(v.idle_ms),
                static_cast<apr_int64_t>(expire_after(s)),
                ping_body(answer).c_str());
  return send_json(r, z, HTTP_OK, ping_body(answer));
}

}  // namespace session_security
