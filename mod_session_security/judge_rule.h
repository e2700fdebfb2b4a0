// The one rule that says what the module does with a request, whichever
// path brought it (initial request, internal redirect, error document,
// subrequest), and the names it gives the application. No httpd types.
#ifndef SESSION_SECURITY_JUDGE_RULE_H
#define SESSION_SECURITY_JUDGE_RULE_H

#include <string>
#include <string_view>

#include "verdict.h"

namespace session_security {

// How the request came to be (httpd's r->prev and r->main).
enum class Hop {
  initial,     // read from the connection
  redirect,    // internal redirect: ErrorDocument, mod_rewrite, Action
  subrequest,  // SSI include virtual, ap_sub_req_lookup_*
};

struct RequestPlace {
  Hop hop = Hop::initial;
  bool protected_here = false;  // SessionSecurity On at this location
  bool chain_judged = false;    // a request of this chain was judged
  bool is_script_url = false;   // SessionSecurityScriptURL, or a part beside it
  bool is_ping_url = false;     // SessionSecurityPingURL
  bool is_language_url = false;   // SCRIPT_DIR/i18n/LANG.json
  bool is_draft_key_url = false;  // PingURL's sibling "draft-key"
};

enum class Step {
  pass,              // nothing for the module to do
  serve_script,      // answer with the client script
  serve_language,    // answer with a built-in language file of the dialog
  answer_ping,       // answer the ping; this judges the chain
  answer_draft_key,  // hand the user their draft key; judges the chain
  judge,  // judge the session (expire or stamp); this judges the chain
  carry,  // the chain was judged: apply its verdict to this request
};

// The rule: a chain of requests is judged once, by its first request that
// reaches a protected location, before authentication and the handler;
// every later request of the chain carries that verdict. The ping and the
// script are answered only by requests that own the response (never by a
// subrequest, whose output is part of another page).
Step decide(const RequestPlace &place);

// The "reason" of the 401 answered to a script request that found its
// session expired: "inactivity", "lifetime" or "invalid".
const char *signed_out_reason(ExpiryReason reason);

// A request header reserved for the module's own signals: its name folds
// to "x-session-security-..." ignoring case, with '_' and '-' alike (CGI,
// PHP-FPM, WSGI and Rack turn both into '_', so the application could not
// tell a client's "X_Session_Security_Idle" from the module's header).
bool is_signal_header_name(std::string_view name);
// The CGI variable a server module made of such a header (HTTP_X_...):
// mod_include fills a page's environment before its subrequests copy it;
// also under the REDIRECT_ names internal redirects give it.
bool is_signal_variable_name(std::string_view name);

// A Cookie header without its cookies named `name` (the expired mark): the
// crumbs are split at ';' and ',' as httpd's own cookie parser does; every
// crumb "name=..." goes, however many there are and whatever their values
// (httpd's ap_cookie_read refuses to remove a cookie sent twice with two
// values). `found` tells whether one was there. Empty when nothing is left.
std::string without_cookie(std::string_view header, std::string_view name,
                           bool *found);

}  // namespace session_security

#endif
