// libFuzzer target: the stamp, idleFor and directive-seconds parsers.
// Checks each accepted value against an independent reading of the input,
// so a parser that accepts garbage, or misreads a number, is found.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "numbers.h"

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  using namespace session_security;
  const std::string_view text(reinterpret_cast<const char *>(data), size);

  if (const auto stamp = parse_stamp(text)) {
    check(all_digits(text) && text.size() <= 19);
    check(text.size() == 1 || text[0] != '0');
    check(std::to_string(*stamp) == text);
  }

  const IdleFor idle = parse_idle_for(text);
  if (idle.error == IdleForError::none) {
    check(idle.seconds >= 0 && idle.seconds <= 999999999);
    if (!text.empty() && text[0] == '-') {
      check(idle.seconds == 0);
    } else {
      check(all_digits(text) && std::stoll(std::string(text)) == idle.seconds);
    }
  }

  if (const auto seconds = parse_directive_seconds(text)) {
    check(*seconds >= 0 && *seconds <= 10LL * 366 * 24 * 3600);
  }
  return 0;
}
