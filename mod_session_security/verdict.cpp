#include "verdict.h"

#include <algorithm>

#include "numbers.h"

namespace session_security {
namespace {

Verdict expired(ExpiryReason reason, std::int64_t idle = 0,
                std::int64_t skew = 0) {
  Verdict v;
  v.outcome = Outcome::expired;
  v.reason = reason;
  v.idle = idle;
  v.skew = skew;
  return v;
}

Verdict fresh(const Settings &settings, std::optional<std::string_view> since,
              std::int64_t now) {
  Verdict v;
  v.outcome = Outcome::fresh;
  v.last_activity = now;
  v.write_last_activity = true;
  v.new_last_activity = now;
  if (!since) {
    v.write_since = true;
    v.new_since = now;
    return v;
  }
  std::optional<std::int64_t> parsed = parse_stamp(*since);
  if (!parsed) return expired(ExpiryReason::unreadable_stamp);
  if (*parsed > now + clock_tolerance(settings)) {
    return expired(ExpiryReason::future_stamp, 0, *parsed - now);
  }
  return v;
}

}  // namespace

const char *describe(ExpiryReason reason) {
  switch (reason) {
    case ExpiryReason::none:
      return "not expired";
    case ExpiryReason::idle:
      return "inactivity";
    case ExpiryReason::lifetime:
      return "maximum lifetime reached";
    case ExpiryReason::unreadable_stamp:
      return "unreadable activity stamp";
    case ExpiryReason::future_stamp:
      return "activity stamp in the future beyond the clock tolerance";
  }
  return "unknown";
}

Verdict judge(const Settings &settings, const Stamps &stamps, std::int64_t now,
              bool passive) {
  if (!stamps.last_activity) return fresh(settings, stamps.since, now);

  std::optional<std::int64_t> last = parse_stamp(*stamps.last_activity);
  if (!last) return expired(ExpiryReason::unreadable_stamp);

  std::int64_t since = *last;
  if (stamps.since) {
    std::optional<std::int64_t> parsed = parse_stamp(*stamps.since);
    if (!parsed) return expired(ExpiryReason::unreadable_stamp);
    since = *parsed;
  }

  const std::int64_t tolerance = clock_tolerance(settings);
  const std::int64_t ahead = std::max(*last, since) - now;
  if (ahead > tolerance) {
    return expired(ExpiryReason::future_stamp, 0, ahead);
  }

  // A stamp slightly ahead (another node's clock) counts as "just now".
  const std::int64_t idle = std::max<std::int64_t>(0, now - *last);
  if (idle >= expire_after(settings)) {
    return expired(ExpiryReason::idle, idle);
  }
  const std::int64_t lifetime = max_lifetime(settings);
  if (lifetime > 0 && now - since >= lifetime) {
    return expired(ExpiryReason::lifetime, idle);
  }

  Verdict v;
  v.outcome = Outcome::active;
  v.idle = idle;
  v.last_activity = *last;
  if (!passive && now - *last >= stamp_resolution(settings)) {
    v.write_last_activity = true;
    v.new_last_activity = now;
  }
  if (!stamps.since && (v.write_last_activity || lifetime > 0)) {
    v.write_since = true;
    v.new_since = since;
  }
  return v;
}

}  // namespace session_security
