// The ping protocol (django-session-security compatible):
//   GET PING_URL?idleFor=N  ->  200 application/json, the server's idle
//   seconds after the merge as a bare integer, or "logout".
#ifndef SESSION_SECURITY_PING_H
#define SESSION_SECURITY_PING_H

#include <cstdint>
#include <string>
#include <string_view>

#include "numbers.h"
#include "verdict.h"

namespace session_security {

struct PingQuery {
  bool valid = true;
  const char *error = nullptr;  // why it is invalid (for the 400 answer)
  bool has_idle_for = false;
  std::int64_t idle_for = 0;
};

// Parses the raw query string (without '?', may be empty). Parameters other
// than idleFor are ignored; idleFor given twice is rejected.
PingQuery parse_ping_query(std::string_view query);

struct PingAnswer {
  bool logout = false;
  std::int64_t idle = 0;  // reported idle seconds after the merge
  bool write_last_activity = false;
  std::int64_t new_last_activity = 0;
};

// `verdict` must come from judge(..., passive = true): a ping is not activity
// by itself, only its idleFor is. Expiry has been checked first, so a ping
// can never revive an expired session. Pings bypass the rewrite throttle:
// they are rare and carry the only news of activity made without requests.
PingAnswer answer_ping(const Verdict &verdict, const PingQuery &query,
                       std::int64_t now);

// The JSON body: `5` or `"logout"`.
std::string ping_body(const PingAnswer &answer);

}  // namespace session_security

#endif
