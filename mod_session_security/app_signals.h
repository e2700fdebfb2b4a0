// What the application behind Apache learns about the session: environment
// variables for CGI/PHP, request headers for proxied backends, and the
// "signed out for inactivity" mark carried to the browser's next request.
// Never the session's contents (mod_auth_form keeps the password there).
#ifndef SESSION_SECURITY_APP_SIGNALS_H
#define SESSION_SECURITY_APP_SIGNALS_H

#include <cstdint>

#include "httpd.h"

namespace session_security {

constexpr const char *kIdleEnv = "SESSION_SECURITY_IDLE";
constexpr const char *kExpiredEnv = "SESSION_SECURITY_EXPIRED";
constexpr const char *kIdleHeader = "X-Session-Security-Idle";
constexpr const char *kExpiredHeader = "X-Session-Security-Expired";
constexpr const char *kExpiredCookie = "session_security_expired";

// Removes every request header whose name folds to X-Session-Security-*
// (is_signal_header_name): only the module may send those.
void strip_client_signals(request_rec *r);

void export_idle(request_rec *r, std::int64_t idle);
void export_expired(request_rec *r);

// Sets a browser-session cookie so the next request can say why the user
// was signed out.
void mark_browser_expired(request_rec *r);

// Removes the mark from the request's Cookie header (the application
// never sees it); true when the browser sent it. Whether it is believed is
// the caller's decision: only when the request has no signed-in session.
bool take_expired_mark(request_rec *r);
// Tells the browser to forget the mark.
void delete_expired_mark(request_rec *r);

// Internal redirects (mod_actions, ErrorDocument) get copies of our
// variables under their own names, not only as REDIRECT_*.
void inherit_signals(request_rec *r);

}  // namespace session_security

#endif
