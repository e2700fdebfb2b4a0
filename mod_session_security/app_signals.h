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

// Removes X-Session-Security-* headers a client sent itself.
void strip_client_signals(request_rec *r);

void export_idle(request_rec *r, std::int64_t idle);
void export_expired(request_rec *r);

// Sets a browser-session cookie so the next request can say why the user
// was signed out.
void mark_browser_expired(request_rec *r);

// On the request after an expiry: exports the fact and deletes the mark.
// With keep (the request for the LogoutURL's path, typically a logout
// handler that redirects on), the mark stays for the page it leads to.
void consume_expired_mark(request_rec *r, bool keep = false);

// Internal redirects (mod_actions, ErrorDocument) get copies of our
// variables under their own names, not only as REDIRECT_*.
void inherit_signals(request_rec *r);

}  // namespace session_security

#endif
