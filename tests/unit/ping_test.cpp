#include "ping.h"

#include <gtest/gtest.h>

#include <string>

namespace session_security {
namespace {

constexpr std::int64_t kS = 1000;  // milliseconds per second
constexpr std::int64_t kNow = 1800000000 * kS;

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
  v.idle_ms = idle * kS;
  v.last_activity = kNow - idle * kS;
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
  EXPECT_EQ(a.new_last_activity, kNow - 5 * kS);
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
  const std::string stamp = std::to_string(kNow - 100 * kS);
  const Verdict v = judge(s, Stamps{stamp, stamp}, kNow, /*passive=*/true);
  const PingAnswer a = answer_ping(v, idle_for(2), kNow);
  EXPECT_EQ(a.idle, 2);
  EXPECT_EQ(a.new_last_activity, kNow - 2 * kS);
  // Past ExpireAfter, the same tab cannot revive it.
  const std::string old = std::to_string(kNow - 600 * kS);
  const Verdict late = judge(s, Stamps{old, old}, kNow, true);
  EXPECT_TRUE(answer_ping(late, idle_for(0), kNow).logout);
}

Verdict active_ms(std::int64_t idle_ms) {
  Verdict v;
  v.outcome = Outcome::active;
  v.idle = idle_ms / kS;
  v.idle_ms = idle_ms;
  v.last_activity = kNow - idle_ms;
  return v;
}

TEST(PingAnswer, MergeIsNowMinusIdleForInMilliseconds) {
  // Server idle 5.4 s, tab idle 5 s: the tab's activity is the later one.
  PingAnswer a = answer_ping(active_ms(5400), idle_for(5), kNow);
  EXPECT_TRUE(a.write_last_activity);
  EXPECT_EQ(a.new_last_activity, kNow - 5 * kS);
  EXPECT_EQ(a.idle, 5);
  // Server idle 4.999 s, tab idle 5 s: the stamp stays, idle floors to 4.
  a = answer_ping(active_ms(4999), idle_for(5), kNow);
  EXPECT_FALSE(a.write_last_activity);
  EXPECT_EQ(a.idle, 4);
  // A passive ping reports the floor of the true idle time.
  EXPECT_EQ(answer_ping(active_ms(1999), PingQuery{}, kNow).idle, 1);
  EXPECT_EQ(answer_ping(active_ms(999), PingQuery{}, kNow).idle, 0);
}

TEST(PingAnswer, ActivityReportedMidSecondCountsFromThatInstant) {
  // idleFor=0 at t = N s + 400 ms, then passive pings 0.8 s and 1.2 s on.
  Settings s;
  const std::int64_t t = kNow + 400;
  const std::string before = std::to_string(t - 100 * kS);
  const PingAnswer first =
      answer_ping(judge(s, Stamps{before, before}, t, true), idle_for(0), t);
  ASSERT_TRUE(first.write_last_activity);
  const std::string stamp = std::to_string(first.new_last_activity);
  for (const auto &[later, expected] :
       {std::pair<std::int64_t, std::int64_t>{800, 0},
        {999, 0},
        {1000, 1},
        {1200, 1}}) {
    const std::int64_t now = t + later;
    const Verdict v = judge(s, Stamps{stamp, before}, now, true);
    EXPECT_EQ(answer_ping(v, PingQuery{}, now).idle, expected) << later;
  }
}

TEST(PingQuery, ReadsThePage) {
  PingQuery q = parse_ping_query("page=%2Freports%2Fx&idleFor=3");
  ASSERT_TRUE(q.valid);
  EXPECT_TRUE(q.has_page);
  EXPECT_EQ(q.page, "/reports/x");
  EXPECT_EQ(q.idle_for, 3);
  q = parse_ping_query("idleFor=0&page=/a%20b/c+d");
  ASSERT_TRUE(q.valid);
  EXPECT_EQ(q.page, "/a b/c d");
  EXPECT_FALSE(parse_ping_query("idleFor=0").has_page);
}

TEST(PingQuery, RejectsABadPage) {
  for (const char *query :
       {"page=", "page", "page=reports", "page=http%3A%2F%2Fevil%2F",
        "page=%2Fa%00b", "page=%2Fa%0Ab", "page=%2Fa%7F", "page=%2Fa%",
        "page=%2Fa%2", "page=%2Fa%zz", "page=/a&page=/b"}) {
    const PingQuery q = parse_ping_query(query);
    EXPECT_FALSE(q.valid) << query;
    EXPECT_NE(q.error, nullptr) << query;
  }
  const std::string longest = "page=/" + std::string(kMaxPagePath - 1, 'a');
  EXPECT_TRUE(parse_ping_query(longest).valid);
  EXPECT_FALSE(parse_ping_query(longest + "a").valid);
}

TEST(PingQuery, EncodedPageComesBackUnchanged) {
  for (const char *path :
       {"/", "/reports/x", "/a b/%41/\xc3\xa9?#&=+", "/~user/x.php"}) {
    const PingQuery q = parse_ping_query("page=" + encode_page(path));
    ASSERT_TRUE(q.valid) << path;
    EXPECT_EQ(q.page, path);
  }
  EXPECT_EQ(encode_page("/reports/a b&c"), "/reports/a%20b%26c");
}

}  // namespace
}  // namespace session_security
