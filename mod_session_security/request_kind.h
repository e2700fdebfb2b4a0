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
  std::string_view origin;
  std::string_view host;
  // Not a header: the scheme httpd believes the request came in with
  // (ap_http_scheme: "https" under mod_ssl or a ServerName https://...).
  std::string_view scheme;
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
// requests (SPEC 2). Sec-Fetch-Site absent, same-origin or none counts;
// same-site counts only for a navigation (Sec-Fetch-Dest document, iframe,
// frame, fencedframe), never for a subresource or a script request of a
// sibling site; cross-site and unknown values never count. Such a request
// is judged all the same (expiry enforced).
bool counts_as_activity(const RequestHeaders &headers);

}  // namespace session_security

#endif
