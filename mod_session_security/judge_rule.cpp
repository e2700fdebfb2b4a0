#include "judge_rule.h"

namespace session_security {

Step decide(const RequestPlace &place) {
  const bool owns_response = place.hop != Hop::subrequest;
  if (place.is_script_url && owns_response) return Step::serve_script;
  if (place.is_language_url && owns_response) return Step::serve_language;
  if (place.chain_judged) return Step::carry;
  if (!place.protected_here) return Step::pass;
  if (place.is_ping_url && owns_response) return Step::answer_ping;
  // Never to a subrequest: its body would be part of a page, and the key
  // must reach only the script that asked for it.
  if (place.is_draft_key_url && owns_response) return Step::answer_draft_key;
  return Step::judge;
}

const char *signed_out_reason(ExpiryReason reason) {
  switch (reason) {
    case ExpiryReason::idle:
      return "inactivity";
    case ExpiryReason::lifetime:
      return "lifetime";
    case ExpiryReason::none:
    case ExpiryReason::unreadable_stamp:
    case ExpiryReason::future_stamp:
      break;
  }
  return "invalid";
}

namespace {

// Case-insensitive, with '_' and '-' alike. `folded` is lower case with '-'.
bool starts_with_folded(std::string_view name, std::string_view folded) {
  if (name.size() < folded.size()) return false;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
    if (c != folded[i]) return false;
  }
  return true;
}

}  // namespace

bool is_signal_header_name(std::string_view name) {
  return starts_with_folded(name, "x-session-security-");
}

bool is_signal_variable_name(std::string_view name) {
  // An internal redirect renames its predecessor's variables REDIRECT_*,
  // once per hop: a client's header, exported by an unprotected CGI that
  // failed into a protected ErrorDocument, arrives as one of those.
  constexpr std::string_view kRedirect = "redirect-";
  while (starts_with_folded(name, kRedirect))
    name.remove_prefix(kRedirect.size());
  return starts_with_folded(name, "http-x-session-security-");
}

std::string without_cookie(std::string_view header, std::string_view name,
                           bool *found) {
  *found = false;
  std::string kept;
  char separator = '\0';  // the one before the crumb being read
  while (true) {
    const std::size_t end = header.find_first_of(";,");
    std::string_view crumb = header.substr(0, end);
    std::string_view trimmed = crumb;
    while (!trimmed.empty() &&
           (trimmed.front() == ' ' || trimmed.front() == '\t')) {
      trimmed.remove_prefix(1);
    }
    if (trimmed.size() > name.size() &&
        trimmed.substr(0, name.size()) == name && trimmed[name.size()] == '=') {
      *found = true;
    } else if (!trimmed.empty()) {
      if (kept.empty()) {
        kept.append(trimmed);
      } else {
        kept += separator;
        kept.append(crumb);
      }
    }
    if (end == std::string_view::npos) break;
    separator = header[end];
    header.remove_prefix(end + 1);
  }
  return kept;
}

}  // namespace session_security
