// Counters for server-status and the per-request verdict note, in shared
// memory created at start-up (kept across graceful restarts), bumped with
// lock-free atomics on the request path. Each record_* is one call at the
// place where the thing happens (docs/DIRECTIVES.md, "server-status").
#ifndef SESSION_SECURITY_STATUS_COUNTERS_H
#define SESSION_SECURITY_STATUS_COUNTERS_H

#include "apr_pools.h"
#include "httpd.h"
#include "verdict.h"

namespace session_security {

void register_status_counters(apr_pool_t *pool);

// A session signed out by the activity hook or the ping.
void record_sign_out(request_rec *r, ExpiryReason reason);
// A signed-in, active request: its stamp written, kept (throttle), or not
// due at all (passive).
void record_activity(request_rec *r, bool stamp_written, bool passive);
// A session stamped as it is signed in.
void record_sign_in(request_rec *r);
// kind: "merged" (idleFor moved the stamp), "reported" or "logout".
void record_ping_answered(request_rec *r, const char *kind);
void record_ping_rejected(request_rec *r, int http_status);
void record_page_tagged(request_rec *r);
// reason: the output filter's text for it ("not HTML", ...).
void record_page_untouched(request_rec *r, const char *reason);

}  // namespace session_security

#endif
