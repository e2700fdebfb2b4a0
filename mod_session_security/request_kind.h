// Classifying requests from their headers, without httpd types.
#ifndef SESSION_SECURITY_REQUEST_KIND_H
#define SESSION_SECURITY_REQUEST_KIND_H

#include <string_view>

namespace session_security {

// Headers of interest; empty when absent.
struct RequestHeaders {
  std::string_view accept;
  std::string_view x_requested_with;
  std::string_view sec_fetch_dest;
  std::string_view sec_fetch_site;
  std::string_view sec_fetch_mode;
  std::string_view sec_fetch_user;
  std::string_view origin;
  std::string_view host;
  // Not a header: the scheme httpd believes the request came in with
  // (ap_http_scheme: "https" under mod_ssl or a ServerName https://...).
  std::string_view scheme;
  // Not a header: the request method ("GET", "POST", ...).
  std::string_view method;
};

// A request made by a script (fetch/XHR) rather than a page navigation: it
// must get a machine-readable 401, never a redirect to an HTML page.
bool is_script_request(const RequestHeaders &headers);

// The Origin header names this very server: same scheme, host and port
// (a missing port is the scheme's default) as the request's own scheme and
// Host header. True when there is no Origin header; false for "null", junk,
// or when the request has no Host to compare with.
bool origin_is_own(const RequestHeaders &headers);

// The ping may count: Sec-Fetch-Site same-origin or none (or absent: old
// clients), and an Origin, if any, that is our own. Else 403 (SPEC 5).
bool ping_is_own(const RequestHeaders &headers);

// The request may stamp the session as activity: only this site's own
// requests (SPEC 2). Sec-Fetch-Site same-origin or none counts; same-site
// counts only for a navigation (Sec-Fetch-Dest document, iframe, frame,
// fencedframe), never for a subresource or a script request of a sibling
// site; cross-site and unknown values never count. Without Sec-Fetch-Site
// (a browser that predates it), it counts when origin_is_own(): no Origin,
// or ours. Such a request is judged all the same (expiry enforced).
bool counts_as_activity(const RequestHeaders &headers);

// SessionSecurityActivity human: the request was started by a person, so it
// may stamp (after counts_as_activity). True for a navigation with
// Sec-Fetch-User ?1 (a click, the address bar, a reload by hand), a form
// submission (a navigation other than GET/HEAD), and a request with no
// Sec-Fetch-* header at all (a browser that predates them: as before).
// False for a script request (X-Requested-With XMLHttpRequest, Sec-Fetch-Dest
// empty), a navigation without Sec-Fetch-User (<meta http-equiv=refresh>,
// location.reload() from a timer) and a subresource. The client's pings
// report keyboard and mouse activity themselves (idleFor).
bool started_by_person(const RequestHeaders &headers);

}  // namespace session_security

#endif
