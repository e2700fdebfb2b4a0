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

}  // namespace
}  // namespace session_security
