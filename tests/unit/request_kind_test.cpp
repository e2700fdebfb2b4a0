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

TEST(RequestKind, CrossSite) {
  RequestHeaders h;
  h.host = "app.example:8080";
  EXPECT_FALSE(is_cross_site(h));
  h.sec_fetch_site = "same-origin";
  EXPECT_FALSE(is_cross_site(h));
  h.sec_fetch_site = "cross-site";
  EXPECT_TRUE(is_cross_site(h));
  h.sec_fetch_site = "";
  h.origin = "http://app.example:8080";
  EXPECT_FALSE(is_cross_site(h));
  h.origin = "https://app.example:8080";
  EXPECT_FALSE(is_cross_site(h));  // same authority, scheme behind a proxy
  h.origin = "http://evil.example";
  EXPECT_TRUE(is_cross_site(h));
  h.origin = "http://app.example";  // another port
  EXPECT_TRUE(is_cross_site(h));
  h.origin = "null";
  EXPECT_TRUE(is_cross_site(h));
}

}  // namespace
}  // namespace session_security
