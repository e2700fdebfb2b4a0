#include "ping.h"

#include <algorithm>

namespace session_security {
namespace {

constexpr std::int64_t kMsPerSecond = 1000;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

// Decodes %XX (and '+' as a space, as forms encode it); false on a broken
// escape or a byte a path must not hold.
bool decode_page(std::string_view text, std::string *out) {
  out->clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+') {
      c = ' ';
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
    if (out->size() >= kMaxPagePath) return false;
    out->push_back(c);
  }
  return !out->empty() && out->front() == '/';
}

}  // namespace

PingQuery parse_ping_query(std::string_view query) {
  PingQuery result;
  auto fail = [&result](const char *why) {
    result.valid = false;
    result.error = why;
    return result;
  };
  while (!query.empty()) {
    std::size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view()
                                          : query.substr(end + 1);
    std::size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (name == "page") {
      if (result.has_page) return fail("page is given more than once");
      if (!decode_page(value, &result.page)) {
        return fail("page is not an absolute path");
      }
      result.has_page = true;
      continue;
    }
    if (name != "idleFor") continue;
    if (result.has_idle_for) return fail("idleFor is given more than once");
    IdleFor parsed = parse_idle_for(value);
    if (parsed.error != IdleForError::none) return fail(describe(parsed.error));
    result.has_idle_for = true;
    result.idle_for = parsed.seconds;
  }
  return result;
}

PingAnswer answer_ping(const Verdict &verdict, const PingQuery &query,
                       std::int64_t now_ms) {
  PingAnswer answer;
  if (verdict.outcome == Outcome::expired) {
    answer.logout = true;
    return answer;
  }
  answer.idle = verdict.idle;
  if (verdict.write_last_activity) {  // a fresh session gets its first stamp
    answer.write_last_activity = true;
    answer.new_last_activity = verdict.new_last_activity;
  }
  if (!query.has_idle_for) return answer;
  const std::int64_t stored = answer.write_last_activity
                                  ? answer.new_last_activity
                                  : verdict.last_activity;
  const std::int64_t merged = now_ms - query.idle_for * kMsPerSecond;
  if (merged > stored) {
    answer.write_last_activity = true;
    answer.new_last_activity = merged;
  }
  const std::int64_t last = std::max(merged, stored);
  answer.idle = std::max<std::int64_t>(0, now_ms - last) / kMsPerSecond;
  return answer;
}

std::string encode_page(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (is_unreserved(c) || c == '/') {
      out += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

std::string ping_body(const PingAnswer &answer) {
  return answer.logout ? std::string("\"logout\"")
                       : std::to_string(answer.idle);
}

}  // namespace session_security
