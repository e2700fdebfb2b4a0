#include "judge_rule.h"

#include <gtest/gtest.h>

namespace session_security {
namespace {

RequestPlace place(Hop hop, bool protected_here, bool chain_judged) {
  RequestPlace p;
  p.hop = hop;
  p.protected_here = protected_here;
  p.chain_judged = chain_judged;
  return p;
}

TEST(JudgeRule, FirstProtectedRequestOfAChainIsJudgedWhateverItsHop) {
  for (Hop hop : {Hop::initial, Hop::redirect, Hop::subrequest}) {
    EXPECT_EQ(decide(place(hop, true, false)), Step::judge);
  }
}

TEST(JudgeRule, AChainIsJudgedOnce) {
  for (Hop hop : {Hop::initial, Hop::redirect, Hop::subrequest}) {
    EXPECT_EQ(decide(place(hop, true, true)), Step::carry);
    // Its verdict reaches later requests in unprotected locations too
    // (mod_actions' php-cgi URL): they may save another session record.
    EXPECT_EQ(decide(place(hop, false, true)), Step::carry);
  }
}

TEST(JudgeRule, UnprotectedRequestsOfAnUnjudgedChainAreLeftAlone) {
  for (Hop hop : {Hop::initial, Hop::redirect, Hop::subrequest}) {
    EXPECT_EQ(decide(place(hop, false, false)), Step::pass);
  }
}

TEST(JudgeRule, PingIsAnsweredByRequestsThatOwnTheResponse) {
  RequestPlace p = place(Hop::initial, true, false);
  p.is_ping_url = true;
  EXPECT_EQ(decide(p), Step::answer_ping);
  p.hop = Hop::redirect;  // an ErrorDocument pointing at the ping
  EXPECT_EQ(decide(p), Step::answer_ping);
  p.hop = Hop::subrequest;  // its body would land inside another page
  EXPECT_EQ(decide(p), Step::judge);
  p.protected_here = false;
  p.hop = Hop::initial;
  EXPECT_EQ(decide(p), Step::pass);
  p.protected_here = true;
  p.chain_judged = true;
  EXPECT_EQ(decide(p), Step::carry);
}

TEST(JudgeRule, DraftKeyIsAnsweredOnlyWhereProtectedAndNeverToASubrequest) {
  RequestPlace p = place(Hop::initial, true, false);
  p.is_draft_key_url = true;
  EXPECT_EQ(decide(p), Step::answer_draft_key);
  p.hop = Hop::redirect;
  EXPECT_EQ(decide(p), Step::answer_draft_key);
  p.hop = Hop::subrequest;  // SSI would put the key into a page's HTML
  EXPECT_EQ(decide(p), Step::judge);
  p.hop = Hop::initial;
  p.protected_here = false;
  EXPECT_EQ(decide(p), Step::pass);
  p.protected_here = true;
  p.chain_judged = true;  // an ErrorDocument of a judged page
  EXPECT_EQ(decide(p), Step::carry);
}

TEST(JudgeRule, ScriptIsServedWhereverItIsAsked) {
  RequestPlace p = place(Hop::initial, false, false);
  p.is_script_url = true;
  EXPECT_EQ(decide(p), Step::serve_script);
  p.hop = Hop::redirect;
  p.chain_judged = true;
  EXPECT_EQ(decide(p), Step::serve_script);
  p.hop = Hop::subrequest;
  EXPECT_EQ(decide(p), Step::carry);
  p.chain_judged = false;
  p.protected_here = true;
  EXPECT_EQ(decide(p), Step::judge);
}

TEST(JudgeRule, LanguageFilesAreServedLikeTheScript) {
  RequestPlace p = place(Hop::initial, false, false);
  p.is_language_url = true;
  EXPECT_EQ(decide(p), Step::serve_language);
  p.hop = Hop::redirect;
  p.chain_judged = true;
  EXPECT_EQ(decide(p), Step::serve_language);
  // Never as part of another page, and never instead of judging it.
  p.hop = Hop::subrequest;
  EXPECT_EQ(decide(p), Step::carry);
  p.chain_judged = false;
  p.protected_here = true;
  EXPECT_EQ(decide(p), Step::judge);
}

TEST(JudgeRule, ReasonsOfAScriptSignOut) {
  EXPECT_STREQ(signed_out_reason(ExpiryReason::idle), "inactivity");
  EXPECT_STREQ(signed_out_reason(ExpiryReason::lifetime), "lifetime");
  EXPECT_STREQ(signed_out_reason(ExpiryReason::unreadable_stamp), "invalid");
  EXPECT_STREQ(signed_out_reason(ExpiryReason::future_stamp), "invalid");
}

TEST(JudgeRule, SignalHeaderNamesFoldUnderscoresAndCase) {
  for (const char *name :
       {"X-Session-Security-Idle", "x-session-security-expired",
        "X_Session_Security_Idle", "X-Session_Security-Expired",
        "X-SESSION-SECURITY-ANYTHING", "x_session_security_",
        "X-Session-Security-"}) {
    EXPECT_TRUE(is_signal_header_name(name)) << name;
  }
  for (const char *name :
       {"", "X-Session-Security", "X-Session-Securit-Idle",
        "X-Session.Security-Idle", "Session-Security-Idle",
        " X-Session-Security-Idle", "X-Session-Security:Idle",
        "X-Sessions-Security-Idle", "Cookie"}) {
    EXPECT_FALSE(is_signal_header_name(name)) << name;
  }
}

TEST(JudgeRule, SignalVariableNames) {
  EXPECT_TRUE(is_signal_variable_name("HTTP_X_SESSION_SECURITY_IDLE"));
  EXPECT_TRUE(is_signal_variable_name("http_x-session_security_expired"));
  EXPECT_FALSE(is_signal_variable_name("SESSION_SECURITY_IDLE"));
  EXPECT_FALSE(is_signal_variable_name("X_SESSION_SECURITY_IDLE"));
  EXPECT_FALSE(is_signal_variable_name("HTTP_X_SESSION"));
  // Renamed by internal redirects, once per hop.
  EXPECT_TRUE(
      is_signal_variable_name("REDIRECT_HTTP_X_SESSION_SECURITY_EXPIRED"));
  EXPECT_TRUE(is_signal_variable_name(
      "REDIRECT_REDIRECT_HTTP_X_SESSION_SECURITY_IDLE"));
  EXPECT_FALSE(is_signal_variable_name("REDIRECT_SESSION_SECURITY_IDLE"));
  EXPECT_FALSE(is_signal_variable_name("REDIRECT_"));
  EXPECT_FALSE(is_signal_variable_name(""));
}

TEST(JudgeRule, EveryCrumbOfTheMarkLeavesTheCookieHeader) {
  const std::string_view mark = "session_security_expired";
  bool found = false;
  EXPECT_EQ(
      without_cookie("session=S; session_security_expired=1", mark, &found),
      "session=S");
  EXPECT_TRUE(found);
  // Two values (a cookie tossed for the parent domain beside our own):
  // httpd's ap_cookie_read would leave both.
  EXPECT_EQ(without_cookie("session_security_expired=1; session=S; "
                           "session_security_expired=2",
                           mark, &found),
            "session=S");
  EXPECT_TRUE(found);
  // Header lines merged with ", ", crumbs without a space, quoted values.
  EXPECT_EQ(
      without_cookie("a=b;session_security_expired=\"1\", c=d", mark, &found),
      "a=b, c=d");
  EXPECT_TRUE(found);
  EXPECT_EQ(without_cookie("session_security_expired=", mark, &found), "");
  EXPECT_TRUE(found);
}

TEST(JudgeRule, OtherCookiesStayAsTheyWere) {
  const std::string_view mark = "session_security_expired";
  bool found = true;
  EXPECT_EQ(
      without_cookie("session=S; x=session_security_expired=1", mark, &found),
      "session=S; x=session_security_expired=1");
  EXPECT_FALSE(found);
  // Names are case-sensitive; a bare name is no cookie of ours.
  EXPECT_EQ(
      without_cookie("Session_Security_Expired=1; session_security_expired",
                     mark, &found),
      "Session_Security_Expired=1; session_security_expired");
  EXPECT_FALSE(found);
  EXPECT_EQ(without_cookie("", mark, &found), "");
  EXPECT_FALSE(found);
}

}  // namespace
}  // namespace session_security
