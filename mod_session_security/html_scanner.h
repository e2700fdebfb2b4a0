// Finds where the client's <script> tag goes in an HTML stream, one chunk at
// a time, with a fixed few hundred bytes of state and no allocation: just
// before the first real "</head" end tag, or, when that comes later or not
// at all, before the first real "</body" end tag; on request, at the end of
// the document (InsertionSplicer::finish).
//
// "Real" is what the WHATWG HTML tokenizer (HTML Living Standard, 13.2.5)
// says: the scanner runs its states (data, tags and attribute values,
// comments and bogus comments, DOCTYPE, RCDATA, RAWTEXT, script data with
// its escapes, CDATA in foreign content) so that a "</head>" inside an
// attribute value, a comment, a <title>, a <textarea> or a script is never
// taken for the end of the head. It also follows the few parts of tree
// construction that decide whether a tag written there would be an HTML
// <script> that runs: it does not insert inside <svg>/<math> (foreign
// content, whose rules it tracks with a bounded stack), a <template>, or a
// <select>, and stops for good (no insertion) where it cannot be sure: after
// <plaintext>, in a <frameset> document, in markup it does not model, in
// a document that begins with a UTF-16 byte order mark (ASCII written into
// UTF-16 text would corrupt it), or at an ISO-2022-JP escape to a two-byte
// set (the bytes after it are not ASCII characters). <noscript> is raw text, as
// in a browser with scripting enabled: the only browser in which the client
// runs.
//
// It reads the nonce that a <meta http-equiv="Content-Security-Policy">
// policy asks scripts for (meta_nonce), which a tag written after it must
// carry.
//
// It notices a tag that is already there (an attribute named exactly
// "data-session-security" on a start tag), so a page that passes through two
// protected servers, or an internal redirect, gets one tag.
//
// XHTML served as application/xhtml+xml is read by an XML parser, not the
// HTML one (Syntax::xml): there, no element holds raw text (<script/> and
// <title/> are empty elements, and a <script>'s content is markup), comments
// end only at "-->", CDATA sections exist everywhere, processing
// instructions end at "?>", a DOCTYPE may hold an internal subset with '>'
// in it, and the tree rules above do not apply: in a well-formed document
// an end tag closes the element opened last, so the anchors are the end tags
// of the <head> and <body> children of the <html> root, found by depth.
//
// Offsets are absolute: counted in bytes from the start of the stream.
#ifndef SESSION_SECURITY_HTML_SCANNER_H
#define SESSION_SECURITY_HTML_SCANNER_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace session_security {

enum class Anchor { none, head_end, body_end, document_end };

// Reads a Content-Security-Policy (one policy, as a <meta> element holds
// it) one character at a time and keeps the nonce that its directive for
// <script> elements asks for: script-src-elem, else script-src, else
// default-src, the first directive of a name counting (CSP 3, 2.2.1).
// Fixed storage; a nonce longer than kMaxNonce, or with characters other
// than base64's, is not one.
class PolicyNonceReader {
 public:
  static constexpr std::size_t kMaxNonce = 64;
  void reset() { *this = PolicyNonceReader(); }
  void feed(unsigned char c);
  // After the last character.
  void finish();
  std::string_view nonce() const {
    return best_rank_ < kNone ? std::string_view(nonce_, nonce_length_)
                              : std::string_view();
  }

 private:
  static constexpr std::uint8_t kNone = 3;  // no directive for scripts yet
  void end_token();
  void end_directive();

  static constexpr std::size_t kTokenBytes = kMaxNonce + 8;  // 'nonce-...'
  char token_[kTokenBytes] = {};
  std::uint8_t token_length_ = 0;  // kTokenBytes + 1: too long
  bool in_sources_ = false;        // the directive's name was read
  bool capture_ = false;           // this directive's nonce is the one
  std::uint8_t seen_ = 0;          // bit per directive name read
  std::uint8_t best_rank_ = kNone;
  char nonce_[kMaxNonce] = {};
  std::uint8_t nonce_length_ = 0;
};

// The parser the browser reads the page with: text/html, or an XML parser
// (application/xhtml+xml).
enum class Syntax : std::uint8_t { html, xml };

class HtmlScanner {
 public:
  struct Found {
    Anchor anchor = Anchor::none;  // none: not found (yet)
    std::uint64_t offset = 0;      // where the tag goes, when found
  };

  explicit HtmlScanner(Syntax syntax = Syntax::html) : syntax_(syntax) {}

  // Scans the next `length` bytes of the stream. Stops at the first anchor
  // found, when the existing tag is seen, or when it gives up; later calls
  // then do nothing.
  Found feed(const char *data, std::size_t length);

  // At the end of the stream: whether a tag appended after everything
  // scanned would be an HTML script element (the tokenizer is in its data
  // state, outside foreign content, templates and selects).
  bool can_append() const;
  // Records the end of the document as the anchor when can_append().
  Found insert_at_end();

  // Bytes from this offset on may be the start of an anchor that the next
  // chunk completes: they must be held back, not passed on yet. Equal to
  // consumed() when nothing is pending; never more than 6 bytes behind it.
  std::uint64_t hold_from() const;

  std::uint64_t consumed() const { return consumed_; }
  const Found &found() const { return found_; }
  bool already_tagged() const { return already_tagged_; }
  // The nonce that the first <meta http-equiv="Content-Security-Policy">
  // read so far (outside templates) asks <script> elements for, or "": a
  // tag written after it must carry it to run.
  std::string_view meta_nonce() const {
    return meta_nonce_found_ ? meta_policy_.nonce() : std::string_view();
  }
  // The scanner stopped without an anchor: nothing may be inserted.
  bool gave_up() const { return gave_up_; }
  bool finished() const {
    return found_.anchor != Anchor::none || already_tagged_ || gave_up_;
  }

  // The tokenizer states the scanner runs (named as in the standard).
  enum class State : std::uint8_t {
    data,
    tag_open,
    end_tag_open,
    tag_name,
    before_attribute_name,
    attribute_name,
    after_attribute_name,
    before_attribute_value,
    attribute_value_double_quoted,
    attribute_value_single_quoted,
    attribute_value_unquoted,
    after_attribute_value_quoted,
    self_closing_start_tag,
    bogus_comment,
    markup_declaration_open,
    comment_start,
    comment_start_dash,
    comment,
    comment_less_than_sign,
    comment_less_than_sign_bang,
    comment_less_than_sign_bang_dash,
    comment_less_than_sign_bang_dash_dash,
    comment_end_dash,
    comment_end,
    comment_end_bang,
    doctype,  // every DOCTYPE state: all of them end at the first '>'
    cdata_section,
    cdata_section_bracket,
    cdata_section_end,
    rcdata,
    rcdata_less_than_sign,
    rcdata_end_tag_open,
    rcdata_end_tag_name,
    rawtext,
    rawtext_less_than_sign,
    rawtext_end_tag_open,
    rawtext_end_tag_name,
    script_data,
    script_data_less_than_sign,
    script_data_end_tag_open,
    script_data_end_tag_name,
    script_data_escape_start,
    script_data_escape_start_dash,
    script_data_escaped,
    script_data_escaped_dash,
    script_data_escaped_dash_dash,
    script_data_escaped_less_than_sign,
    script_data_escaped_end_tag_open,
    script_data_escaped_end_tag_name,
    script_data_double_escape_start,
    script_data_double_escaped,
    script_data_double_escaped_dash,
    script_data_double_escaped_dash_dash,
    script_data_double_escaped_less_than_sign,
    script_data_double_escape_end,
    // Syntax::xml only: comments, processing instructions and the DOCTYPE
    // (with its internal subset) as an XML parser reads them.
    xml_comment,
    xml_comment_dash,
    xml_comment_dash_dash,
    xml_processing_instruction,
    xml_processing_instruction_question,
    xml_doctype,
  };
  State state() const { return state_; }

  static constexpr std::size_t kMaxForeignDepth = 32;
  static constexpr std::size_t kMaxTemplateDepth = 255;

 private:
  // Which element's end tag closes the current RCDATA, RAWTEXT or script
  // data ("appropriate end tag" in the standard).
  enum class Text : std::uint8_t {
    none,
    title,
    textarea,
    style,
    xmp,
    iframe,
    noembed,
    noframes,
    noscript,
    script
  };

  void step(unsigned char c);
  void start_tag_token(bool end_tag);
  void append_name(unsigned char c);
  // Whether the current tag's name is `name` (a literal: its length is
  // known at compile time, which keeps the many comparisons cheap).
  template <std::size_t N>
  bool name_is(const char (&name)[N]) const {
    return name_length_ == N - 1 && N - 1 <= kNameBytes &&
           std::memcmp(name_, name, N - 1) == 0;
  }
  bool name_is_text(Text text) const;
  void finish_attribute_name();
  void end_tag_name_complete();
  void emit_tag();
  void html_start_tag();
  void html_end_tag();
  void foreign_start_tag();
  void foreign_end_tag();
  void push_foreign(bool math);
  bool appropriate_end_tag() const;
  bool may_insert() const;
  void give_up() { gave_up_ = true; }
  void shift_escape(unsigned char c);
  void read_value(const char *data, std::size_t length);
  void read_value_char(unsigned char c);
  void resolve_reference(unsigned char next);
  void end_value();
  void meta_complete();
  void xml_doctype_step(unsigned char c);
  bool xml() const { return syntax_ == Syntax::xml; }

  Syntax syntax_ = Syntax::html;
  State state_ = State::data;
  // After an appropriate end tag's name in RCDATA/RAWTEXT/script data: the
  // tag states run on, and its emission only returns to the data state.
  bool closing_text_ = false;
  Text text_ = Text::none;

  // The current tag: its name (the first bytes, lower-cased, and a hash of
  // all of it), whether it is an end tag, its flags.
  static constexpr std::size_t kNameBytes = 16;
  char name_[kNameBytes] = {};
  std::uint8_t name_length_ = 0;  // saturates at 255
  std::uint32_t name_hash_ = 0;
  bool end_tag_ = false;
  bool self_closing_ = false;
  bool tagged_attribute_ = false;    // has data-session-security
  bool breakout_attribute_ = false;  // has color, face or size (<font>)
  bool has_attributes_ = false;
  std::uint64_t tag_start_ = 0;  // offset of its '<'

  // The current attribute name, as far as it can match one we look for.
  static constexpr std::size_t kAttributeBytes = 24;
  char attribute_[kAttributeBytes] = {};
  std::uint8_t attribute_length_ = 0;  // saturates at 255

  // A <meta> start tag's http-equiv and content values, read until the
  // first Content-Security-Policy one with a nonce: which value is being
  // read (0: none, 1: http-equiv, 2: content), how much of
  // "content-security-policy" http-equiv matched (255: no match), and a
  // character reference being decoded in content (the policy's quotes are
  // often written &#39;).
  bool meta_tag_ = false;
  bool meta_http_equiv_seen_ = false;
  bool meta_content_seen_ = false;
  std::uint8_t value_sink_ = 0;
  std::uint8_t http_equiv_matched_ = 255;
  static constexpr std::size_t kReferenceBytes = 8;
  char reference_[kReferenceBytes] = {};
  std::uint8_t reference_length_ = 0;
  bool in_reference_ = false;
  bool meta_nonce_found_ = false;
  PolicyNonceReader meta_policy_;

  // Progress through "--", "DOCTYPE" or "[CDATA[" after "<!".
  const char *declaration_ = nullptr;
  std::uint8_t declaration_matched_ = 0;

  // Syntax::xml: where in the DOCTYPE (xml_doctype_step), and the quote of
  // the literal it is in, or 0; how many elements are open, and whether the
  // root is <html>.
  std::uint8_t dtd_ = 0;
  unsigned char dtd_quote_ = 0;
  bool xml_root_html_ = false;
  std::uint32_t xml_depth_ = 0;

  // Open foreign elements (svg, math and their descendants): name hash and
  // flags, so end tags are matched as the standard matches them.
  std::uint32_t foreign_names_[kMaxForeignDepth] = {};
  std::uint8_t foreign_flags_[kMaxForeignDepth] = {};
  std::uint8_t foreign_depth_ = 0;

  std::uint8_t template_depth_ = 0;
  bool in_select_ = false;
  std::uint8_t select_template_depth_ = 0;

  unsigned char first_byte_ = 0;
  std::uint8_t escape_ = 0;  // ISO-2022-JP: 1 after ESC, 2 after ESC (

  bool already_tagged_ = false;
  bool gave_up_ = false;
  Found found_;
  std::uint64_t consumed_ = 0;
};

// False when the Content-Type names a charset in which ASCII markup is not
// written byte for byte (UTF-16, UTF-32, UCS-2/4, UTF-7): the scanner reads
// bytes as ASCII, and the tag (ASCII) would corrupt such a page.
bool charset_is_ascii_compatible(std::string_view content_type);

// Whether a Content-Type (or Content-Encoding) value names `essence` (in
// lower case): that name in any case, then nothing, blanks or parameters.
// Never "text/htmlx", "text/html-sandboxed" or "text/html, text/plain",
// which browsers do not render as HTML.
bool names_media_type(std::string_view value, std::string_view essence);

}  // namespace session_security

#endif
