// Finds where the client's <script> tag goes in an HTML stream, one chunk at
// a time, with a few bytes of state: just before the first "</head>", or,
// when the document has no head end, before the first "</body>".
//
// The scanner skips comments ("<!-- ... -->") and the contents of <script>
// and <style> elements, so a "</head>" written inside them is not taken for
// the real one. It also notices a tag that is already there (the attribute
// "data-session-security" anywhere outside comments), so a page that passes
// through two protected servers, or an internal redirect, gets one tag.
//
// Offsets are absolute: counted in bytes from the start of the stream.
#ifndef SESSION_SECURITY_HTML_SCANNER_H
#define SESSION_SECURITY_HTML_SCANNER_H

#include <cstddef>
#include <cstdint>

namespace session_security {

// document_end: neither end tag came; the tag was appended to a navigation's
// page (InsertionSplicer::finish).
enum class Anchor { none, head_end, body_end, document_end };

class HtmlScanner {
 public:
  struct Found {
    Anchor anchor = Anchor::none;  // none: not found (yet)
    std::uint64_t offset = 0;      // where the tag goes, when found
  };

  // Scans the next `length` bytes of the stream. Stops at the first anchor
  // found or when the existing tag is seen; later calls then do nothing.
  Found feed(const char *data, std::size_t length);

  // Bytes from this offset on may be the start of an anchor that the next
  // chunk completes: they must be held back, not passed on yet. Equal to
  // consumed() when nothing is pending; never more than 6 bytes behind it.
  std::uint64_t hold_from() const;

  std::uint64_t consumed() const { return consumed_; }
  const Found &found() const { return found_; }
  bool already_tagged() const { return already_tagged_; }
  // The tokenizer's data state (not inside a tag, comment, script, style
  // or other raw text): what comes next would be a new node.
  bool in_data_state() const {
    return mode_ == Mode::text && token_length_ == 0 && !awaiting_delimiter_;
  }
  bool finished() const {
    return found_.anchor != Anchor::none || already_tagged_;
  }

 private:
  enum class Mode : std::uint8_t { text, comment, script, style };

  void step(char c);
  void step_text(char c);
  void step_raw(char c, const char *end_tag);
  void step_marker(char c);
  void start_token(char c);

  Mode mode_ = Mode::text;
  // The prefix of a markup token matched so far, lower-cased ("</hea").
  char token_[10] = {};
  std::uint8_t token_length_ = 0;
  std::uint64_t token_start_ = 0;
  // A token fully matched that still needs its delimiter ('>', '/' or a
  // blank) to count, as "</head" must not match "</header>".
  bool awaiting_delimiter_ = false;
  std::uint8_t dashes_ = 0;  // consecutive '-' seen inside a comment
  std::uint8_t marker_length_ = 0;
  bool already_tagged_ = false;
  Found found_;
  std::uint64_t consumed_ = 0;
};

}  // namespace session_security

#endif
