#include "ping.h"

#include <algorithm>

namespace session_security {

PingQuery parse_ping_query(std::string_view query) {
  PingQuery result;
  constexpr std::string_view kName = "idleFor";
  while (!query.empty()) {
    std::size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view()
                                          : query.substr(end + 1);
    std::size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (name != kName) continue;
    if (result.has_idle_for) {
      result.valid = false;
      result.error = "idleFor is given more than once";
      return result;
    }
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    IdleFor parsed = parse_idle_for(value);
    if (parsed.error != IdleForError::none) {
      result.valid = false;
      result.error = describe(parsed.error);
      return result;
    }
    result.has_idle_for = true;
    result.idle_for = parsed.seconds;
  }
  return result;
}

PingAnswer answer_ping(const Verdict &verdict, const PingQuery &query,
                       std::int64_t now) {
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
  if (query.has_idle_for && query.idle_for < verdict.idle) {
    const std::int64_t merged = now - query.idle_for;
    const std::int64_t stored = answer.write_last_activity
                                    ? answer.new_last_activity
                                    : verdict.last_activity;
    if (merged > stored) {
      answer.write_last_activity = true;
      answer.new_last_activity = merged;
    }
    answer.idle = std::max<std::int64_t>(0, query.idle_for);
  }
  return answer;
}

std::string ping_body(const PingAnswer &answer) {
  return answer.logout ? std::string("\"logout\"")
                       : std::to_string(answer.idle);
}

}  // namespace session_security
