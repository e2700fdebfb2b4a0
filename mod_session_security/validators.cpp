#include "validators.h"

namespace session_security {

std::string tagged_etag(std::string_view etag) {
  if (etag.size() >= 2 && etag.substr(0, 2) == "W/") etag.remove_prefix(2);
  if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"') return {};
  const std::string_view opaque = etag.substr(1, etag.size() - 2);
  if (opaque.find('"') != std::string_view::npos) return {};
  std::string out = "W/\"";
  out.append(opaque);
  out.append(kTaggedMark);
  out += '"';
  return out;
}

std::string tagged_copies_only(std::string_view if_none_match,
                               bool keep_untagged) {
  std::string out;
  std::size_t i = 0;
  const std::size_t n = if_none_match.size();
  while (i < n) {
    const char c = if_none_match[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    if (c == '*') return "*";
    const std::size_t start = i;
    if (if_none_match.substr(i, 2) == "W/") i += 2;
    const std::size_t open = i;
    const std::size_t close = open < n && if_none_match[open] == '"'
                                  ? if_none_match.find('"', open + 1)
                                  : std::string_view::npos;
    if (close == std::string_view::npos) {
      // Not an entity tag: up to the next comma, dropped.
      const std::size_t comma = if_none_match.find(',', open);
      i = comma == std::string_view::npos ? n : comma + 1;
      continue;
    }
    const std::string_view tag = if_none_match.substr(start, close + 1 - start);
    std::string_view opaque = if_none_match.substr(open + 1, close - open - 1);
    i = close + 1;
    const std::size_t mark = opaque.find(kTaggedMark);
    if (mark == std::string_view::npos && !keep_untagged) continue;
    if (!out.empty()) out += ", ";
    if (mark == std::string_view::npos) {
      out.append(tag);
      continue;
    }
    out += "W/\"";
    out.append(opaque.substr(0, mark));
    out.append(opaque.substr(mark + kTaggedMark.size()));
    out += '"';
  }
  return out;
}

}  // namespace session_security
