#include "csp_policy.h"

#include <array>
#include <cstddef>

namespace session_security {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A directive of a policy: where its text lies in the header, its name and
// the end of its last source (where a new source goes).
struct Directive {
  std::string_view name;
  std::string_view sources;
  std::size_t sources_end = 0;  // offset in the header
};

// Calls visit(directive) for each directive of the policy at
// header[begin, end), until visit returns false.
template <typename Visit>
void for_each_directive(std::string_view header, std::size_t begin,
                        std::size_t end, Visit visit) {
  std::size_t at = begin;
  while (at < end) {
    std::size_t stop = header.find(';', at);
    if (stop == std::string_view::npos || stop > end) stop = end;
    std::size_t i = at;
    while (i < stop && is_blank(header[i])) ++i;
    std::size_t name_end = i;
    while (name_end < stop && !is_blank(header[name_end])) ++name_end;
    std::size_t last = stop;
    while (last > name_end && is_blank(header[last - 1])) --last;
    Directive d;
    d.name = header.substr(i, name_end - i);
    d.sources = header.substr(name_end, last - name_end);
    d.sources_end = last;
    if (!d.name.empty() && !visit(d)) return;
    at = stop + 1;
  }
}

bool starts_ignoring_case(std::string_view token, std::string_view prefix) {
  return token.size() >= prefix.size() &&
         equals_ignoring_case(token.substr(0, prefix.size()), prefix);
}

// What a source list says about nonces, and about what else could admit an
// external same-origin script.
struct NonceUse {
  bool any = false;     // some 'nonce-...' source
  bool listed = false;  // 'nonce-NONCE' itself
  bool hash = false;    // some 'sha256-...', 'sha384-...', 'sha512-...'
  bool strict_dynamic = false;
  bool self = false;
};

NonceUse nonce_use(std::string_view sources, std::string_view nonce) {
  constexpr std::string_view kPrefix = "'nonce-";
  NonceUse use;
  std::size_t i = 0;
  while (i < sources.size()) {
    while (i < sources.size() && is_blank(sources[i])) ++i;
    std::size_t end = i;
    while (end < sources.size() && !is_blank(sources[end])) ++end;
    const std::string_view token = sources.substr(i, end - i);
    if (token.size() > kPrefix.size() + 1 && token.back() == '\'' &&
        equals_ignoring_case(token.substr(0, kPrefix.size()), kPrefix)) {
      use.any = true;
      // The nonce itself is compared exactly (CSP 3, 6.7.2.3).
      if (token.substr(kPrefix.size(), token.size() - kPrefix.size() - 1) ==
          nonce) {
        use.listed = true;
      }
    }
    for (std::string_view hash : {"'sha256-", "'sha384-", "'sha512-"}) {
      use.hash = use.hash || starts_ignoring_case(token, hash);
    }
    use.strict_dynamic =
        use.strict_dynamic || equals_ignoring_case(token, "'strict-dynamic'");
    use.self = use.self || equals_ignoring_case(token, "'self'");
    i = end;
  }
  return use;
}

// Whether the tag, an external script of this origin, needs its nonce added
// to be admitted, and adding one changes nothing for any other script: the
// directive uses nonces already; or 'strict-dynamic' (which ignores 'self'
// and 'unsafe-inline'); or hashes without 'self' (hashes ignore
// 'unsafe-inline' already). A source list of hosts, 'self' or
// 'unsafe-inline' alone is left: a nonce would turn 'unsafe-inline' off.
bool needs_nonce(const NonceUse &use) {
  if (use.listed) return false;
  return use.any || use.strict_dynamic || (use.hash && !use.self);
}

// Where 'nonce-NONCE' must go in the policy at header[begin, end), or npos
// when the policy admits the tag already or does not use nonces.
std::size_t insertion_point(std::string_view header, std::size_t begin,
                            std::size_t end, std::string_view nonce) {
  // CSP's fallback order for <script> elements; the first directive of a
  // name counts, later duplicates are ignored (CSP 3, 2.2.1).
  constexpr std::array<std::string_view, 3> kOrder = {
      "script-src-elem", "script-src", "default-src"};
  for (std::string_view wanted : kOrder) {
    bool found = false;
    std::size_t at = std::string_view::npos;
    for_each_directive(header, begin, end, [&](const Directive &d) {
      if (!equals_ignoring_case(d.name, wanted)) return true;
      found = true;
      if (needs_nonce(nonce_use(d.sources, nonce))) at = d.sources_end;
      return false;
    });
    if (found) return at;
  }
  return std::string_view::npos;
}

}  // namespace

std::string admit_script_nonce(std::string_view header,
                               std::string_view nonce) {
  std::string out;
  std::size_t copied = 0;  // header bytes already in `out`
  std::size_t begin = 0;
  while (begin <= header.size()) {
    std::size_t end = header.find(',', begin);
    if (end == std::string_view::npos) end = header.size();
    const std::size_t at = insertion_point(header, begin, end, nonce);
    if (at != std::string_view::npos) {
      out.append(header.substr(copied, at - copied));
      out += " 'nonce-";
      out.append(nonce);
      out += '\'';
      copied = at;
    }
    begin = end + 1;
  }
  out.append(header.substr(copied));
  return out;
}

}  // namespace session_security
