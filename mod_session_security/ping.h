// The ping protocol (django-session-security compatible):
//   GET PING_URL?page=P&idleFor=N  ->  200 application/json, the server's
//   idle seconds after the merge as a bare integer, or "logout".
// `page` (our addition, optional) is the path of the page the tab shows,
// so the ping is judged with that page's limits (docs/CLIENT.md).
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
  bool has_page = false;
  std::string page;  // percent-decoded; starts with '/'
};

// The longest page path a ping may name (decoded).
constexpr std::size_t kMaxPagePath = 2048;

// Parses the raw query string (without '?', may be empty). Parameters other
// than idleFor and page are ignored; either given twice is rejected. page
// must percent-decode to an absolute path ('/' first) of at most
// kMaxPagePath bytes without control characters.
PingQuery parse_ping_query(std::string_view query);

struct PingAnswer {
  bool logout = false;
  std::int64_t idle = 0;  // reported idle seconds after the merge (floor)
  bool write_last_activity = false;
  std::int64_t new_last_activity = 0;  // ms since the epoch
};

// `verdict` must come from judge(..., passive = true): a ping is not activity
// by itself, only its idleFor is. Expiry has been checked first, so a ping
// can never revive an expired session. Pings bypass the rewrite throttle:
// they are rare and carry the only news of activity made without requests.
// The merge: last activity becomes now_ms - idleFor * 1000 when that is
// later than the stored stamp.
PingAnswer answer_ping(const Verdict &verdict, const PingQuery &query,
                       std::int64_t now_ms);

// The query value for `page`: every byte but unreserved ones and '/'
// percent-encoded, so that parse_ping_query gives `path` back.
std::string encode_page(std::string_view path);

// The JSON body: `5` or `"logout"`.
std::string ping_body(const PingAnswer &answer);

}  // namespace session_security

#endif
