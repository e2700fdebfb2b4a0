#include "html_scanner.h"

#include <cstring>

namespace session_security {
namespace {

constexpr const char kMarker[] = "data-session-security";
constexpr std::size_t kMarkerLength = sizeof kMarker - 1;

// Tokens recognised in text, in order of how they are told apart.
constexpr const char *kTextTokens[] = {"<!--", "</head", "</body", "<script",
                                       "<style"};

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool is_delimiter(char c) {
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' ||
         c == '\r' || c == '\f';
}

bool starts_with(const char *text, const char *prefix, std::size_t length) {
  return std::strncmp(text, prefix, length) == 0 && std::strlen(text) >= length;
}

}  // namespace

HtmlScanner::Found HtmlScanner::feed(const char *data, std::size_t length) {
  for (std::size_t i = 0; i < length && !finished(); ++i) {
    step(lower(data[i]));
    ++consumed_;
  }
  return found_;
}

std::uint64_t HtmlScanner::hold_from() const {
  if (mode_ == Mode::text && token_length_ > 0 &&
      (starts_with("</head", token_, token_length_) ||
       starts_with("</body", token_, token_length_))) {
    return token_start_;
  }
  return consumed_;
}

void HtmlScanner::start_token(char c) {
  token_length_ = 0;
  awaiting_delimiter_ = false;
  if (c == '<') {
    token_[token_length_++] = c;
    token_start_ = consumed_;
  }
}

void HtmlScanner::step(char c) {
  if (mode_ != Mode::comment) step_marker(c);
  if (already_tagged_) return;
  switch (mode_) {
    case Mode::text:
      step_text(c);
      break;
    case Mode::comment:
      if (c == '>' && dashes_ >= 2) {
        mode_ = Mode::text;
      }
      dashes_ = c == '-'
                    ? static_cast<std::uint8_t>(dashes_ < 2 ? dashes_ + 1 : 2)
                    : 0;
      break;
    case Mode::script:
      step_raw(c, "</script");
      break;
    case Mode::style:
      step_raw(c, "</style");
      break;
  }
}

void HtmlScanner::step_marker(char c) {
  if (c == kMarker[marker_length_]) {
    if (++marker_length_ == kMarkerLength) already_tagged_ = true;
  } else {
    // 'd' occurs only at the start of the marker, so no other prefix can
    // be a suffix of what was matched.
    marker_length_ = c == kMarker[0] ? 1 : 0;
  }
}

void HtmlScanner::step_text(char c) {
  if (awaiting_delimiter_) {
    if (!is_delimiter(c)) {
      start_token(c);
      return;
    }
    const std::size_t n = token_length_;
    token_length_ = 0;
    awaiting_delimiter_ = false;
    if (std::strncmp(token_, "</head", n) == 0) {
      found_ = {Anchor::head_end, token_start_};
    } else if (std::strncmp(token_, "</body", n) == 0) {
      found_ = {Anchor::body_end, token_start_};
    } else if (std::strncmp(token_, "<script", n) == 0) {
      mode_ = Mode::script;
    } else {
      mode_ = Mode::style;
    }
    return;
  }
  if (token_length_ == 0) {
    start_token(c);
    return;
  }
  token_[token_length_] = c;
  const std::size_t n = token_length_ + 1u;
  bool prefix_of_some = false;
  for (const char *candidate : kTextTokens) {
    if (std::strncmp(candidate, token_, n) != 0) continue;
    prefix_of_some = true;
    if (std::strlen(candidate) != n) continue;
    if (candidate[1] == '!') {  // "<!--": no delimiter needed
      mode_ = Mode::comment;
      dashes_ = 0;
      token_length_ = 0;
      return;
    }
    awaiting_delimiter_ = true;
  }
  if (prefix_of_some) {
    token_length_ = static_cast<std::uint8_t>(n);
  } else {
    start_token(c);
  }
}

void HtmlScanner::step_raw(char c, const char *end_tag) {
  const std::size_t end_length = std::strlen(end_tag);
  if (awaiting_delimiter_) {
    if (is_delimiter(c)) {
      mode_ = Mode::text;
      token_length_ = 0;
      awaiting_delimiter_ = false;
    } else {
      start_token(c);
    }
    return;
  }
  if (token_length_ == 0) {
    start_token(c);
    return;
  }
  if (c == end_tag[token_length_]) {
    token_[token_length_++] = c;
    if (token_length_ == end_length) awaiting_delimiter_ = true;
  } else {
    start_token(c);
  }
}

}  // namespace session_security
