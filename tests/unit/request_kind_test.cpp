#include "request_kind.h"

#include <gtest/gtest.h>

namespace session_security {
namespace {

TEST(RequestKind, PageNavigationsAreNotScriptRequests) {
  RequestHeaders h;
  h.accept = "text/html,application/xhtml+xml,*/*;q=0.8";
  h.sec_fetch_dest = "document";
  EXPECT_FALSE(is_script_request(h));
  EXPECT_FALSE(is_script_request(RequestHeaders{}));
  h.sec_fetch_dest = "script";  // <script src>: a subresource, not fetch()
  EXPECT_FALSE(is_script_request(h));
}

TEST(RequestKind, FetchXhrAndJsonAreScriptRequests) {
  RequestHeaders xhr;
  xhr.x_requested_with = "XMLHttpRequest";
  EXPECT_TRUE(is_script_request(xhr));
  RequestHeaders fetch;
  fetch.sec_fetch_dest = "empty";
  EXPECT_TRUE(is_script_request(fetch));
  RequestHeaders json;
  json.accept = "application/json";
  EXPECT_TRUE(is_script_request(json));
  json.accept = "application/json, text/html";
  EXPECT_FALSE(is_script_request(json));
}

RequestHeaders ping_from(std::string_view site, std::string_view origin = {}) {
  RequestHeaders h;
  h.scheme = "http";
  h.host = "app.example:8080";
  h.sec_fetch_site = site;
  h.origin = origin;
  return h;
}

TEST(RequestKind, PingAcceptsSameOriginNoneAndOldClients) {
  EXPECT_TRUE(ping_is_own(ping_from("")));
  EXPECT_TRUE(ping_is_own(ping_from("same-origin")));
  EXPECT_TRUE(ping_is_own(ping_from("Same-Origin")));
  EXPECT_TRUE(ping_is_own(ping_from("none")));
  EXPECT_TRUE(ping_is_own(ping_from("same-origin", "http://app.example:8080")));
}

TEST(RequestKind, PingRefusesSameSiteCrossSiteAndUnknown) {
  for (const char *site : {"same-site", "cross-site", "bogus"}) {
    EXPECT_FALSE(ping_is_own(ping_from(site))) << site;
  }
}

TEST(RequestKind, OriginComparesSchemeHostAndPort) {
  EXPECT_TRUE(origin_is_own(ping_from("", "http://app.example:8080")));
  EXPECT_TRUE(origin_is_own(ping_from("", "HTTP://APP.example:8080")));
  for (const char *other :
       {"https://app.example:8080",  // the scheme httpd believes is http
        "http://evil.example:8080", "http://app.example",  // port 80
        "http://app.example:8081", "http://app.example:8080/", "null",
        "app.example:8080", "http://", "http://app.example:80x80",
        "http://app.example:"}) {
    EXPECT_FALSE(origin_is_own(ping_from("", other))) << other;
  }
}

TEST(RequestKind, OriginDefaultPortsAndIpv6) {
  RequestHeaders h = ping_from("", "https://app.example");
  h.scheme = "https";
  h.host = "app.example:443";
  EXPECT_TRUE(origin_is_own(h));
  h.host = "app.example";
  h.origin = "https://app.example:443";
  EXPECT_TRUE(origin_is_own(h));
  h.scheme = "http";  // TLS ended at a proxy, httpd not told (ServerName)
  EXPECT_FALSE(origin_is_own(h));
  h.scheme = "http";
  h.host = "[::1]:8080";
  h.origin = "http://[::1]:8080";
  EXPECT_TRUE(origin_is_own(h));
  h.origin = "http://[::2]:8080";
  EXPECT_FALSE(origin_is_own(h));
  h.host = "";  // nothing to compare with: refused
  h.origin = "http://[::1]:8080";
  EXPECT_FALSE(origin_is_own(h));
}

RequestHeaders fetched(std::string_view site, std::string_view dest) {
  RequestHeaders h;
  h.sec_fetch_site = site;
  h.sec_fetch_dest = dest;
  return h;
}

TEST(RequestKind, OnlyThisSitesOwnRequestsCountAsActivity) {
  EXPECT_TRUE(counts_as_activity(RequestHeaders{}));  // old clients
  for (const char *dest : {"document", "image", "script", "empty"}) {
    EXPECT_TRUE(counts_as_activity(fetched("same-origin", dest))) << dest;
    EXPECT_TRUE(counts_as_activity(fetched("none", dest))) << dest;
    EXPECT_FALSE(counts_as_activity(fetched("cross-site", dest))) << dest;
  }
  // A sibling subdomain: its links count, its subresources never.
  for (const char *dest : {"document", "iframe", "frame", "fencedframe"}) {
    EXPECT_TRUE(counts_as_activity(fetched("same-site", dest))) << dest;
  }
  for (const char *dest :
       {"image", "script", "style", "font", "audio", "video", "track", "object",
        "embed", "worker", "sharedworker", "serviceworker", "manifest",
        "report", "xslt", "empty", ""}) {
    EXPECT_FALSE(counts_as_activity(fetched("same-site", dest))) << dest;
  }
  EXPECT_FALSE(counts_as_activity(fetched("some-future-value", "document")));
}

TEST(RequestKind, WithoutSecFetchTheOriginDecides) {
  RequestHeaders h;
  h.host = "app.example:8080";
  h.scheme = "http";
  EXPECT_TRUE(counts_as_activity(h));  // no Origin: a GET, or an old client
  h.origin = "http://app.example:8080";
  EXPECT_TRUE(counts_as_activity(h));  // our own form
  for (const char *origin :
       {"http://evil.example", "https://app.example:8080",
        "http://app.example:8081", "http://app.example", "null", "junk"}) {
    h.origin = origin;
    EXPECT_FALSE(counts_as_activity(h)) << origin;
  }
  // With Sec-Fetch-Site, it decides (and the ping's Origin check is apart).
  h.origin = "http://evil.example";
  h.sec_fetch_site = "same-origin";
  EXPECT_TRUE(counts_as_activity(h));
}

RequestHeaders navigation(std::string_view method, std::string_view user) {
  RequestHeaders h = fetched("same-origin", "document");
  h.sec_fetch_mode = "navigate";
  h.sec_fetch_user = user;
  h.method = method;
  return h;
}

TEST(RequestKind, OnlyWhatAPersonStartedIsHumanActivity) {
  // a click, the address bar, a reload by hand
  EXPECT_TRUE(started_by_person(navigation("GET", "?1")));
  // a form submission, even one a script sends
  EXPECT_TRUE(started_by_person(navigation("POST", "?1")));
  EXPECT_TRUE(started_by_person(navigation("POST", "")));
  EXPECT_TRUE(started_by_person(navigation("put", "")));
  // <meta http-equiv=refresh>, location.reload() from a timer
  EXPECT_FALSE(started_by_person(navigation("GET", "")));
  EXPECT_FALSE(started_by_person(navigation("HEAD", "")));
  EXPECT_FALSE(started_by_person(navigation("GET", "?0")));
  // a page's own iframe, loaded with it
  RequestHeaders frame = navigation("GET", "");
  frame.sec_fetch_dest = "iframe";
  EXPECT_FALSE(started_by_person(frame));
  // fetch() and XMLHttpRequest, whatever the method
  for (const char *method : {"GET", "POST"}) {
    RequestHeaders poll = fetched("same-origin", "empty");
    poll.sec_fetch_mode = "cors";
    poll.method = method;
    EXPECT_FALSE(started_by_person(poll)) << method;
  }
  // subresources
  for (const char *dest : {"image", "script", "style", "font"}) {
    RequestHeaders sub = fetched("same-origin", dest);
    sub.method = "GET";
    EXPECT_FALSE(started_by_person(sub)) << dest;
  }
  // a browser without Sec-Fetch-* headers: as before...
  RequestHeaders old;
  old.method = "GET";
  EXPECT_TRUE(started_by_person(old));
  // ...but a request a library marks as a script's never counts
  old.x_requested_with = "XMLHttpRequest";
  EXPECT_FALSE(started_by_person(old));
  RequestHeaders marked = navigation("GET", "?1");
  marked.x_requested_with = "xmlhttprequest";
  EXPECT_FALSE(started_by_person(marked));
  // any one Sec-Fetch-* header means a browser that sends them
  RequestHeaders user_only;
  user_only.sec_fetch_user = "?1";
  EXPECT_TRUE(started_by_person(user_only));
  RequestHeaders mode_only;
  mode_only.sec_fetch_mode = "no-cors";
  EXPECT_FALSE(started_by_person(mode_only));
}

}  // namespace
}  // namespace session_security
