// Shared by the activity hook and the ping endpoint: reading the session's
// stamps, writing them, and signing a browser out.
#ifndef SESSION_SECURITY_ACTIVITY_H
#define SESSION_SECURITY_ACTIVITY_H

#include <cstdint>
#include <string_view>

#include "client_script.h"
#include "httpd.h"
#include "request_kind.h"
#include "session_access.h"
#include "settings.h"
#include "verdict.h"

namespace session_security {

// Milliseconds since the Unix epoch: the unit of the session's stamps.
std::int64_t now_ms();
Stamps stamps_of(const session_rec *z);
RequestHeaders request_headers(const request_rec *r);

// Writes what the verdict says to write (the stamp and/or sign-in time).
void apply_verdict_writes(request_rec *r, session_rec *z, const Verdict &v);

// Clears the session, logs why, marks the browser and tells the app.
void sign_out(request_rec *r, session_rec *z, const Settings &s,
              const Verdict &v);

// The subrequest the ping makes to learn its page's settings: none of the
// module's hooks may act on it.
bool is_ping_page_lookup(const request_rec *r);

// Answers the ping URL (SPEC 5); returns DONE.
int answer_ping_request(request_rec *r, const Settings &s);

// Answers the draft key URL (docs/CLIENT.md, "Drafts"); returns DONE.
int answer_draft_key_request(request_rec *r, const Settings &s);

// Serves a file of the embedded client: the script, or one of its parts
// (is_part: a request with another build's ?v= gets 404); returns DONE or an
// HTTP status.
int serve_client_file(request_rec *r, const ClientFile &file, bool is_part);

// Serves the built-in texts of a language (DIR/i18n/LANG.json beside the
// script); returns DONE or an HTTP status (404 for a language not built in).
int serve_language_texts(request_rec *r, std::string_view language);

}  // namespace session_security

#endif
