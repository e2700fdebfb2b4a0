#include "ping.h"

#include <gtest/gtest.h>

#include <string>

namespace session_security {
namespace {

constexpr std::int64_t kNow = 1800000000;

TEST(PingQuery, ReadsIdleForAmongOtherParameters) {
  PingQuery q = parse_ping_query("idleFor=12");
  EXPECT_TRUE(q.valid && q.has_idle_for);
  EXPECT_EQ(q.idle_for, 12);
  q = parse_ping_query("_=1700000000&idleFor=3&x");
  EXPECT_TRUE(q.valid && q.has_idle_for);
  EXPECT_EQ(q.idle_for, 3);
}

TEST(PingQuery, NoIdleForIsAPassivePing) {
  for (const char *query : {"", "x=1", "idlefor=3", "idleForX=3"}) {
    const PingQuery q = parse_ping_query(query);
    EXPECT_TRUE(q.valid) << query;
    EXPECT_FALSE(q.has_idle_for) << query;
  }
}

TEST(PingQuery, RejectsBadIdleFor) {
  for (const char *query :
       {"idleFor=", "idleFor", "idleFor=abc", "idleFor=1.5",
        "idleFor=1&idleFor=1", "idleFor=99999999999999999999", "idleFor=%31",
        "idleFor= 1"}) {
    const PingQuery q = parse_ping_query(query);
    EXPECT_FALSE(q.valid) << query;
    EXPECT_NE(q.error, nullptr) << query;
  }
}

TEST(PingQuery, NegativeIsZero) {
  const PingQuery q = parse_ping_query("idleFor=-7");
  EXPECT_TRUE(q.valid);
  EXPECT_EQ(q.idle_for, 0);
}

Verdict active(std::int64_t idle) {
  Verdict v;
  v.outcome = Outcome::active;
  v.idle = idle;
  v.last_activity = kNow - idle;
  return v;
}

PingQuery idle_for(std::int64_t seconds) {
  PingQuery q;
  q.has_idle_for = true;
  q.idle_for = seconds;
  return q;
}

TEST(PingAnswer, SmallerIdleForMovesTheStampForward) {
  const PingAnswer a = answer_ping(active(300), idle_for(5), kNow);
  EXPECT_TRUE(a.write_last_activity);
  EXPECT_EQ(a.new_last_activity, kNow - 5);
  EXPECT_EQ(a.idle, 5);
  EXPECT_EQ(ping_body(a), "5");
}

TEST(PingAnswer, LargerIdleForNeverMovesTheStampBack) {
  const PingAnswer a = answer_ping(active(10), idle_for(300), kNow);
  EXPECT_FALSE(a.write_last_activity);
  EXPECT_EQ(a.idle, 10);
}

TEST(PingAnswer, WithoutIdleForItOnlyReports) {
  const PingAnswer a = answer_ping(active(42), PingQuery{}, kNow);
  EXPECT_FALSE(a.write_last_activity);
  EXPECT_EQ(ping_body(a), "42");
}

TEST(PingAnswer, ExpiredIsLogoutWhateverTheIdleFor) {
  Verdict expired;
  expired.outcome = Outcome::expired;
  expired.reason = ExpiryReason::idle;
  const PingAnswer a = answer_ping(expired, idle_for(0), kNow);
  EXPECT_TRUE(a.logout);
  EXPECT_FALSE(a.write_last_activity);
  EXPECT_EQ(ping_body(a), "\"logout\"");
}

TEST(PingAnswer, MergesWithTheVerdictsOwnStamp) {
  // The full path: a session idle 100 s of 600 and a tab idle 2 s.
  Settings s;
  const std::string stamp = std::to_string(kNow - 100);
  const Verdict v = judge(s, Stamps{stamp, stamp}, kNow, /*passive=*/true);
  const PingAnswer a = answer_ping(v, idle_for(2), kNow);
  EXPECT_EQ(a.idle, 2);
  EXPECT_EQ(a.new_last_activity, kNow - 2);
  // Past ExpireAfter, the same tab cannot revive it.
  const std::string old = std::to_string(kNow - 600);
  const Verdict late = judge(s, Stamps{old, old}, kNow, true);
  EXPECT_TRUE(answer_ping(late, idle_for(0), kNow).logout);
}

}  // namespace
}  // namespace session_security
