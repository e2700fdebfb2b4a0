// The idleFor rule exactly as README's ping protocol states it.
#include <gtest/gtest.h>

#include "numbers.h"

namespace session_security {
namespace {

TEST(IdleForRule, LeadingZerosDoNotCountTowardsNineDigits) {
  EXPECT_EQ(parse_idle_for("0005").seconds, 5);
  EXPECT_EQ(parse_idle_for("0005").error, IdleForError::none);
  EXPECT_EQ(parse_idle_for("000000000000999999999").seconds, 999999999);
  EXPECT_EQ(parse_idle_for("1000000000").error, IdleForError::too_large);
  EXPECT_EQ(parse_idle_for("0001000000000").error, IdleForError::too_large);
}

TEST(IdleForRule, NegativeIsZeroUnlessTooLarge) {
  EXPECT_EQ(parse_idle_for("-5").seconds, 0);
  EXPECT_EQ(parse_idle_for("-5").error, IdleForError::none);
  EXPECT_EQ(parse_idle_for("-0").error, IdleForError::none);
  EXPECT_EQ(parse_idle_for("-1000000000").error, IdleForError::too_large);
}

TEST(IdleForRule, AnythingElseIsRejected) {
  EXPECT_EQ(parse_idle_for("").error, IdleForError::empty);
  for (const char *text : {"+5", "1.5", " 5", "5 ", "1e3", "-", "--5", "0x1"}) {
    EXPECT_EQ(parse_idle_for(text).error, IdleForError::not_a_number) << text;
  }
}

}  // namespace
}  // namespace session_security
