// The counters shown in server-status, without httpd types: their names,
// how a judgement maps to them, and their rendering (HTML and ?auto).
#ifndef SESSION_SECURITY_COUNTERS_H
#define SESSION_SECURITY_COUNTERS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "verdict.h"

namespace session_security {

enum class Counter : std::size_t {
  sign_outs_inactivity,
  sign_outs_lifetime,
  sign_outs_invalid,  // unreadable stamp, or one from the future
  pings_answered,
  pings_rejected_method,
  pings_rejected_cross_site,
  pings_rejected_bad_query,
  pings_rejected_other,
  stamps_written,
  stamps_throttled,
  pages_tagged,
  pages_untouched_not_html,
  pages_untouched_status,
  pages_untouched_head,
  pages_untouched_encoded,
  pages_untouched_attachment,
  pages_untouched_range,
  pages_untouched_subrequest,
  pages_untouched_script_request,
  pages_untouched_charset,
  pages_untouched_markup,
  pages_untouched_already_tagged,
  pages_untouched_no_head_or_body,
  pages_untouched_other,
  count  // not a counter: the number of them
};
constexpr std::size_t kCounterCount = static_cast<std::size_t>(Counter::count);

// "SessionSecuritySignOutsInactivity", as printed by server-status?auto.
const char *auto_name(Counter counter);

Counter sign_out_counter(ExpiryReason reason);
// The reason a ping was refused, from the HTTP status it was refused with.
Counter ping_rejected_counter(int http_status);
// The reason the output filter gave for leaving a page untouched (its log
// text: "not HTML", "HEAD request", ...); unknown texts count as "other".
Counter untouched_counter(std::string_view reason);

// The request note (%{session-security}n): "expired:inactivity", ...
const char *expired_note(ExpiryReason reason);

using CounterValues = std::uint64_t[kCounterCount];
// `SessionSecurity<Name>: N` lines, one per counter.
std::string render_auto(const CounterValues &values);
// A section for server-status' HTML page.
std::string render_html(const CounterValues &values, std::string_view since);

}  // namespace session_security

#endif
