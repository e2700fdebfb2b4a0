// Small JSON answers written before the handler runs (ping, expired script
// requests, rejected pings). The session is saved first, because
// mod_session's output filter is never inserted on this path.
#ifndef SESSION_SECURITY_JSON_ANSWER_H
#define SESSION_SECURITY_JSON_ANSWER_H

#include <string>

#include "httpd.h"

extern "C" {
#include "mod_session.h"
}

namespace session_security {

// Writes the answer and returns DONE, for the calling hook to return.
// `z` may be nullptr (nothing to save).
int send_json(request_rec *r, session_rec *z, int status,
              const std::string &body);

// {"error":"<reason>"} with the reason JSON-escaped.
std::string json_error(const char *reason);

}  // namespace session_security

#endif
