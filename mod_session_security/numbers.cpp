#include "numbers.h"

namespace session_security {
namespace {

constexpr std::int64_t kTenYears = 10LL * 366 * 24 * 3600;
constexpr std::int64_t kYear9999 = 253402300799LL;  // 9999-12-31T23:59:59Z
constexpr std::int64_t kYear9999Ms = kYear9999 * 1000 + 999;
constexpr std::size_t kMinMillisDigits = 13;  // 1000000000000: 2001
constexpr std::size_t kMaxIdleForDigits = 9;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Digits only; nullopt on anything else or when the value passes `limit`.
std::optional<std::int64_t> parse_digits(std::string_view digits,
                                         std::int64_t limit) {
  if (digits.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > limit) return std::nullopt;  // also stops any overflow
  }
  return value;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::int64_t> parse_directive_seconds(std::string_view text) {
  return parse_digits(trim_blanks(text), kTenYears);
}

std::optional<std::int64_t> parse_stamp_ms(std::string_view text) {
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  if (text.size() >= kMinMillisDigits) return parse_digits(text, kYear9999Ms);
  const std::optional<std::int64_t> seconds = parse_digits(text, kYear9999);
  if (!seconds) return std::nullopt;
  return *seconds * 1000 + 999;
}

IdleFor parse_idle_for(std::string_view text) {
  IdleFor result;
  if (text.empty()) {
    result.error = IdleForError::empty;
    return result;
  }
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) {
    result.error = IdleForError::not_a_number;
    return result;
  }
  for (char c : text) {
    if (!is_digit(c)) {
      result.error = IdleForError::not_a_number;
      return result;
    }
  }
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  if (text.size() > kMaxIdleForDigits) {
    result.error = IdleForError::too_large;
    return result;
  }
  std::int64_t value = *parse_digits(text, INT64_MAX);
  result.seconds = negative ? 0 : value;
  return result;
}

const char *describe(IdleForError error) {
  switch (error) {
    case IdleForError::none:
      return "ok";
    case IdleForError::empty:
      return "idleFor is empty";
    case IdleForError::not_a_number:
      return "idleFor is not a whole number";
    case IdleForError::too_large:
      return "idleFor is too large";
  }
  return "idleFor is invalid";
}

}  // namespace session_security
