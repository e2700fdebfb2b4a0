#include "settings.h"

#include <gtest/gtest.h>

#include <cstring>

namespace session_security {
namespace {

TEST(Settings, DefaultsMatchDjangoSessionSecurity) {
  const Settings s;
  EXPECT_FALSE(is_enabled(s));
  EXPECT_FALSE(is_passive(s));
  EXPECT_TRUE(is_inject(s));
  EXPECT_EQ(warn_after(s), 540);
  EXPECT_EQ(expire_after(s), 600);
  EXPECT_EQ(max_lifetime(s), 0);
  EXPECT_EQ(clock_tolerance(s), 5);
  EXPECT_EQ(logout_url(s), nullptr);
  EXPECT_STREQ(ping_url(s), "/session_security/ping");
  EXPECT_STREQ(script_url(s), "/session_security/session-security.js");
  EXPECT_NE(confirm_form_discard(s), nullptr);
  EXPECT_STREQ(text(s, Text::stay), "Stay signed in");
}

TEST(Settings, InnerBlockOverridesOnlyWhatItSets) {
  Settings parent;
  parent.enabled = 1;
  parent.warn_after = 100;
  parent.expire_after = 200;
  parent.logout_url = "/bye";
  parent.texts[static_cast<int>(Text::title)] = "Parent title";
  Settings child;
  child.expire_after = 300;
  child.passive = 1;
  child.texts[static_cast<int>(Text::stay)] = "Keep me";
  const Settings merged = merge_settings(parent, child);
  EXPECT_TRUE(is_enabled(merged));
  EXPECT_TRUE(is_passive(merged));
  EXPECT_EQ(warn_after(merged), 100);
  EXPECT_EQ(expire_after(merged), 300);
  EXPECT_STREQ(logout_url(merged), "/bye");
  EXPECT_STREQ(text(merged, Text::title), "Parent title");
  EXPECT_STREQ(text(merged, Text::stay), "Keep me");
  EXPECT_STREQ(text(merged, Text::message), default_text(Text::message));
}

TEST(Settings, ExplicitOffAndNoneOverrideTheParent) {
  Settings parent;
  parent.enabled = 1;
  parent.logout_url = "/bye";
  parent.confirm_form_discard = "Sure?";
  Settings child;
  child.enabled = 0;
  child.logout_url = "";            // SessionSecurityLogoutURL None
  child.confirm_form_discard = "";  // SessionSecurityConfirmFormDiscard Off
  const Settings merged = merge_settings(parent, child);
  EXPECT_FALSE(is_enabled(merged));
  EXPECT_EQ(logout_url(merged), nullptr);
  EXPECT_EQ(confirm_form_discard(merged), nullptr);
}

TEST(Settings, StampResolutionIsAThrottleOfOneTwentiethClamped) {
  Settings s;
  const std::pair<std::int64_t, std::int64_t> cases[] = {
      {1, 1000},    {4, 1000},    {20, 1000},    {30, 1500},   {40, 2000},
      {601, 30050}, {600, 30000}, {1200, 60000}, {2000, 60000}};
  for (const auto &[expire, resolution_ms] : cases) {
    s.expire_after = expire;
    EXPECT_EQ(stamp_resolution_ms(s), resolution_ms) << expire;
  }
}

TEST(Settings, ValidateNamesBothDirectivesWhenWarnIsNotBelowExpire) {
  Settings s;
  s.warn_after = 600;
  s.expire_after = 600;
  s.warn_after_origin = "httpd.conf:12";
  const std::string problem = validate_settings(s);
  EXPECT_NE(problem.find("SessionSecurityWarnAfter"), std::string::npos);
  EXPECT_NE(problem.find("SessionSecurityExpireAfter"), std::string::npos);
  EXPECT_NE(problem.find("httpd.conf:12"), std::string::npos);
  s.warn_after = 599;
  EXPECT_EQ(validate_settings(s), "");
}

TEST(Settings, ValidateSeesTheMergedValues) {
  Settings parent;
  parent.warn_after = 100;
  Settings child;
  child.expire_after = 50;  // fine alone; below the inherited WarnAfter
  EXPECT_EQ(validate_settings(child),
            "SessionSecurityWarnAfter 540 must be "
            "lower than SessionSecurityExpireAfter 50");
  EXPECT_NE(validate_settings(merge_settings(parent, child)), "");
  Settings zero;
  zero.expire_after = 0;
  zero.warn_after = 0;
  EXPECT_NE(validate_settings(zero), "");
}

TEST(Settings, TextNamesRoundTrip) {
  for (int i = 0; i < kTextCount; ++i) {
    Text found;
    ASSERT_TRUE(text_from_name(text_name(static_cast<Text>(i)), &found));
    EXPECT_EQ(static_cast<int>(found), i);
  }
  Text found;
  EXPECT_FALSE(text_from_name("colour", &found));
  EXPECT_FALSE(text_from_name("", &found));
}

}  // namespace
}  // namespace session_security
