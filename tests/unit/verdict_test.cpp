#include "verdict.h"

#include <gtest/gtest.h>

#include <string>

namespace session_security {
namespace {

constexpr std::int64_t kS = 1000;  // milliseconds per second
constexpr std::int64_t kNow = 1800000000 * kS;

Settings limits(std::int64_t warn, std::int64_t expire) {
  Settings s;
  s.warn_after = warn;
  s.expire_after = expire;
  return s;
}

Verdict judge_at(const Settings &s, std::int64_t last, std::int64_t now,
                 bool passive = false) {
  const std::string stamp = std::to_string(last);
  return judge(s, Stamps{stamp, stamp}, now, passive);
}

TEST(Verdict, FreshSignInIsStampedEvenWhenPassive) {
  for (bool passive : {false, true}) {
    const Verdict v = judge(limits(2, 4), Stamps{}, kNow, passive);
    EXPECT_EQ(v.outcome, Outcome::fresh);
    EXPECT_TRUE(v.write_last_activity);
    EXPECT_EQ(v.new_last_activity, kNow);
  }
}

TEST(Verdict, IdleExactlyExpireAfterIsExpired) {
  const Settings s = limits(540, 600);
  EXPECT_EQ(judge_at(s, kNow - 599 * kS, kNow).outcome, Outcome::active);
  const Verdict at = judge_at(s, kNow - 600 * kS, kNow);
  EXPECT_EQ(at.outcome, Outcome::expired);
  EXPECT_EQ(at.reason, ExpiryReason::idle);
  EXPECT_EQ(at.idle, 600);
  EXPECT_EQ(judge_at(s, kNow - 601 * kS, kNow).outcome, Outcome::expired);
}

TEST(Verdict, ActiveReportsIdleAndRewritesPastTheResolution) {
  const Settings s = limits(540, 600);  // resolution 30 s
  const Verdict within = judge_at(s, kNow - 29 * kS, kNow);
  EXPECT_EQ(within.outcome, Outcome::active);
  EXPECT_EQ(within.idle, 29);
  EXPECT_FALSE(within.write_last_activity);  // throttled
  const Verdict past = judge_at(s, kNow - 30 * kS, kNow);
  EXPECT_TRUE(past.write_last_activity);
  EXPECT_EQ(past.new_last_activity, kNow);
}

TEST(Verdict, PassiveNeverRewritesButStillExpires) {
  const Settings s = limits(2, 4);
  EXPECT_FALSE(judge_at(s, kNow - 3 * kS, kNow, true).write_last_activity);
  EXPECT_EQ(judge_at(s, kNow - 4 * kS, kNow, true).outcome, Outcome::expired);
}

TEST(Verdict, UnreadableStampFailsClosed) {
  for (const char *bad : {"", "abc", "-1", "01", "99999999999999999999"}) {
    const Verdict v =
        judge(limits(2, 4), Stamps{bad, std::nullopt}, kNow, false);
    EXPECT_EQ(v.outcome, Outcome::expired) << bad;
    EXPECT_EQ(v.reason, ExpiryReason::unreadable_stamp);
  }
  const Verdict bad_since =
      judge(limits(2, 4), Stamps{std::to_string(kNow), "x"}, kNow, false);
  EXPECT_EQ(bad_since.reason, ExpiryReason::unreadable_stamp);
}

TEST(Verdict, FutureStampWithinToleranceCountsAsNow) {
  Settings s = limits(2, 4);
  s.clock_tolerance = 5;
  const Verdict v = judge_at(s, kNow + 5 * kS, kNow);
  EXPECT_EQ(v.outcome, Outcome::active);
  EXPECT_EQ(v.idle, 0);
  EXPECT_FALSE(v.write_last_activity);  // never moves a stamp backwards
}

TEST(Verdict, FutureStampBeyondToleranceFailsClosedNamingTheSkew) {
  Settings s = limits(2, 4);
  s.clock_tolerance = 5;
  const Verdict v = judge_at(s, kNow + 6 * kS, kNow);
  EXPECT_EQ(v.outcome, Outcome::expired);
  EXPECT_EQ(v.reason, ExpiryReason::future_stamp);
  EXPECT_EQ(v.skew, 6 * kS);
  s.clock_tolerance = 0;
  EXPECT_EQ(judge_at(s, kNow + 1 * kS, kNow).reason,
            ExpiryReason::future_stamp);
}

TEST(Verdict, MaxLifetimeCountsFromTheFirstStamp) {
  Settings s = limits(540, 600);
  s.max_lifetime = 3600;
  const std::string recent = std::to_string(kNow - 10 * kS);
  const std::string signed_in = std::to_string(kNow - 3599 * kS);
  EXPECT_EQ(judge(s, Stamps{recent, signed_in}, kNow, false).outcome,
            Outcome::active);
  const std::string too_old = std::to_string(kNow - 3600 * kS);
  const Verdict v = judge(s, Stamps{recent, too_old}, kNow, false);
  EXPECT_EQ(v.outcome, Outcome::expired);
  EXPECT_EQ(v.reason, ExpiryReason::lifetime);
}

TEST(Verdict, KnowsTheSignInTimeForTheLifetimeDeadline) {
  Settings s = limits(2, 4);
  s.max_lifetime = 8;
  const std::string recent = std::to_string(kNow - 1 * kS);
  const std::string since = std::to_string(kNow - 5500);
  EXPECT_EQ(judge(s, Stamps{recent, since}, kNow, false).signed_in_at,
            kNow - 5500);
  // only the activity stamp (written before the lifetime was configured)
  EXPECT_EQ(judge(s, Stamps{recent, std::nullopt}, kNow, false).signed_in_at,
            kNow - 1 * kS);
  // a fresh sign-in: now, or the sign-in stamp sign_in_stamp.cpp wrote
  EXPECT_EQ(judge(s, Stamps{}, kNow, false).signed_in_at, kNow);
  EXPECT_EQ(judge(s, Stamps{std::nullopt, since}, kNow, false).signed_in_at,
            kNow - 5500);
}

TEST(Verdict, LifetimeLeftInWholeSecondsRoundedUp) {
  Settings s = limits(2, 4);
  EXPECT_EQ(lifetime_left(s, kNow, kNow), -1);  // no MaxLifetime
  s.max_lifetime = 0;
  EXPECT_EQ(lifetime_left(s, kNow, kNow), -1);  // 0: no limit
  s.max_lifetime = 8;
  EXPECT_EQ(lifetime_left(s, kNow, kNow), 8);
  EXPECT_EQ(lifetime_left(s, kNow - 5500, kNow), 3);  // 2.5 s: never early
  EXPECT_EQ(lifetime_left(s, kNow - 7999, kNow), 1);
  EXPECT_EQ(lifetime_left(s, kNow - 8000, kNow), 0);
  EXPECT_EQ(lifetime_left(s, kNow - 60 * kS, kNow), 0);
}

TEST(Verdict, ExpiresWhenExpireAfterHasReallyPassedToTheMillisecond) {
  const Settings s = limits(540, 600);
  const Verdict before = judge_at(s, kNow - 600 * kS + 1, kNow);
  EXPECT_EQ(before.outcome, Outcome::active);
  EXPECT_EQ(before.idle, 599);  // floor of 599.999 s
  EXPECT_EQ(before.idle_ms, 600 * kS - 1);
  const Verdict at = judge_at(s, kNow - 600 * kS, kNow);
  EXPECT_EQ(at.outcome, Outcome::expired);
  EXPECT_EQ(at.idle, 600);
}

TEST(Verdict, ReportsTheFloorOfTheTrueIdleTime) {
  const Settings s = limits(540, 600);
  // Activity 0.4 s after a whole second, judged 0.8 s and 1.2 s later:
  // whole-second stamps would have said 1 both times.
  const std::int64_t activity = kNow + 400;
  EXPECT_EQ(judge_at(s, activity, activity + 800).idle, 0);
  EXPECT_EQ(judge_at(s, activity, activity + 999).idle, 0);
  EXPECT_EQ(judge_at(s, activity, activity + 1000).idle, 1);
  EXPECT_EQ(judge_at(s, activity, activity + 1999).idle, 1);
}

TEST(Verdict, OldWholeSecondStampsNeverSignOutEarly) {
  const Settings s = limits(2, 4);
  // Seconds written before 1.1: the activity happened somewhere in that
  // second, read as its last millisecond.
  const std::string old = std::to_string(kNow / kS - 4);
  const Verdict within = judge(s, Stamps{old, old}, kNow, false);
  EXPECT_EQ(within.outcome, Outcome::active);
  EXPECT_EQ(within.idle_ms, 4 * kS - 999);
  EXPECT_EQ(within.idle, 3);
  EXPECT_EQ(judge(s, Stamps{old, old}, kNow + 999, false).outcome,
            Outcome::expired);
  // Rewritten in milliseconds by an active request.
  EXPECT_TRUE(within.write_last_activity);
  EXPECT_EQ(within.new_last_activity, kNow);
}

TEST(Verdict, ThrottleInMillisecondsNeverMoreThanTheResolutionEarly) {
  const Settings s = limits(540, 600);  // resolution 30 000 ms
  EXPECT_FALSE(judge_at(s, kNow - 30 * kS + 1, kNow).write_last_activity);
  EXPECT_TRUE(judge_at(s, kNow - 30 * kS, kNow).write_last_activity);
  // A stamp kept by the throttle is less than the resolution old, so the
  // expiry it leads to comes less than that much early.
  const Verdict kept = judge_at(s, kNow - 30 * kS + 1, kNow);
  EXPECT_LT(kNow - kept.last_activity, stamp_resolution_ms(s));
}

TEST(Verdict, MaxLifetimeToTheMillisecond) {
  Settings s = limits(540, 600);
  s.max_lifetime = 3600;
  const std::string recent = std::to_string(kNow - 10 * kS);
  EXPECT_EQ(judge(s, Stamps{recent, std::to_string(kNow - 3600 * kS + 1)}, kNow,
                  false)
                .outcome,
            Outcome::active);
  EXPECT_EQ(
      judge(s, Stamps{recent, std::to_string(kNow - 3600 * kS)}, kNow, false)
          .reason,
      ExpiryReason::lifetime);
}

TEST(Verdict, ClockToleranceInMilliseconds) {
  Settings s = limits(2, 4);
  s.clock_tolerance = 5;
  EXPECT_EQ(judge_at(s, kNow + 5 * kS, kNow).outcome, Outcome::active);
  const Verdict v = judge_at(s, kNow + 5 * kS + 1, kNow);
  EXPECT_EQ(v.reason, ExpiryReason::future_stamp);
  EXPECT_EQ(v.skew, 5 * kS + 1);
}

TEST(Verdict, ReasonsAreDescribed) {
  for (auto reason :
       {ExpiryReason::idle, ExpiryReason::lifetime,
        ExpiryReason::unreadable_stamp, ExpiryReason::future_stamp}) {
    EXPECT_STRNE(describe(reason), "");
  }
}

}  // namespace
}  // namespace session_security
