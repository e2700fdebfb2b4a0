#include "verdict.h"

#include <algorithm>

#include "numbers.h"

namespace session_security {
namespace {

constexpr std::int64_t kMsPerSecond = 1000;

Verdict expired(ExpiryReason reason, std::int64_t idle_ms = 0,
                std::int64_t skew_ms = 0) {
  Verdict v;
  v.outcome = Outcome::expired;
  v.reason = reason;
  v.idle_ms = idle_ms;
  v.idle = idle_ms / kMsPerSecond;
  v.skew = skew_ms;
  return v;
}

Verdict fresh(const Settings &settings, std::optional<std::string_view> since,
              std::int64_t now) {
  Verdict v;
  v.outcome = Outcome::fresh;
  v.last_activity = now;
  v.write_last_activity = true;
  v.new_last_activity = now;
  v.signed_in_at = now;
  if (!since) {
    v.write_since = true;
    v.new_since = now;
    return v;
  }
  std::optional<std::int64_t> parsed = parse_stamp_ms(*since);
  if (!parsed) return expired(ExpiryReason::unreadable_stamp);
  if (*parsed - now > clock_tolerance(settings) * kMsPerSecond) {
    return expired(ExpiryReason::future_stamp, 0, *parsed - now);
  }
  v.signed_in_at = *parsed;
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

Verdict judge(const Settings &settings, const Stamps &stamps,
              std::int64_t now_ms, bool passive) {
  const std::int64_t now = now_ms;
  if (!stamps.last_activity) return fresh(settings, stamps.since, now);

  std::optional<std::int64_t> last = parse_stamp_ms(*stamps.last_activity);
  if (!last) return expired(ExpiryReason::unreadable_stamp);

  std::int64_t since = *last;
  if (stamps.since) {
    std::optional<std::int64_t> parsed = parse_stamp_ms(*stamps.since);
    if (!parsed) return expired(ExpiryReason::unreadable_stamp);
    since = *parsed;
  }

  const std::int64_t ahead = std::max(*last, since) - now;
  if (ahead > clock_tolerance(settings) * kMsPerSecond) {
    return expired(ExpiryReason::future_stamp, 0, ahead);
  }

  // A stamp slightly ahead (another node's clock) counts as "just now".
  const std::int64_t idle_ms = std::max<std::int64_t>(0, now - *last);
  if (idle_ms >= expire_after(settings) * kMsPerSecond) {
    return expired(ExpiryReason::idle, idle_ms);
  }
  const std::int64_t lifetime = max_lifetime(settings);
  if (lifetime > 0 && now - since >= lifetime * kMsPerSecond) {
    return expired(ExpiryReason::lifetime, idle_ms);
  }

  Verdict v;
  v.outcome = Outcome::active;
  v.idle_ms = idle_ms;
  v.idle = idle_ms / kMsPerSecond;
  v.last_activity = *last;
  v.signed_in_at = since;
  // The throttle: the stamp kept lags the true last activity by less than
  // the resolution, so nobody is signed out more than that much early.
  if (!passive && now - *last >= stamp_resolution_ms(settings)) {
    v.write_last_activity = true;
    v.new_last_activity = now;
  }
  if (!stamps.since && (v.write_last_activity || lifetime > 0)) {
    v.write_since = true;
    v.new_since = since;
  }
  return v;
}

std::int64_t lifetime_left(const Settings &settings, std::int64_t signed_in_at,
                           std::int64_t now_ms) {
  const std::int64_t lifetime = max_lifetime(settings);
  if (lifetime <= 0) return -1;
  const std::int64_t left = signed_in_at + lifetime * kMsPerSecond - now_ms;
  if (left <= 0) return 0;
  return (left + kMsPerSecond - 1) / kMsPerSecond;
}

}  // namespace session_security
