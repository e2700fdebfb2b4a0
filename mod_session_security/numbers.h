// Strict parsing of the numbers this module reads from untrusted or
// administrator input. Every parser rejects what it does not fully
// understand: a stamp that cannot be read must sign the user out (fail
// closed), never be taken as "just now".
#ifndef SESSION_SECURITY_NUMBERS_H
#define SESSION_SECURITY_NUMBERS_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace session_security {

// Seconds given to a directive: decimal digits only, optionally surrounded by
// blanks, at most 10 years. Rejects signs, fractions, units and overflow.
std::optional<std::int64_t> parse_directive_seconds(std::string_view text);

// A session stamp, read as milliseconds since the Unix epoch. Decimal
// digits only: no sign, no blanks, no leading zero (except "0").
// - 13 to 15 digits: milliseconds, as this module writes them (every
//   instant from 2001-09-09 to the end of year 9999 has 13 to 15 digits).
// - up to 12 digits: whole seconds, as versions before 1.1 wrote them
//   (year 9999 ends at 253402300799, 12 digits). Read as the last
//   millisecond of that second: the activity happened somewhere in it, and
//   taking its end never signs anyone out before the limit has passed.
// Anything else, or beyond year 9999, is rejected (fail closed).
std::optional<std::int64_t> parse_stamp_ms(std::string_view text);

// The client's idleFor value. A leading '-' is accepted and clamps to 0
// (SPEC 5: negative means 0). Empty, non-digits, or more than 9 digits are
// rejected (no real tab is idle for 30 years).
enum class IdleForError { none, empty, not_a_number, too_large };
struct IdleFor {
  std::int64_t seconds = 0;
  IdleForError error = IdleForError::none;
};
IdleFor parse_idle_for(std::string_view text);
const char *describe(IdleForError error);

}  // namespace session_security

#endif
