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

TEST(Settings, ActivityIsHumanWhereTheClientIsInserted) {
  Settings s;
  EXPECT_TRUE(is_human_activity(s));  // Inject's default is On
  s.inject = 0;
  EXPECT_FALSE(is_human_activity(s));  // nothing reports keyboard and mouse
  s.activity = 1;
  EXPECT_TRUE(is_human_activity(s));
  Settings parent;
  parent.activity = 0;
  Settings child;
  EXPECT_FALSE(is_human_activity(merge_settings(parent, child)));
  child.activity = 1;
  EXPECT_TRUE(is_human_activity(merge_settings(parent, child)));
  parent.activity = kUnsetFlag;
  parent.inject = 0;
  child.activity = kUnsetFlag;
  EXPECT_FALSE(is_human_activity(merge_settings(parent, child)));
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

namespace session_security {
namespace {

TEST(LanguageTag, AcceptsBcp47ShapesOnly) {
  for (const char *tag : {"de", "pt-BR", "zh-Hans", "zh-Hans-CN",
                          "ca-ES-valencia", "es-419", "gsw", "EN"}) {
    EXPECT_TRUE(is_language_tag(tag)) << tag;
  }
  for (const char *tag : {"", "d", "deut", "title", "de-", "de--at", "-de",
                          "de_AT", "de-toolongsubtag", "d1", "de at", "1de"}) {
    EXPECT_FALSE(is_language_tag(tag)) << tag;
  }
}

TEST(LanguageTexts, InnerBlockAndLaterDirectiveWin) {
  const LanguageText parent_de_title{"de", Text::title, "Eltern", nullptr};
  const LanguageText parent_fr_stay{"fr", Text::stay, "Rester",
                                    &parent_de_title};
  Settings parent;
  parent.language_texts[0] = &parent_fr_stay;
  const LanguageText child_de_title_early{"de", Text::title, "Früh", nullptr};
  const LanguageText child_de_title{"de", Text::title, "Kind",
                                    &child_de_title_early};
  Settings child;
  child.language_texts[0] = &child_de_title;
  const Settings merged = merge_settings(parent, child);
  EXPECT_STREQ(language_text(merged, "de", Text::title), "Kind");
  EXPECT_STREQ(language_text(merged, "fr", Text::stay), "Rester");
  EXPECT_EQ(language_text(merged, "fr", Text::title), nullptr);
  EXPECT_EQ(language_text(merged, "de-at", Text::title), nullptr);
  // the per-language texts leave the texts for every language alone
  EXPECT_STREQ(text(merged, Text::title), default_text(Text::title));
  std::string seen;
  for_each_language_text(merged, [&](const char *language, Text which,
                                     const char *value) {
    seen += std::string(language) + "/" + text_name(which) + "=" + value + ";";
  });
  EXPECT_EQ(seen, "de/title=Kind;fr/stay=Rester;");
  // a child without any keeps the parent's; and the other way round
  EXPECT_STREQ(
      language_text(merge_settings(parent, Settings()), "de", Text::title),
      "Eltern");
  EXPECT_STREQ(
      language_text(merge_settings(Settings(), child), "de", Text::title),
      "Kind");
}

TEST(LanguageTexts, MergingManyLevelsKeepsTheInnermost) {
  LanguageText entries[kLanguageTextLevels + 2];
  Settings merged;
  for (int i = 0; i < kLanguageTextLevels + 2; ++i) {
    entries[i] = LanguageText{"de", Text::stay, "x", nullptr};
    Settings block;
    block.language_texts[0] = &entries[i];
    merged = merge_settings(merged, block);
    EXPECT_EQ(find_language_text(merged, "de", Text::stay), &entries[i]);
  }
}

TEST(TextNames, RestoredDraftNoticeIsAText) {
  Text which;
  ASSERT_TRUE(text_from_name("restored", &which));
  EXPECT_EQ(which, Text::restored);
  EXPECT_NE(std::string(default_text(Text::restored)).find("restored"),
            std::string::npos);
}

TEST(AccessibilityWarning, BelowTwentySecondsToActNamesBothDirectives) {
  Settings s;
  s.warn_after = 2;
  s.expire_after = 4;
  s.warn_after_origin = "httpd.conf:10";
  s.expire_after_origin = "httpd.conf:11";
  const std::string warning = accessibility_warning(s);
  EXPECT_NE(warning.find("SessionSecurityWarnAfter 2 (httpd.conf:10)"),
            std::string::npos)
      << warning;
  EXPECT_NE(warning.find("SessionSecurityExpireAfter 4 (httpd.conf:11)"),
            std::string::npos)
      << warning;
  EXPECT_NE(warning.find("WCAG 2.2.1"), std::string::npos);
  EXPECT_NE(warning.find("leave 2 s"), std::string::npos);
  EXPECT_TRUE(validate_settings(s).empty()) << "a warning, not an error";
  s.warn_after = 21;
  s.expire_after = 40;
  EXPECT_FALSE(accessibility_warning(s).empty()) << "19 s";
  s.warn_after = 20;
  EXPECT_TRUE(accessibility_warning(s).empty()) << "20 s is enough";
  EXPECT_TRUE(accessibility_warning(Settings()).empty()) << "defaults: 60 s";
  s.warn_after = 40;  // an error for validate_settings, no warning on top
  EXPECT_TRUE(accessibility_warning(s).empty());
}

}  // namespace
}  // namespace session_security
