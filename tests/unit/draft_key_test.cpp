#include "draft_key.h"

#include <gtest/gtest.h>

#include <string>

#include "script_tag.h"
#include "settings.h"

namespace session_security {
namespace {

std::string hex(const Sha256 &digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t byte : digest) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

std::string b64(std::string_view text) {
  return base64url(reinterpret_cast<const std::uint8_t *>(text.data()),
                   text.size());
}

// RFC 4231, test cases 1 and 2.
TEST(DraftKey, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// Expected values from Python's hmac module:
// hmac.new(secret, b"mod_session_security drafts v1\0alice", sha256).
TEST(DraftKey, DerivationIsHmacOfLabelNulAndUser) {
  const std::string secret = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(hex(derive_draft_key(secret, "alice")),
            "89eeafff9be9065952966abc135dcdb9475347113f412b7aa368c8f4bd519777");
  EXPECT_EQ(hex(derive_draft_key(secret, "bob")),
            "0f1f70969ecdf058f107512bfb24561cd8119e5636d133428e07336abab16df2");
  EXPECT_EQ(draft_key_body(derive_draft_key(secret, "alice")),
            "{\"key\":\"ie6v_5vpBllSlmq8E13NuUdTRxE_QSt6o2jI9L1Rl3c\"}");
}

TEST(DraftKey, KeysDifferByUserAndBySecret) {
  const std::string a = "a-secret-of-thirty-two-bytes-abc";
  const std::string b = "b-secret-of-thirty-two-bytes-abc";
  EXPECT_NE(derive_draft_key(a, "alice"), derive_draft_key(a, "alicf"));
  EXPECT_NE(derive_draft_key(a, "alice"), derive_draft_key(b, "alice"));
  EXPECT_EQ(derive_draft_key(a, "alice"), derive_draft_key(a, "alice"));
  // The label's NUL keeps "v1" + "x" apart from "v1x" + "".
  EXPECT_NE(hmac_sha256(a, std::string(kDraftKeyLabel) + "x"),
            derive_draft_key(a, "x"));
}

// RFC 4648 section 10, in the URL alphabet without padding.
TEST(DraftKey, Base64UrlMatchesRfc4648) {
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg");
  EXPECT_EQ(b64("fo"), "Zm8");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg");
  EXPECT_EQ(b64("fooba"), "Zm9vYmE");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(b64("\xfb\xff"), "-_8");
}

TEST(DraftKey, UrlIsThePingsSibling) {
  EXPECT_EQ(draft_key_url("/session_security/ping"),
            "/session_security/draft-key");
  EXPECT_EQ(draft_key_url("/a/b/keepalive"), "/a/b/draft-key");
  EXPECT_EQ(draft_key_url("/ping"), "/draft-key");
}

TEST(DraftKey, SettingsMergeAndValidate) {
  Settings parent;
  parent.keep_drafts = 1;
  EXPECT_NE(validate_settings(parent).find("SessionSecurityDraftSecret"),
            std::string::npos);
  Settings child;
  child.draft_secret = "0123456789abcdef0123456789abcdef";
  Settings merged = merge_settings(parent, child);
  EXPECT_TRUE(keeps_drafts(merged));
  EXPECT_EQ(validate_settings(merged), "");
  EXPECT_EQ(draft_lifetime(merged), 86400);
  Settings off;
  off.keep_drafts = 0;
  off.draft_lifetime = 60;
  merged = merge_settings(merged, off);
  EXPECT_FALSE(keeps_drafts(merged));
  EXPECT_EQ(draft_lifetime(merged), 60);
  EXPECT_EQ(validate_settings(Settings()), "");
}

TEST(DraftKey, TagTellsTheClientOnlyWhenDraftsAreKept) {
  Settings s;
  EXPECT_EQ(build_script_tag(s, "1", "", "").find("data-drafts"),
            std::string::npos);
  s.keep_drafts = 1;
  s.draft_secret = "0123456789abcdef0123456789abcdef";
  s.draft_lifetime = 3600;
  const std::string tag = build_script_tag(s, "1", "", "");
  EXPECT_NE(tag.find(" data-drafts=\"3600\""), std::string::npos);
  EXPECT_NE(tag.find(" data-draft-key-url=\"/session_security/draft-key\""),
            std::string::npos);
  EXPECT_EQ(tag.find("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace session_security
