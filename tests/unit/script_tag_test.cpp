#include "script_tag.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace session_security {
namespace {

std::size_t count(const std::string &text, const std::string &needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(ScriptTag, EscapesAttributeText) {
  EXPECT_EQ(escape_attribute("a&b\"c'd<e>f"), "a&amp;b&quot;c&#39;d&lt;e&gt;f");
  EXPECT_EQ(escape_attribute("plain / text"), "plain / text");
}

TEST(ScriptTag, NonceFollowsTheCspFallbackOrder) {
  EXPECT_EQ(script_nonce("script-src 'self' 'nonce-abc123'"), "abc123");
  EXPECT_EQ(script_nonce("default-src 'nonce-d3f'; img-src *"), "d3f");
  EXPECT_EQ(script_nonce("default-src 'nonce-d'; script-src 'nonce-s'"), "s");
  EXPECT_EQ(script_nonce("script-src 'nonce-s'; script-src-elem 'nonce-e'"),
            "e");
  EXPECT_EQ(script_nonce("SCRIPT-SRC 'NONCE-Up+/='"), "Up+/=");
  // script-src without a nonce wins over default-src with one.
  EXPECT_EQ(script_nonce("script-src 'self'; default-src 'nonce-d'"), "");
  EXPECT_EQ(script_nonce("img-src 'nonce-x'"), "");
  EXPECT_EQ(script_nonce(""), "");
  EXPECT_EQ(script_nonce("script-src 'nonce-a\"><b'"), "");
  EXPECT_EQ(script_nonce("script-src 'nonce-'"), "");
}

// A header value is a comma-separated list of policies (several
// Content-Security-Policy headers, which httpd joins into one with ", "
// when a CGI script sends them): the first policy that asks <script>
// elements for a nonce gives it, whatever policy comes before.
TEST(ScriptTag, NonceOfEachPolicyOfAHeader) {
  EXPECT_EQ(script_nonce("script-src 'nonce-X1', script-src 'self'"), "X1");
  EXPECT_EQ(script_nonce("script-src 'self', script-src 'nonce-X2'"), "X2");
  EXPECT_EQ(script_nonce("script-src 'nonce-F1', default-src 'self'; "
                         "script-src 'nonce-S2' 'strict-dynamic'"),
            "F1");
  EXPECT_EQ(script_nonce("img-src *,default-src 'nonce-D'"), "D");
  EXPECT_EQ(script_nonce("script-src 'self', img-src 'nonce-x'"), "");
  EXPECT_EQ(script_nonce(" , ,"), "");
}

// The filter writes the tag without a nonce and puts the nonce attribute
// just before its end when it has chosen one: the same bytes.
TEST(ScriptTag, TheNonceAttributeComesLast) {
  Settings s;
  const std::string plain = build_script_tag(s, "v1", "", "/p");
  ASSERT_EQ(plain.substr(plain.size() - kScriptTagEnd.size()), kScriptTagEnd);
  const std::string with = build_script_tag(s, "v1", "n0nce+/=", "/p");
  EXPECT_EQ(with, plain.substr(0, plain.size() - kScriptTagEnd.size()) +
                      " nonce=\"n0nce+/=\"" + std::string(kScriptTagEnd));
}

TEST(ScriptTag, CarriesTheSettingsOfTheLocation) {
  Settings s;
  s.warn_after = 20;
  s.expire_after = 40;
  const std::string tag = build_script_tag(s, "0123abcd", "", "");
  EXPECT_EQ(
      tag.rfind("<script src=\"/session_security/session-security.js"
                "?v=0123abcd\" defer=\"defer\" data-session-security=\"\"",
                0),
      0u);
  EXPECT_NE(tag.find(" data-warn-after=\"20\""), std::string::npos);
  EXPECT_NE(tag.find(" data-expire-after=\"40\""), std::string::npos);
  EXPECT_NE(tag.find(" data-ping-url=\"/session_security/ping\""),
            std::string::npos);
  EXPECT_EQ(tag.find("data-logout-url"), std::string::npos);
  EXPECT_EQ(tag.find("data-text-"), std::string::npos);  // defaults: client
  EXPECT_EQ(tag.find("nonce"), std::string::npos);
  EXPECT_EQ(count(tag, "<script"), 1u);
  EXPECT_EQ(tag.substr(tag.size() - 10), "></script>");
}

TEST(ScriptTag, CarriesTheSessionsIdleTimeWhenKnown) {
  Settings s;
  EXPECT_EQ(build_script_tag(s, "v", "", "").find("data-idle-ms"),
            std::string::npos);
  EXPECT_NE(build_script_tag(s, "v", "", "", 0).find(" data-idle-ms=\"0\""),
            std::string::npos);
  EXPECT_NE(
      build_script_tag(s, "v", "", "", 2345).find(" data-idle-ms=\"2345\""),
      std::string::npos);
}

TEST(ScriptTag, CarriesTheLifetimeLeftOnlyWithALimit) {
  Settings s;
  EXPECT_EQ(build_script_tag(s, "v", "", "").find("data-lifetime-left"),
            std::string::npos);
  EXPECT_NE(
      build_script_tag(s, "v", "", "", -1, 7).find(" data-lifetime-left=\"7\""),
      std::string::npos);
  EXPECT_NE(
      build_script_tag(s, "v", "", "", -1, 0).find(" data-lifetime-left=\"0\""),
      std::string::npos);
}

TEST(ScriptTag, PingUrlNamesThePageItIsOn) {
  Settings s;
  s.ping_url = "/ss/ping";
  const std::string tag = build_script_tag(s, "v", "", "/reports/a b&c");
  EXPECT_NE(tag.find(" data-ping-url=\"/ss/ping?page=/reports/a%20b%26c\""),
            std::string::npos)
      << tag;
}

TEST(ScriptTag, HostileValuesCannotBreakOut) {
  Settings s;
  s.logout_url = "/bye?a=\"><script>alert(1)</script>";
  s.texts[static_cast<int>(Text::title)] = "It's <b>\"late\"</b> & over";
  s.confirm_form_discard = "Leave? \"yes\"";
  const std::string tag = build_script_tag(s, "v", "n0nce", "/x\"><b>");
  EXPECT_EQ(count(tag, "<script"), 1u);
  EXPECT_EQ(count(tag, "</script>"), 1u);
  EXPECT_EQ(count(tag, "\""), 2u * count(tag, "=\""));  // every quote pairs
  EXPECT_NE(tag.find("data-logout-url=\"/bye?a=&quot;&gt;&lt;script&gt;"),
            std::string::npos);
  EXPECT_NE(tag.find("data-text-title=\"It&#39;s &lt;b&gt;&quot;late&quot;"),
            std::string::npos);
  EXPECT_NE(tag.find(" nonce=\"n0nce\""), std::string::npos);
}

// The rules of XML 1.0 a start tag must follow (every attribute with a
// quoted value, names unique, no '<' and only predefined or numeric entity
// references in values), checked on the whole tag: XHTML pages served as
// application/xhtml+xml must stay well-formed with it.
bool well_formed_xml_tag(const std::string &tag, std::string *why) {
  const std::string open = "<script";
  const std::string close = "></script>";
  if (tag.rfind(open, 0) != 0 || tag.size() < open.size() + close.size() ||
      tag.compare(tag.size() - close.size(), close.size(), close) != 0) {
    *why = "not <script ...></script>";
    return false;
  }
  std::vector<std::string> names;
  std::size_t i = open.size();
  const std::size_t end = tag.size() - close.size();
  while (i < end) {
    if (tag[i] != ' ') return *why = "no blank before attribute", false;
    ++i;
    const std::size_t name_start = i;
    while (i < end && ((tag[i] >= 'a' && tag[i] <= 'z') || tag[i] == '-')) ++i;
    const std::string name = tag.substr(name_start, i - name_start);
    if (name.empty()) return *why = "empty name", false;
    for (const std::string &seen : names) {
      if (seen == name) return *why = "duplicate " + name, false;
    }
    names.push_back(name);
    if (tag.compare(i, 2, "=\"") != 0) {
      return *why = name + " has no quoted value", false;
    }
    i += 2;
    while (i < end && tag[i] != '"') {
      if (tag[i] == '<') return *why = "'<' in " + name, false;
      if (tag[i] == '&') {
        bool known = false;
        for (const char *entity :
             {"&amp;", "&quot;", "&#39;", "&lt;", "&gt;"}) {
          known = known || tag.compare(i, std::strlen(entity), entity) == 0;
        }
        if (!known) return *why = "bare '&' in " + name, false;
      }
      ++i;
    }
    if (i == end) return *why = "unterminated value", false;
    ++i;
  }
  return true;
}

TEST(ScriptTag, IsWellFormedXmlWhateverTheSettings) {
  Settings s;
  s.logout_url = "/bye?a=1&b=\"2\"<x>";
  s.texts[static_cast<int>(Text::title)] = "It's <b>late</b> & over";
  s.confirm_form_discard = "Leave?";
  for (const char *nonce : {"", "n0nce+/="}) {
    const std::string tag = build_script_tag(s, "v1", nonce, "/a b&c");
    std::string why;
    EXPECT_TRUE(well_formed_xml_tag(tag, &why)) << why << ": " << tag;
  }
  std::string why;
  EXPECT_FALSE(well_formed_xml_tag("<script src=\"a\" defer></script>", &why));
  EXPECT_FALSE(well_formed_xml_tag("<script src=\"a&b\"></script>", &why));
}

TEST(ScriptTag, OffAndNoneLeaveTheirAttributesOut) {
  Settings s;
  s.confirm_form_discard = "";
  s.logout_url = "";
  const std::string tag = build_script_tag(s, "v", "", "");
  EXPECT_EQ(tag.find("data-confirm-form-discard"), std::string::npos);
  EXPECT_EQ(tag.find("data-logout-url"), std::string::npos);
}

}  // namespace
}  // namespace session_security

namespace session_security {
namespace {

TEST(ScriptTag, TextsForOneLanguageBecomeLanguageAttributes) {
  const LanguageText de_title{"de", Text::title, "Sitzung \"endet\"", nullptr};
  const LanguageText pt_br_warning{"pt-br", Text::title_warning,
                                   "Em {seconds} s", &de_title};
  Settings s;
  s.language_texts[0] = &pt_br_warning;
  s.texts[static_cast<int>(Text::stay)] = "Stay";
  const std::string tag = build_script_tag(s, "v", "", "");
  EXPECT_NE(tag.find(" data-text-de-title=\"Sitzung &quot;endet&quot;\""),
            std::string::npos)
      << tag;
  EXPECT_NE(tag.find(" data-text-pt-br-title-warning=\"Em {seconds} s\""),
            std::string::npos);
  EXPECT_NE(tag.find(" data-text-stay=\"Stay\""), std::string::npos);
  EXPECT_EQ(count(tag, "data-text-"), 3u);
}

TEST(ScriptTag, TheDefaultLeavePageQuestionIsLeftToTheClientsLanguage) {
  const std::string tag = build_script_tag(Settings(), "v", "", "");
  // present (the question is on) but empty: the client has it in every language
  EXPECT_NE(tag.find(" data-confirm-form-discard=\"\""), std::string::npos)
      << tag;
}

}  // namespace
}  // namespace session_security
