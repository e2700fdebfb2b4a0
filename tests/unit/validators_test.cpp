#include "validators.h"

#include <gtest/gtest.h>

namespace session_security {
namespace {

TEST(Validators, ATaggedPageHasAWeakMarkedEtag) {
  EXPECT_EQ(tagged_etag("\"53-6619c2\""), "W/\"53-6619c2+ssec\"");
  EXPECT_EQ(tagged_etag("W/\"v1\""), "W/\"v1+ssec\"");
  EXPECT_EQ(tagged_etag("\"\""), "W/\"+ssec\"");
  for (const char *bad : {"", "\"", "v1", "W/v1", "\"a\"b\"", "W/\"open"}) {
    EXPECT_EQ(tagged_etag(bad), "") << bad;
  }
}

TEST(Validators, APageRevalidatesOnlyATaggedCopy) {
  // The untagged copy's own tag (a script request's answer, or one from
  // before sign-in): a 304 would show the page without the client.
  EXPECT_EQ(tagged_copies_only("\"53-6619c2\""), "");
  EXPECT_EQ(tagged_copies_only("W/\"53-6619c2\""), "");
  EXPECT_EQ(tagged_copies_only("W/\"53-6619c2+ssec\""), "W/\"53-6619c2\"");
  EXPECT_EQ(tagged_copies_only("\"a\", W/\"b+ssec\" ,W/\"c+ssec-gzip\""),
            "W/\"b\", W/\"c-gzip\"");
  EXPECT_EQ(tagged_copies_only("\"a,b+ssec\""), "W/\"a,b\"");
  EXPECT_EQ(tagged_copies_only("*"), "*");
  EXPECT_EQ(tagged_copies_only("junk, W/\"x+ssec\", \"open"), "W/\"x\"");
  EXPECT_EQ(tagged_copies_only(""), "");
}

TEST(Validators, OtherRequestsKeepTheirTagsAndGetTaggedOnesUnmarked) {
  EXPECT_EQ(tagged_copies_only("\"a\"", true), "\"a\"");
  EXPECT_EQ(tagged_copies_only("\"a\", W/\"b+ssec\"", true), "\"a\", W/\"b\"");
  EXPECT_EQ(tagged_copies_only("W/\"a\"", true), "W/\"a\"");
}

}  // namespace
}  // namespace session_security
