#include <gtest/gtest.h>

#include "language_files.h"

namespace session_security {
namespace {

constexpr const char *kScript = "/session_security/session-security.js";

TEST(RequestedLanguage, IsTheFileNameBesideTheScript) {
  EXPECT_EQ(requested_language("/session_security/i18n/de.json", kScript),
            "de");
  EXPECT_EQ(requested_language("/session_security/i18n/pt-BR.json", kScript),
            "pt-BR");
  EXPECT_EQ(requested_language("/x/y/i18n/zh-Hans.json", "/x/y/client.js"),
            "zh-Hans");
  EXPECT_EQ(requested_language("/i18n/fr.json", "/client.js"), "fr");
}

TEST(RequestedLanguage, OtherUrlsAreNotLanguageFiles) {
  for (const char *uri :
       {"/session_security/session-security.js", "/session_security/i18n/",
        "/session_security/i18n/.json", "/session_security/i18n/de.js",
        "/session_security/i18n/de.json/x", "/session_security/i18n/../de.json",
        "/session_security/i18n/a/de.json", "/session_security/i18n/d e.json",
        "/other/i18n/de.json", "/session_securityi18n/de.json",
        "/session_security/i18n/de%2ejson",
        "/app/session_security/i18n/de.json",
        "/session_security/i18n/"
        "a-very-long-language-tag-that-no-file-has.json"}) {
    EXPECT_EQ(requested_language(uri, kScript), "") << uri;
  }
  EXPECT_EQ(requested_language("/i18n/de.json", "no-slash.js"), "");
}

TEST(FindLanguageFile, IgnoresAsciiCase) {
  static const unsigned char kJson[] = "{}";
  const LanguageFile files[] = {{"de", kJson, 2, "e1"},
                                {"pt-BR", kJson, 2, "e2"}};
  EXPECT_EQ(find_language_file("de", files, 2), &files[0]);
  EXPECT_EQ(find_language_file("DE", files, 2), &files[0]);
  EXPECT_EQ(find_language_file("pt-br", files, 2), &files[1]);
  EXPECT_EQ(find_language_file("pt", files, 2), nullptr);
  EXPECT_EQ(find_language_file("xx", files, 2), nullptr);
  EXPECT_EQ(find_language_file("", files, 2), nullptr);
}

}  // namespace
}  // namespace session_security
