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
};

// A request made by a script (fetch/XHR) rather than a page navigation: it
// must get a machine-readable 401, never a redirect to an HTML page.
bool is_script_request(const RequestHeaders &headers);

// A request sent by a page of another site: Sec-Fetch-Site: cross-site, or an
// Origin whose host[:port] is not this request's Host (or "null").
bool is_cross_site(const RequestHeaders &headers);

}  // namespace session_security

#endif
