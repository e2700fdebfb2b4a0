// Judging a signed-in session at the start of a request: is it still
// active, and does this request rewrite its activity stamp?
#ifndef SESSION_SECURITY_VERDICT_H
#define SESSION_SECURITY_VERDICT_H

#include <cstdint>
#include <optional>
#include <string_view>

#include "settings.h"

namespace session_security {

enum class Outcome {
  fresh,    // signed in, never stamped: the sign-in just happened
  active,   // within the limits
  expired,  // sign out now
};

enum class ExpiryReason {
  none,
  idle,              // inactive for ExpireAfter seconds or more
  lifetime,          // MaxLifetime since the first stamp has passed
  unreadable_stamp,  // a stamp that does not parse: fail closed
  future_stamp,      // a stamp ahead of our clock by more than the tolerance
};
const char *describe(ExpiryReason reason);

// The session's stamps, as stored (nullopt when the entry is absent).
struct Stamps {
  std::optional<std::string_view> last_activity;
  std::optional<std::string_view> since;
};

// Instants are milliseconds since the Unix epoch; `idle` is what is
// reported (to the ping, to CGI): the true idle time floored to whole
// seconds, as django-session-security reports it.
struct Verdict {
  Outcome outcome = Outcome::active;
  ExpiryReason reason = ExpiryReason::none;
  std::int64_t idle = 0;     // whole seconds idle before this request (floor)
  std::int64_t idle_ms = 0;  // milliseconds idle before this request
  std::int64_t skew = 0;     // for future_stamp: ms ahead of our clock
  std::int64_t last_activity = 0;  // ms; as understood (valid unless expired)
  bool write_last_activity = false;
  std::int64_t new_last_activity = 0;  // ms
  bool write_since = false;
  std::int64_t new_since = 0;     // ms
  std::int64_t signed_in_at = 0;  // ms; the sign-in time (unless expired)
};

// `passive`: the request does not count as activity (SessionSecurityPassive
// or a ping); expiry is judged all the same. A fresh session is stamped even
// by a passive request, because signing in is itself activity and an
// unstamped session could never expire.
// `now_ms`: this server's clock in milliseconds since the epoch. Expired
// exactly when the true idle time (or time since sign-in) reaches the limit
// in milliseconds: never before it has really passed.
Verdict judge(const Settings &settings, const Stamps &stamps,
              std::int64_t now_ms, bool passive);

// Whole seconds left before SessionSecurityMaxLifetime ends a session
// signed in at `signed_in_at` (ms), rounded up so that a client counting
// them is never early; 0 once reached, -1 without a lifetime limit.
std::int64_t lifetime_left(const Settings &settings, std::int64_t signed_in_at,
                           std::int64_t now_ms);

}  // namespace session_security

#endif
