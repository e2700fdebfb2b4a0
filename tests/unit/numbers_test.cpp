#include "numbers.h"

#include <gtest/gtest.h>

namespace session_security {
namespace {

TEST(DirectiveSeconds, AcceptsDigitsWithBlanks) {
  EXPECT_EQ(parse_directive_seconds("600"), 600);
  EXPECT_EQ(parse_directive_seconds("  42\t"), 42);
  EXPECT_EQ(parse_directive_seconds("0"), 0);
}

TEST(DirectiveSeconds, RejectsSignsUnitsFractionsAndGarbage) {
  for (const char *bad :
       {"", " ", "-5", "+5", "1.5", "10s", "1e3", "ten", "5 5", "0x10"}) {
    EXPECT_FALSE(parse_directive_seconds(bad).has_value()) << bad;
  }
}

TEST(DirectiveSeconds, RejectsOverflowAndMoreThanTenYears) {
  EXPECT_FALSE(parse_directive_seconds("99999999999999999999").has_value());
  EXPECT_FALSE(parse_directive_seconds("9223372036854775808").has_value());
  EXPECT_TRUE(parse_directive_seconds("315360000").has_value());  // 10 y
  EXPECT_FALSE(parse_directive_seconds("400000000").has_value());
}

TEST(Stamp, ReadsMillisecondsAsTheModuleWritesThem) {
  EXPECT_EQ(parse_stamp_ms("1795365578123"), 1795365578123);
  EXPECT_EQ(parse_stamp_ms("1000000000000"), 1000000000000);      // 13 digits
  EXPECT_EQ(parse_stamp_ms("253402300799999"), 253402300799999);  // 9999
}

TEST(Stamp, ReadsOldWholeSecondsAsTheLastMillisecondOfThatSecond) {
  // Up to 12 digits: seconds, as versions before 1.1 wrote them.
  EXPECT_EQ(parse_stamp_ms("1795365578"), 1795365578999);
  EXPECT_EQ(parse_stamp_ms("253402300799"), 253402300799999);
  EXPECT_EQ(parse_stamp_ms("0"), 999);
  EXPECT_EQ(parse_stamp_ms("1"), 1999);
}

TEST(Stamp, RejectsAnythingElse) {
  for (const char *bad :
       {"", " 1795365578", "1795365578 ", "-1", "+1", "01795365578", "00",
        "1795365578x", "17953655.78", "abc", "1e9", "1795365578123.5",
        "01795365578123", " 1795365578123", "1795365578123\n"}) {
    EXPECT_FALSE(parse_stamp_ms(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Stamp, RejectsOverflowAndFarFuture) {
  EXPECT_FALSE(parse_stamp_ms("99999999999999999999").has_value());
  EXPECT_FALSE(parse_stamp_ms("9223372036854775807").has_value());
  EXPECT_FALSE(parse_stamp_ms("253402300800").has_value());      // year 10000 s
  EXPECT_FALSE(parse_stamp_ms("253402300800000").has_value());   // ... in ms
  EXPECT_FALSE(parse_stamp_ms("1000000000000000").has_value());  // 16 digits
}

TEST(IdleFor, ReadsDigits) {
  const IdleFor v = parse_idle_for("37");
  EXPECT_EQ(v.error, IdleForError::none);
  EXPECT_EQ(v.seconds, 37);
  EXPECT_EQ(parse_idle_for("999999999").seconds, 999999999);
}

TEST(IdleFor, NegativeCountsAsZero) {
  EXPECT_EQ(parse_idle_for("-5").error, IdleForError::none);
  EXPECT_EQ(parse_idle_for("-5").seconds, 0);
  EXPECT_EQ(parse_idle_for("-99999999999999").seconds, 0);
}

TEST(IdleFor, RejectsEmptyGarbageAndOverflow) {
  EXPECT_EQ(parse_idle_for("").error, IdleForError::empty);
  EXPECT_EQ(parse_idle_for("abc").error, IdleForError::not_a_number);
  EXPECT_EQ(parse_idle_for("1.5").error, IdleForError::not_a_number);
  EXPECT_EQ(parse_idle_for(" 3").error, IdleForError::not_a_number);
  EXPECT_EQ(parse_idle_for("+3").error, IdleForError::not_a_number);
  EXPECT_EQ(parse_idle_for("-").error, IdleForError::not_a_number);
  EXPECT_EQ(parse_idle_for("1000000000").error, IdleForError::too_large);
  EXPECT_EQ(parse_idle_for("99999999999999999999999").error,
            IdleForError::too_large);
  EXPECT_NE(std::string(describe(IdleForError::too_large)), "");
}

}  // namespace
}  // namespace session_security
