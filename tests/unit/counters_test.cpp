#include "counters.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace session_security {
namespace {

TEST(Counters, EveryCounterHasAUniqueAutoName) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    const std::string name = auto_name(static_cast<Counter>(i));
    EXPECT_EQ(name.rfind("SessionSecurity", 0), 0u) << name;
    EXPECT_EQ(name.find_first_of(" :\n"), std::string::npos) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), kCounterCount);
}

TEST(Counters, SignOutReasons) {
  EXPECT_EQ(sign_out_counter(ExpiryReason::idle),
            Counter::sign_outs_inactivity);
  EXPECT_EQ(sign_out_counter(ExpiryReason::lifetime),
            Counter::sign_outs_lifetime);
  EXPECT_EQ(sign_out_counter(ExpiryReason::unreadable_stamp),
            Counter::sign_outs_invalid);
  EXPECT_EQ(sign_out_counter(ExpiryReason::future_stamp),
            Counter::sign_outs_invalid);
  EXPECT_STREQ(expired_note(ExpiryReason::idle), "expired:inactivity");
  EXPECT_STREQ(expired_note(ExpiryReason::lifetime), "expired:lifetime");
  EXPECT_STREQ(expired_note(ExpiryReason::future_stamp), "expired:invalid");
}

TEST(Counters, PingRejections) {
  EXPECT_EQ(ping_rejected_counter(405), Counter::pings_rejected_method);
  EXPECT_EQ(ping_rejected_counter(403), Counter::pings_rejected_cross_site);
  EXPECT_EQ(ping_rejected_counter(400), Counter::pings_rejected_bad_query);
  EXPECT_EQ(ping_rejected_counter(500), Counter::pings_rejected_other);
}

// The texts insert_filter.cpp gives (its SSEC060/062/063 messages).
TEST(Counters, UntouchedReasonsFromTheFilterTexts) {
  EXPECT_EQ(untouched_counter("not HTML"), Counter::pages_untouched_not_html);
  EXPECT_EQ(untouched_counter("status is not 200"),
            Counter::pages_untouched_status);
  EXPECT_EQ(untouched_counter("HEAD request"), Counter::pages_untouched_head);
  EXPECT_EQ(untouched_counter("already encoded (Content-Encoding)"),
            Counter::pages_untouched_encoded);
  EXPECT_EQ(untouched_counter("attachment"),
            Counter::pages_untouched_attachment);
  EXPECT_EQ(untouched_counter("range request"), Counter::pages_untouched_range);
  EXPECT_EQ(untouched_counter("subrequest"),
            Counter::pages_untouched_subrequest);
  EXPECT_EQ(untouched_counter("script request (fetch/XHR)"),
            Counter::pages_untouched_script_request);
  EXPECT_EQ(untouched_counter("charset is not ASCII-compatible"),
            Counter::pages_untouched_charset);
  EXPECT_EQ(untouched_counter("markup the scanner does not follow"),
            Counter::pages_untouched_markup);
  EXPECT_EQ(untouched_counter("tag already inserted for this request"),
            Counter::pages_untouched_already_tagged);
  EXPECT_EQ(untouched_counter("page already carries the client tag"),
            Counter::pages_untouched_already_tagged);
  EXPECT_EQ(untouched_counter("no </head> or </body>"),
            Counter::pages_untouched_no_head_or_body);
  EXPECT_EQ(untouched_counter("something new"), Counter::pages_untouched_other);
  EXPECT_EQ(untouched_counter(""), Counter::pages_untouched_other);
}

TEST(Counters, AutoLinesInOrder) {
  CounterValues values{};
  values[static_cast<std::size_t>(Counter::sign_outs_inactivity)] = 3;
  values[static_cast<std::size_t>(Counter::pages_untouched_other)] =
      18446744073709551615u;
  const std::string out = render_auto(values);
  EXPECT_EQ(out.rfind("SessionSecuritySignOutsInactivity: 3\n", 0), 0u) << out;
  EXPECT_NE(out.find("\nSessionSecurityPingsAnswered: 0\n"), std::string::npos);
  const std::string last =
      "SessionSecurityPagesUntouchedOther: 18446744073709551615\n";
  EXPECT_EQ(out.substr(out.size() - last.size()), last);
  std::size_t lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, kCounterCount);
}

TEST(Counters, HtmlSectionEscapesAndListsEveryCounter) {
  CounterValues values{};
  values[static_cast<std::size_t>(Counter::pages_tagged)] = 42;
  const std::string out = render_html(values, "<then>");
  EXPECT_NE(out.find("mod_session_security"), std::string::npos);
  EXPECT_NE(out.find("since &lt;then&gt;"), std::string::npos);
  EXPECT_EQ(out.find("<then>"), std::string::npos);
  EXPECT_NE(out.find("<td>given the tag</td><td align=\"right\">42</td>"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("no &lt;/head&gt; or &lt;/body&gt;"), std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = out.find("<tr>"); at != std::string::npos;
       at = out.find("<tr>", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, kCounterCount);
}

}  // namespace
}  // namespace session_security
