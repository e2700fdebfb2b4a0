#include "counters.h"

#include <array>

namespace session_security {
namespace {

struct Description {
  const char *auto_name;
  const char *group;  // the HTML table's first column
  const char *label;
};

// In the order of enum class Counter.
constexpr std::array<Description, kCounterCount> kDescriptions{{
    {"SessionSecuritySignOutsInactivity", "Sign-outs", "inactivity"},
    {"SessionSecuritySignOutsLifetime", "Sign-outs", "lifetime"},
    {"SessionSecuritySignOutsInvalid", "Sign-outs", "invalid stamp"},
    {"SessionSecurityPingsAnswered", "Pings", "answered"},
    {"SessionSecurityPingsRejectedMethod", "Pings rejected", "method"},
    {"SessionSecurityPingsRejectedCrossSite", "Pings rejected", "cross-site"},
    {"SessionSecurityPingsRejectedBadQuery", "Pings rejected", "bad query"},
    {"SessionSecurityPingsRejectedOther", "Pings rejected", "other"},
    {"SessionSecurityStampsWritten", "Stamps", "written"},
    {"SessionSecurityStampsThrottled", "Stamps", "throttled"},
    {"SessionSecurityPagesTagged", "Pages", "given the tag"},
    {"SessionSecurityPagesUntouchedNotHtml", "Pages untouched", "not HTML"},
    {"SessionSecurityPagesUntouchedStatus", "Pages untouched",
     "status not 200"},
    {"SessionSecurityPagesUntouchedHead", "Pages untouched", "HEAD request"},
    {"SessionSecurityPagesUntouchedEncoded", "Pages untouched",
     "Content-Encoding"},
    {"SessionSecurityPagesUntouchedAttachment", "Pages untouched",
     "attachment"},
    {"SessionSecurityPagesUntouchedRange", "Pages untouched", "range request"},
    {"SessionSecurityPagesUntouchedSubrequest", "Pages untouched",
     "subrequest"},
    {"SessionSecurityPagesUntouchedScriptRequest", "Pages untouched",
     "script request"},
    {"SessionSecurityPagesUntouchedCharset", "Pages untouched",
     "charset not ASCII-compatible"},
    {"SessionSecurityPagesUntouchedMarkup", "Pages untouched",
     "markup the scanner does not follow"},
    {"SessionSecurityPagesUntouchedAlreadyTagged", "Pages untouched",
     "tag already there"},
    {"SessionSecurityPagesUntouchedNoHeadOrBody", "Pages untouched",
     "no </head> or </body>"},
    {"SessionSecurityPagesUntouchedOther", "Pages untouched", "other"},
}};

std::size_t index_of(Counter counter) {
  return static_cast<std::size_t>(counter);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void escape_html(std::string &out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

const char *auto_name(Counter counter) {
  return counter == Counter::count ? ""
                                   : kDescriptions[index_of(counter)].auto_name;
}

Counter sign_out_counter(ExpiryReason reason) {
  switch (reason) {
    case ExpiryReason::idle:
      return Counter::sign_outs_inactivity;
    case ExpiryReason::lifetime:
      return Counter::sign_outs_lifetime;
    default:
      return Counter::sign_outs_invalid;
  }
}

Counter ping_rejected_counter(int http_status) {
  switch (http_status) {
    case 405:
      return Counter::pings_rejected_method;
    case 403:
      return Counter::pings_rejected_cross_site;
    case 400:
      return Counter::pings_rejected_bad_query;
    default:
      return Counter::pings_rejected_other;
  }
}

Counter untouched_counter(std::string_view reason) {
  struct Prefix {
    std::string_view text;
    Counter counter;
  };
  static constexpr Prefix kPrefixes[] = {
      {"not HTML", Counter::pages_untouched_not_html},
      {"status", Counter::pages_untouched_status},
      {"HEAD", Counter::pages_untouched_head},
      {"already encoded", Counter::pages_untouched_encoded},
      {"attachment", Counter::pages_untouched_attachment},
      {"range", Counter::pages_untouched_range},
      {"subrequest", Counter::pages_untouched_subrequest},
      {"script request", Counter::pages_untouched_script_request},
      {"charset", Counter::pages_untouched_charset},
      {"markup", Counter::pages_untouched_markup},
      {"tag already", Counter::pages_untouched_already_tagged},
      {"page already carries", Counter::pages_untouched_already_tagged},
      {"no </head>", Counter::pages_untouched_no_head_or_body},
  };
  for (const Prefix &p : kPrefixes) {
    if (starts_with(reason, p.text)) return p.counter;
  }
  return Counter::pages_untouched_other;
}

const char *expired_note(ExpiryReason reason) {
  switch (reason) {
    case ExpiryReason::idle:
      return "expired:inactivity";
    case ExpiryReason::lifetime:
      return "expired:lifetime";
    default:
      return "expired:invalid";
  }
}

std::string render_auto(const CounterValues &values) {
  std::string out;
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    out += kDescriptions[i].auto_name;
    out += ": ";
    out += std::to_string(values[i]);
    out += '\n';
  }
  return out;
}

std::string render_html(const CounterValues &values, std::string_view since) {
  std::string out =
      "<hr />\n<h2><a name=\"session_security\">mod_session_security"
      "</a></h2>\n<p>Counters since ";
  escape_html(out, since);
  out += ", all children:</p>\n<table border=\"0\">\n";
  for (std::size_t i = 0; i < kCounterCount; ++i) {
    out += "<tr><th align=\"left\">";
    escape_html(out, kDescriptions[i].group);
    out += "</th><td>";
    escape_html(out, kDescriptions[i].label);
    out += "</td><td align=\"right\">";
    out += std::to_string(values[i]);
    out += "</td></tr>\n";
  }
  out += "</table>\n";
  return out;
}

}  // namespace session_security
