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

struct Authority {
  std::string_view host;
  std::string_view port;  // "" when not given
  bool valid = false;
};

// "host", "host:port", "[v6]" or "[v6]:port"; the port all digits.
Authority split_authority(std::string_view text) {
  Authority a;
  std::size_t host_end = 0;
  if (!text.empty() && text.front() == '[') {
    host_end = text.find(']');
    if (host_end == std::string_view::npos) return a;
    ++host_end;
  } else {
    host_end = text.find(':');
    if (host_end == std::string_view::npos) host_end = text.size();
  }
  a.host = text.substr(0, host_end);
  std::string_view rest = text.substr(host_end);
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() == 1) return a;
    a.port = rest.substr(1);
    for (char c : a.port) {
      if (c < '0' || c > '9') return a;
    }
  }
  a.valid = !a.host.empty();
  return a;
}

std::string_view default_port(std::string_view scheme) {
  if (equals_ignoring_case(scheme, "http")) return "80";
  if (equals_ignoring_case(scheme, "https")) return "443";
  return "";
}

std::string_view effective_port(const Authority &a, std::string_view scheme) {
  std::string_view port = a.port.empty() ? default_port(scheme) : a.port;
  while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
  return port;
}

bool is_navigation(std::string_view dest) {
  for (std::string_view nav : {"document", "iframe", "frame", "fencedframe"}) {
    if (equals_ignoring_case(dest, nav)) return true;
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

bool origin_is_own(const RequestHeaders &headers) {
  if (headers.origin.empty()) return true;
  const std::string_view origin = headers.origin;
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;  // "null", junk
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (headers.scheme.empty() || !equals_ignoring_case(scheme, headers.scheme)) {
    return false;
  }
  const Authority theirs = split_authority(origin.substr(scheme_end + 3));
  const Authority ours = split_authority(headers.host);
  if (!theirs.valid || !ours.valid) return false;
  return equals_ignoring_case(theirs.host, ours.host) &&
         effective_port(theirs, scheme) == effective_port(ours, scheme);
}

bool ping_is_own(const RequestHeaders &headers) {
  const std::string_view site = headers.sec_fetch_site;
  const bool site_ok = site.empty() ||
                       equals_ignoring_case(site, "same-origin") ||
                       equals_ignoring_case(site, "none");
  return site_ok && origin_is_own(headers);
}

bool counts_as_activity(const RequestHeaders &headers) {
  const std::string_view site = headers.sec_fetch_site;
  // A browser without Sec-Fetch-* still sends Origin with a cross-origin
  // POST or CORS request: another site's form must not keep a session up.
  if (site.empty()) return origin_is_own(headers);
  if (equals_ignoring_case(site, "same-origin") ||
      equals_ignoring_case(site, "none")) {
    return true;
  }
  if (equals_ignoring_case(site, "same-site")) {
    return is_navigation(headers.sec_fetch_dest);
  }
  return false;  // cross-site, or a value this version does not know
}

bool started_by_person(const RequestHeaders &headers) {
  // jQuery and other libraries mark their requests in every browser.
  if (equals_ignoring_case(headers.x_requested_with, "XMLHttpRequest")) {
    return false;
  }
  if (headers.sec_fetch_site.empty() && headers.sec_fetch_dest.empty() &&
      headers.sec_fetch_mode.empty() && headers.sec_fetch_user.empty()) {
    return true;
  }
  if (headers.sec_fetch_user == "?1") return true;
  const bool navigation =
      equals_ignoring_case(headers.sec_fetch_mode, "navigate") ||
      is_navigation(headers.sec_fetch_dest);
  // A form a script submits is rare and sends the user's data: it counts.
  return navigation && !headers.method.empty() &&
         !equals_ignoring_case(headers.method, "GET") &&
         !equals_ignoring_case(headers.method, "HEAD");
}

}  // namespace session_security
