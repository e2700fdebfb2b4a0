// libFuzzer target: the stamp, idleFor and directive-seconds parsers, and
// the ping's query (idleFor, page).
// Checks each accepted value against an independent reading of the input,
// so a parser that accepts garbage, or misreads a number, is found.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "numbers.h"
#include "ping.h"

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

  if (const auto stamp = parse_stamp_ms(text)) {
    check(all_digits(text) && text.size() <= 15);
    check(text.size() == 1 || text[0] != '0');
    check(*stamp <= 253402300799999LL);
    if (text.size() >= 13) {
      check(std::to_string(*stamp) == text);  // milliseconds as written
    } else {
      check(std::to_string(*stamp / 1000) == text && *stamp % 1000 == 999);
    }
  }

  const PingQuery query = parse_ping_query(text);
  check(query.valid == (query.error == nullptr));
  if (query.valid && query.has_page) {
    check(!query.page.empty() && query.page[0] == '/');
    check(query.page.size() <= kMaxPagePath);
    for (char c : query.page) {
      check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    }
    const PingQuery again = parse_ping_query("page=" + encode_page(query.page));
    check(again.valid && again.has_page && again.page == query.page);
  }
  if (query.valid && query.has_idle_for) {
    check(query.idle_for >= 0 && query.idle_for <= 999999999);
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
