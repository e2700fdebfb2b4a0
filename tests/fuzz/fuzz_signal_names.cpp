// libFuzzer target: the names of the module's signal headers and
// variables (judge_rule.h). Checks each answer against an independent
// reading: lower-case the name, turn '_' into '-', compare the prefix.
// The input read as a Cookie header: no crumb of the mark survives
// without_cookie, and nothing is added.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "judge_rule.h"

namespace {

std::string folded(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += c == '_' ? '-' : (u < 0x80 ? static_cast<char>(std::tolower(u)) : c);
  }
  return out;
}

bool starts_with(const std::string &s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  using namespace session_security;
  const std::string_view name(reinterpret_cast<const char *>(data), size);
  const std::string f = folded(name);
  check(is_signal_header_name(name) == starts_with(f, "x-session-security-"));
  std::string unprefixed = f;
  while (starts_with(unprefixed, "redirect-")) unprefixed.erase(0, 9);
  check(is_signal_variable_name(name) ==
        starts_with(unprefixed, "http-x-session-security-"));

  bool found = false;
  const std::string kept = without_cookie(name, "mark", &found);
  check(kept.size() <= name.size());
  bool again = true;
  check(without_cookie(kept, "mark", &again) == kept && !again);
  return 0;
}
