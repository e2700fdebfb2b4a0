#include "request_kind.h"

#include <cctype>

namespace session_security {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool contains_ignoring_case(std::string_view haystack,
                            std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (equals_ignoring_case(haystack.substr(i, needle.size()), needle)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool is_script_request(const RequestHeaders &headers) {
  if (equals_ignoring_case(headers.x_requested_with, "XMLHttpRequest")) {
    return true;
  }
  // Browsers send "empty" for fetch() and XMLHttpRequest, never for pages.
  if (equals_ignoring_case(headers.sec_fetch_dest, "empty")) return true;
  return contains_ignoring_case(headers.accept, "application/json") &&
         !contains_ignoring_case(headers.accept, "text/html");
}

bool is_cross_site(const RequestHeaders &headers) {
  if (equals_ignoring_case(headers.sec_fetch_site, "cross-site")) return true;
  if (headers.origin.empty()) return false;
  std::string_view origin = headers.origin;
  std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return true;  // "null" and junk
  std::string_view authority = origin.substr(scheme_end + 3);
  if (authority.empty() || authority.find('/') != std::string_view::npos) {
    return true;
  }
  return !equals_ignoring_case(authority, headers.host);
}

}  // namespace session_security
