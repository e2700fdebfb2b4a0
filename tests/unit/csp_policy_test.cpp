#include "csp_policy.h"

#include <gtest/gtest.h>

namespace session_security {
namespace {

TEST(CspPolicy, AddsTheNonceToANoncePolicy) {
  EXPECT_EQ(admit_script_nonce("script-src 'nonce-app1' 'strict-dynamic'", "N"),
            "script-src 'nonce-app1' 'strict-dynamic' 'nonce-N'");
  EXPECT_EQ(admit_script_nonce(
                "default-src 'self'; script-src 'nonce-a'  ; img-src *", "N"),
            "default-src 'self'; script-src 'nonce-a' 'nonce-N'  ; img-src *");
}

TEST(CspPolicy, LeavesPoliciesThatDoNotUseNonces) {
  for (const char *policy :
       {"", "img-src *", "script-src 'self'",
        "default-src 'self' https:", "script-src 'none'", "script-src 'nonce-'",
        "frame-ancestors 'none'; report-uri /r",
        // a nonce would turn 'unsafe-inline' off
        "script-src 'unsafe-inline' https://cdn.example",
        // 'self' admits the tag already
        "script-src 'self' 'sha256-abc='"}) {
    EXPECT_EQ(admit_script_nonce(policy, "N"), policy) << policy;
  }
}

// A hash-based policy ("strict CSP" with hashes) blocks the tag, an
// external script, unless 'self' admits it; a nonce there admits the tag
// and nothing else ('unsafe-inline' is off already, 'strict-dynamic'
// ignores 'self' and hosts).
TEST(CspPolicy, AddsTheNonceWhereHashesOrStrictDynamicWouldBlockTheTag) {
  EXPECT_EQ(
      admit_script_nonce("script-src 'sha256-abc=' 'strict-dynamic'", "N"),
      "script-src 'sha256-abc=' 'strict-dynamic' 'nonce-N'");
  EXPECT_EQ(admit_script_nonce("script-src 'SHA384-abc='", "N"),
            "script-src 'SHA384-abc=' 'nonce-N'");
  EXPECT_EQ(admit_script_nonce("script-src 'self' 'strict-dynamic'", "N"),
            "script-src 'self' 'strict-dynamic' 'nonce-N'");
  EXPECT_EQ(admit_script_nonce("default-src 'sha512-x=' https:", "N"),
            "default-src 'sha512-x=' https: 'nonce-N'");
}

TEST(CspPolicy, LeavesAPolicyThatListsTheNonceAlready) {
  const char *policy = "script-src 'self' 'NONCE-N' 'nonce-x'";
  EXPECT_EQ(admit_script_nonce(policy, "N"), policy);
  // Nonces are compared exactly: 'nonce-n' is another nonce.
  EXPECT_EQ(admit_script_nonce("script-src 'nonce-n'", "N"),
            "script-src 'nonce-n' 'nonce-N'");
}

TEST(CspPolicy, FollowsTheFallbackOrderForScriptElements) {
  EXPECT_EQ(admit_script_nonce("default-src 'nonce-d'", "N"),
            "default-src 'nonce-d' 'nonce-N'");
  // script-src governs when present, even without a nonce.
  EXPECT_EQ(admit_script_nonce("script-src 'self'; default-src 'nonce-d'", "N"),
            "script-src 'self'; default-src 'nonce-d'");
  EXPECT_EQ(
      admit_script_nonce("default-src 'nonce-d'; script-src 'nonce-s'", "N"),
      "default-src 'nonce-d'; script-src 'nonce-s' 'nonce-N'");
  EXPECT_EQ(admit_script_nonce(
                "script-src 'nonce-s'; script-src-elem 'nonce-e' 'self'", "N"),
            "script-src 'nonce-s'; script-src-elem 'nonce-e' 'self' 'nonce-N'");
  // Only the first directive of a name counts.
  EXPECT_EQ(admit_script_nonce("script-src 'self'; script-src 'nonce-s'", "N"),
            "script-src 'self'; script-src 'nonce-s'");
  EXPECT_EQ(admit_script_nonce("SCRIPT-SRC 'Nonce-s'", "N"),
            "SCRIPT-SRC 'Nonce-s' 'nonce-N'");
}

TEST(CspPolicy, HandlesEveryPolicyOfAList) {
  EXPECT_EQ(admit_script_nonce(
                "script-src 'nonce-a', img-src *, default-src 'nonce-b';", "N"),
            "script-src 'nonce-a' 'nonce-N', img-src *, "
            "default-src 'nonce-b' 'nonce-N';");
  EXPECT_EQ(admit_script_nonce(",script-src 'nonce-a',", "N"),
            ",script-src 'nonce-a' 'nonce-N',");
}

TEST(CspPolicy, KeepsBlanksAroundDirectives) {
  EXPECT_EQ(admit_script_nonce("\tscript-src\t'nonce-a'\t;", "N"),
            "\tscript-src\t'nonce-a' 'nonce-N'\t;");
}

}  // namespace
}  // namespace session_security
