#include "script_tag.h"

#include <array>

#include "draft_key.h"
#include "ping.h"

namespace session_security {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool is_nonce_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' ||
         c == '_' || c == '=';
}

// Splits "name value value" into its name and the rest.
std::string_view directive_name(std::string_view directive,
                                std::string_view *values) {
  std::size_t start = 0;
  while (start < directive.size() && is_blank(directive[start])) ++start;
  std::size_t end = start;
  while (end < directive.size() && !is_blank(directive[end])) ++end;
  *values = directive.substr(end);
  return directive.substr(start, end - start);
}

// The nonce of a source list, "" when it has none.
std::string nonce_in(std::string_view sources) {
  std::size_t i = 0;
  while (i < sources.size()) {
    while (i < sources.size() && is_blank(sources[i])) ++i;
    std::size_t end = i;
    while (end < sources.size() && !is_blank(sources[end])) ++end;
    const std::string_view token = sources.substr(i, end - i);
    constexpr std::string_view kPrefix = "'nonce-";
    if (token.size() > kPrefix.size() + 1 && token.back() == '\'' &&
        equals_ignoring_case(token.substr(0, kPrefix.size()), kPrefix)) {
      const std::string_view value =
          token.substr(kPrefix.size(), token.size() - kPrefix.size() - 1);
      bool valid = true;
      for (char c : value) valid = valid && is_nonce_char(c);
      if (valid) return std::string(value);
    }
    i = end;
  }
  return {};
}

}  // namespace

std::string escape_attribute(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// The nonce of one policy (no comma), "" when it has none.
std::string policy_script_nonce(std::string_view policy) {
  // CSP's own fallback order for <script> elements; the first directive of
  // a name counts, later duplicates are ignored (CSP 3, 2.2.1).
  constexpr std::array<std::string_view, 3> kOrder = {
      "script-src-elem", "script-src", "default-src"};
  for (std::string_view wanted : kOrder) {
    std::string_view rest = policy;
    while (!rest.empty()) {
      const std::size_t semicolon = rest.find(';');
      const std::string_view directive = rest.substr(0, semicolon);
      rest = semicolon == std::string_view::npos ? std::string_view()
                                                 : rest.substr(semicolon + 1);
      std::string_view values;
      if (equals_ignoring_case(directive_name(directive, &values), wanted)) {
        return nonce_in(values);
      }
    }
  }
  return {};
}

}  // namespace

std::string script_nonce(std::string_view header) {
  // A header value is a comma-separated list of policies (CSP 3, 2.2.2);
  // no source expression holds a comma.
  while (true) {
    const std::size_t comma = header.find(',');
    std::string nonce = policy_script_nonce(header.substr(0, comma));
    if (!nonce.empty() || comma == std::string_view::npos) return nonce;
    header.remove_prefix(comma + 1);
  }
}

std::string build_script_tag(const Settings &s, std::string_view version,
                             std::string_view nonce, std::string_view page,
                             std::int64_t idle_ms, std::int64_t lifetime_left) {
  std::string tag = "<script src=\"";
  tag += escape_attribute(script_url(s));
  tag += "?v=";
  tag += escape_attribute(version);
  // Valued attributes: the tag is valid HTML and well-formed XML at once,
  // so XHTML served as application/xhtml+xml stays well-formed.
  tag += "\" defer=\"defer\" data-session-security=\"\"";
  auto attribute = [&tag](std::string_view name, std::string_view value) {
    tag += " data-";
    tag += name;
    tag += "=\"";
    tag += escape_attribute(value);
    tag += '"';
  };
  attribute("warn-after", std::to_string(warn_after(s)));
  attribute("expire-after", std::to_string(expire_after(s)));
  if (idle_ms >= 0) attribute("idle-ms", std::to_string(idle_ms));
  std::string ping = ping_url(s);
  if (!page.empty()) ping += "?page=" + encode_page(page);
  attribute("ping-url", ping);
  if (lifetime_left >= 0) {
    attribute("lifetime-left", std::to_string(lifetime_left));
  }
  if (const char *logout = logout_url(s)) attribute("logout-url", logout);
  if (keeps_drafts(s)) {
    // Where the key is and how long a draft lives; never the key itself,
    // which a page's HTML would leave in caches and history.
    attribute("drafts", std::to_string(draft_lifetime(s)));
    attribute("draft-key-url", draft_key_url(ping_url(s)));
  }
  if (const char *confirm = confirm_form_discard(s)) {
    // Unset: empty, so the client asks in the page's language.
    attribute("confirm-form-discard",
              s.confirm_form_discard != nullptr ? confirm : "");
  }
  for (int i = 0; i < kTextCount; ++i) {
    const auto which = static_cast<Text>(i);
    // Defaults are shipped in the client; only what httpd.conf changed goes
    // into every page.
    if (s.texts[i] == nullptr) continue;
    attribute(std::string("text-") + text_name(which), text(s, which));
  }
  // Texts for one language: data-text-LANG-NAME (the client, which knows the
  // page's language, picks its own).
  for_each_language_text(s, [&](const char *language, Text which,
                                const char *value) {
    attribute(std::string("text-") + language + "-" + text_name(which), value);
  });
  // Last, so that the filter can give the tag another nonce once it has
  // read the page's own policy (insert_filter.cpp).
  if (!nonce.empty()) {
    tag += " nonce=\"";
    tag += escape_attribute(nonce);
    tag += '"';
  }
  tag += kScriptTagEnd;
  return tag;
}

}  // namespace session_security
