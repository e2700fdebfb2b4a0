#include <gtest/gtest.h>

#include "client_script.h"

namespace session_security {
namespace {

constexpr const char *kScriptUrl = "/session_security/session-security.js";
const unsigned char kJs[] = "export{}";
const ClientFile kParts[] = {{"session-security-dialog.js", kJs, 8},
                             {"session-security-drafts.js", kJs, 8},
                             {"", kJs, 0}};  // what an empty list holds

TEST(RequestedClientPart, IsAPartBesideTheScript) {
  EXPECT_EQ(
      requested_client_part("/session_security/session-security-dialog.js",
                            kScriptUrl, kParts, 3),
      &kParts[0]);
  EXPECT_EQ(
      requested_client_part("/session_security/session-security-drafts.js",
                            kScriptUrl, kParts, 3),
      &kParts[1]);
  EXPECT_EQ(requested_client_part("/x/y/session-security-dialog.js",
                                  "/x/y/client.js", kParts, 3),
            &kParts[0]);
  EXPECT_EQ(requested_client_part("/session-security-dialog.js", "/client.js",
                                  kParts, 3),
            &kParts[0]);
}

TEST(RequestedClientPart, OtherUrlsAreNoPart) {
  for (const char *uri : {
           "/session_security/session-security.js", "/session_security/",
           "/session_security/session-security-DIALOG.js",
           "/session_security/session-security-dialog.js/x",
           "/session_security/session-security-dialog.jsx",
           "/session_security/i18n/session-security-dialog.js",
           "/session_security/../session-security-dialog.js",
           "/other/session-security-dialog.js",
           "/app/session_security/session-security-dialog.js",
           "/session_securitysession-security-dialog.js",
           "/session_security/session-security-dialog%2ejs",
           "/session_security/session-security-language.js",  // not in this
                                                              // list
       }) {
    EXPECT_EQ(requested_client_part(uri, kScriptUrl, kParts, 3), nullptr)
        << uri;
  }
  // the empty list's placeholder is never served, even for the bare directory
  EXPECT_EQ(requested_client_part("/session_security/", kScriptUrl, kParts, 3),
            nullptr);
  EXPECT_EQ(requested_client_part("/session-security-dialog.js", "no-slash.js",
                                  kParts, 3),
            nullptr);
}

TEST(ClientUrlProblem, NoneForTheDefaultsAndOtherNames) {
  EXPECT_EQ(client_url_problem(kScriptUrl, "/session_security/ping", kParts, 3),
            "");
  EXPECT_EQ(client_url_problem("/x/client.js", "/x/ping", kParts, 3), "");
  EXPECT_EQ(
      client_url_problem("/x/session-security-dialog.jsx", "/p", kParts, 3),
      "");
  // a part's name in another directory than the script's is no part
  EXPECT_EQ(client_url_problem("/x/client.js", "/y/session-security-dialog.js",
                               kParts, 3),
            "");
}

TEST(ClientUrlProblem, AScriptNamedLikeAPart) {
  const std::string problem = client_url_problem(
      "/x/session-security-drafts.js", "/session_security/ping", kParts, 3);
  EXPECT_NE(problem.find("SessionSecurityScriptURL "
                         "/x/session-security-drafts.js"),
            std::string::npos)
      << problem;
  EXPECT_NE(problem.find("(session-security-drafts.js)"), std::string::npos)
      << problem;
}

TEST(ClientUrlProblem, APingThatIsTheScriptOrAPart) {
  EXPECT_NE(client_url_problem("/s/c.js", "/s/c.js", kParts, 3)
                .find("SessionSecurityPingURL /s/c.js is also "
                      "SessionSecurityScriptURL"),
            std::string::npos);
  const std::string problem = client_url_problem(
      kScriptUrl, "/session_security/session-security-dialog.js", kParts, 3);
  EXPECT_NE(problem.find("SessionSecurityPingURL "
                         "/session_security/session-security-dialog.js is "
                         "where the part session-security-dialog.js"),
            std::string::npos)
      << problem;
}

TEST(ClientUrlProblem, AnEmptyListHasNoPartToShadow) {
  EXPECT_EQ(
      client_url_problem("/x/session-security-dialog.js", "/p", &kParts[2], 1),
      "");
}

}  // namespace
}  // namespace session_security
