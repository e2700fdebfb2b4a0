#include "html_scanner.h"

#include <cstring>

namespace session_security {
namespace {

using State = HtmlScanner::State;

constexpr const char kTaggedAttribute[] = "data-session-security";

// Foreign element flags.
constexpr std::uint8_t kMath = 1;         // MathML, else SVG
constexpr std::uint8_t kIntegration = 2;  // HTML or MathML text integration

bool is_space(unsigned char c) {
  // CR counts: the input stream turns it into LF before the tokenizer.
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_alpha(unsigned char c) {
  const unsigned char l = c | 0x20;
  return l >= 'a' && l <= 'z';
}

unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
}

constexpr std::uint32_t kHashBasis = 2166136261u;  // FNV-1a
constexpr std::uint32_t kHashPrime = 16777619u;

// Start tags that end foreign content (13.2.6.5), <font> aside.
constexpr const char *kBreakouts[] = {
    "b",      "big",    "blockquote", "body",    "br",    "center", "code",
    "dd",     "div",    "dl",         "dt",      "em",    "embed",  "h1",
    "h2",     "h3",     "h4",         "h5",      "h6",    "head",   "hr",
    "i",      "img",    "li",         "listing", "menu",  "meta",   "nobr",
    "ol",     "p",      "pre",        "ruby",    "s",     "small",  "span",
    "strong", "strike", "sub",        "sup",     "table", "tt",     "u",
    "ul",     "var"};

const char *text_name(int text) {
  static constexpr const char *kNames[] = {
      "",       "title",   "textarea", "style",    "xmp",
      "iframe", "noembed", "noframes", "noscript", "script"};
  return kNames[text];
}

bool is_nonce_char(unsigned char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
         c == '-' || c == '_' || c == '=';
}

bool is_alnum(unsigned char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

constexpr char kPolicyHttpEquiv[] = "content-security-policy";

}  // namespace

void PolicyNonceReader::feed(unsigned char c) {
  if (c == ';') {
    end_token();
    end_directive();
  } else if (is_space(c)) {
    end_token();
  } else if (token_length_ < kTokenBytes) {
    token_[token_length_++] = static_cast<char>(c);
  } else {
    token_length_ = kTokenBytes + 1;  // too long to be a name or a nonce
  }
}

void PolicyNonceReader::end_token() {
  if (token_length_ == 0) return;
  const std::size_t n = token_length_ <= kTokenBytes ? token_length_ : 0;
  if (!in_sources_) {
    in_sources_ = true;
    static constexpr const char *kNames[] = {"script-src-elem", "script-src",
                                             "default-src"};
    for (std::uint8_t rank = 0; rank < kNone; ++rank) {
      const std::size_t length = std::strlen(kNames[rank]);
      bool same = n == length;
      for (std::size_t i = 0; same && i < n; ++i) {
        same = lower(static_cast<unsigned char>(token_[i])) ==
               static_cast<unsigned char>(kNames[rank][i]);
      }
      if (!same) continue;
      const auto bit = static_cast<std::uint8_t>(1u << rank);
      // The first directive of a name counts; a more specific one governs.
      if ((seen_ & bit) == 0) {
        seen_ |= bit;
        if (rank < best_rank_) {
          best_rank_ = rank;
          nonce_length_ = 0;
          capture_ = true;
        }
      }
      break;
    }
  } else if (capture_ && nonce_length_ == 0 && n > 8 && token_[n - 1] == '\'') {
    constexpr char kPrefix[] = "'nonce-";
    bool nonce = true;
    for (std::size_t i = 0; nonce && i < sizeof kPrefix - 1; ++i) {
      nonce = lower(static_cast<unsigned char>(token_[i])) ==
              static_cast<unsigned char>(kPrefix[i]);
    }
    const std::size_t length = n - sizeof kPrefix;  // without the quotes
    for (std::size_t i = 0; nonce && i < length; ++i) {
      nonce = is_nonce_char(static_cast<unsigned char>(token_[7 + i]));
    }
    if (nonce && length <= kMaxNonce) {
      std::memcpy(nonce_, token_ + 7, length);
      nonce_length_ = static_cast<std::uint8_t>(length);
    }
  }
  token_length_ = 0;
}

void PolicyNonceReader::end_directive() {
  in_sources_ = false;
  capture_ = false;
  token_length_ = 0;
}

void PolicyNonceReader::finish() {
  end_token();
  end_directive();
}

void HtmlScanner::start_tag_token(bool end_tag) {
  end_tag_ = end_tag;
  name_length_ = 0;
  name_hash_ = kHashBasis;
  self_closing_ = false;
  tagged_attribute_ = false;
  breakout_attribute_ = false;
  has_attributes_ = false;
  meta_tag_ = false;
  meta_http_equiv_seen_ = false;
  meta_content_seen_ = false;
  value_sink_ = 0;
  http_equiv_matched_ = 255;
}

void HtmlScanner::append_name(unsigned char c) {
  c = lower(c);
  if (name_length_ < kNameBytes) name_[name_length_] = static_cast<char>(c);
  if (name_length_ < 255) ++name_length_;
  name_hash_ = (name_hash_ ^ c) * kHashPrime;
}

bool HtmlScanner::name_is_text(Text text) const {
  const char *name = text_name(static_cast<int>(text));
  const std::size_t n = std::strlen(name);
  return n == name_length_ && std::memcmp(name_, name, n) == 0;
}

void HtmlScanner::finish_attribute_name() {
  const std::size_t n = attribute_length_;
  has_attributes_ = true;
  if (n == sizeof kTaggedAttribute - 1 &&
      std::memcmp(attribute_, kTaggedAttribute, n) == 0) {
    tagged_attribute_ = true;
  } else if ((n == 4 && (std::memcmp(attribute_, "face", 4) == 0 ||
                         std::memcmp(attribute_, "size", 4) == 0)) ||
             (n == 5 && std::memcmp(attribute_, "color", 5) == 0)) {
    breakout_attribute_ = true;
  }
  if (meta_tag_) {
    // Only the first attribute of a name counts.
    value_sink_ = 0;
    if (n == 10 && std::memcmp(attribute_, "http-equiv", 10) == 0 &&
        !meta_http_equiv_seen_) {
      meta_http_equiv_seen_ = true;
      http_equiv_matched_ = 0;
      value_sink_ = 1;
    } else if (n == 7 && std::memcmp(attribute_, "content", 7) == 0 &&
               !meta_content_seen_) {
      meta_content_seen_ = true;
      meta_policy_.reset();
      in_reference_ = false;
      value_sink_ = 2;
    }
  }
  attribute_length_ = 0;
}

// The bytes of the value being read (value_sink_): http-equiv is matched
// against "content-security-policy" (ASCII case-insensitively, as the
// standard compares it), content goes to the policy reader with its
// character references decoded.
void HtmlScanner::read_value(const char *data, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) {
    read_value_char(static_cast<unsigned char>(data[i]));
  }
}

void HtmlScanner::read_value_char(unsigned char c) {
  if (value_sink_ == 1) {
    if (http_equiv_matched_ < sizeof kPolicyHttpEquiv - 1 &&
        lower(c) ==
            static_cast<unsigned char>(kPolicyHttpEquiv[http_equiv_matched_])) {
      ++http_equiv_matched_;
    } else {
      http_equiv_matched_ = 255;
    }
    return;
  }
  if (value_sink_ != 2) return;
  if (in_reference_) {
    if (c == ';') return resolve_reference(c);
    if ((is_alnum(c) || c == '#') && reference_length_ < kReferenceBytes) {
      reference_[reference_length_++] = static_cast<char>(c);
      return;
    }
    resolve_reference(c);  // ended by `c`, which is read as it is
  }
  if (c == '&') {
    in_reference_ = true;
    reference_length_ = 0;
    return;
  }
  meta_policy_.feed(c);
}

// Decodes the character reference in reference_ (after '&'), ended by
// `next` (';' consumed with it, anything else read afterwards; 0 at the end
// of the value). Numeric ones need no ';', as in HTML; of the named ones the
// few a policy's quotes are written with. A code point outside ASCII is
// fed as 0x80: no name or nonce has one. Anything else stays as written.
void HtmlScanner::resolve_reference(unsigned char next) {
  in_reference_ = false;
  const char *ref = reference_;
  const std::size_t n = reference_length_;
  auto literal = [&](std::size_t from) {
    for (std::size_t i = from; i < n; ++i) {
      meta_policy_.feed(static_cast<unsigned char>(ref[i]));
    }
  };
  if (n > 1 && ref[0] == '#') {
    const bool hex = ref[1] == 'x' || ref[1] == 'X';
    std::size_t i = hex ? 2 : 1;
    const std::size_t digits_from = i;
    std::uint32_t value = 0;
    for (; i < n; ++i) {
      const auto c = static_cast<unsigned char>(ref[i]);
      std::uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        digit = (c | 0x20) - 'a' + 10;
      } else {
        break;
      }
      value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + digit;
    }
    if (i > digits_from) {
      meta_policy_.feed(
          value > 0 && value < 0x80 ? static_cast<unsigned char>(value) : 0x80);
      literal(i);
      if (next == ';' && i < n) meta_policy_.feed(';');
      return;
    }
  } else {
    struct Named {
      const char *name;
      char value;
      bool needs_semicolon;
    };
    static constexpr Named kNamed[] = {{"apos", '\'', true},
                                       {"quot", '"', false},
                                       {"amp", '&', false},
                                       {"lt", '<', false},
                                       {"gt", '>', false}};
    for (const Named &named : kNamed) {
      if (std::strlen(named.name) == n &&
          std::memcmp(named.name, ref, n) == 0 &&
          (next == ';' || !named.needs_semicolon)) {
        meta_policy_.feed(static_cast<unsigned char>(named.value));
        return;
      }
    }
  }
  meta_policy_.feed('&');
  literal(0);
  if (next == ';') meta_policy_.feed(';');
}

void HtmlScanner::end_value() {
  if (value_sink_ == 2) {
    if (in_reference_) resolve_reference(0);
    meta_policy_.finish();
  }
  value_sink_ = 0;
}

// At the end of a <meta> start tag: a policy with a nonce, outside a
// template (whose content is inert), is the one the tag must meet.
void HtmlScanner::meta_complete() {
  meta_tag_ = false;
  if (value_sink_ != 0) end_value();
  if (http_equiv_matched_ == sizeof kPolicyHttpEquiv - 1 &&
      meta_content_seen_ && template_depth_ == 0 &&
      !meta_policy_.nonce().empty()) {
    meta_nonce_found_ = true;
  }
}

bool HtmlScanner::appropriate_end_tag() const { return name_is_text(text_); }

bool HtmlScanner::may_insert() const {
  return foreign_depth_ == 0 && template_depth_ == 0 && !in_select_ &&
         !closing_text_;
}

bool HtmlScanner::can_append() const {
  return !finished() && state_ == State::data && may_insert();
}

HtmlScanner::Found HtmlScanner::insert_at_end() {
  if (can_append()) found_ = {Anchor::document_end, consumed_};
  return found_;
}

std::uint64_t HtmlScanner::hold_from() const {
  if (finished() || !may_insert()) return consumed_;
  switch (state_) {
    case State::tag_open:
    case State::end_tag_open:
      return tag_start_;
    case State::tag_name:
      if (end_tag_ && name_length_ <= 4 &&
          (std::strncmp(name_, "head", name_length_) == 0 ||
           std::strncmp(name_, "body", name_length_) == 0)) {
        return tag_start_;
      }
      return consumed_;
    default:
      return consumed_;
  }
}

void HtmlScanner::end_tag_name_complete() {
  if (!end_tag_ || !may_insert()) return;
  // In XML the document's head and body are the children of its <html>
  // root: a <head> inside a <template>, <svg> or anything else is not.
  if (xml() && (xml_depth_ != 2 || !xml_root_html_)) return;
  if (name_is("head")) {
    found_ = {Anchor::head_end, tag_start_};
  } else if (name_is("body")) {
    found_ = {Anchor::body_end, tag_start_};
  }
}

void HtmlScanner::emit_tag() {
  state_ = State::data;
  if (meta_tag_) meta_complete();
  if (closing_text_) {  // the end of a title, textarea, style, script...
    closing_text_ = false;
    text_ = Text::none;
    return;
  }
  if (!end_tag_ && tagged_attribute_) {
    already_tagged_ = true;
    return;
  }
  // An XML parser has no raw text and no tree rules: in a well-formed
  // document every end tag closes the element open last, so the depth says
  // which "</head>" closes the document's head.
  if (xml()) {
    if (end_tag_) {
      if (xml_depth_ > 0) --xml_depth_;
    } else if (!self_closing_) {
      if (xml_depth_ == 0) xml_root_html_ = name_is("html");
      if (xml_depth_ < UINT32_MAX) ++xml_depth_;
    }
    return;
  }
  if (foreign_depth_ > 0) {
    if (end_tag_) {
      foreign_end_tag();
    } else {
      foreign_start_tag();
    }
  } else if (end_tag_) {
    html_end_tag();
  } else {
    html_start_tag();
  }
}

void HtmlScanner::html_start_tag() {
  auto enter = [this](State state, Text text) {
    state_ = state;
    text_ = text;
  };
  if (in_select_) {
    // Inside <select>, parsers written before and after the 2025 change to
    // select parsing disagree on most content: only what they agree on is
    // followed.
    if (name_is("option") || name_is("optgroup") || name_is("hr")) return;
    if (name_is("script")) return enter(State::script_data, Text::script);
    if (name_is("select") || name_is("input") || name_is("keygen")) {
      in_select_ = false;
      return;
    }
    if (name_is("textarea")) {
      in_select_ = false;
      return enter(State::rcdata, Text::textarea);
    }
    return give_up();
  }
  // Most tags are none of those below: told apart by length and first
  // letter before any comparison.
  if (name_length_ < 3 || name_length_ > 9) return;
  switch (name_[0]) {
    case 'f':
    case 'i':
    case 'm':
    case 'n':
    case 'p':
    case 's':
    case 't':
    case 'x':
      break;
    default:
      return;
  }
  if (name_is("svg") || name_is("math")) {
    if (!self_closing_) push_foreign(name_is("math"));
    return;
  }
  // The self-closing flag does not apply to these in HTML: <title/> opens.
  if (name_is("title")) return enter(State::rcdata, Text::title);
  if (name_is("textarea")) return enter(State::rcdata, Text::textarea);
  if (name_is("style")) return enter(State::rawtext, Text::style);
  if (name_is("xmp")) return enter(State::rawtext, Text::xmp);
  if (name_is("iframe")) return enter(State::rawtext, Text::iframe);
  if (name_is("noembed")) return enter(State::rawtext, Text::noembed);
  if (name_is("noframes")) return enter(State::rawtext, Text::noframes);
  if (name_is("noscript")) return enter(State::rawtext, Text::noscript);
  if (name_is("script")) return enter(State::script_data, Text::script);
  // Nothing after <plaintext> is markup; in a frameset document a script
  // outside the head is dropped by the parser.
  if (name_is("plaintext") || name_is("frameset")) return give_up();
  if (name_is("template")) {
    if (template_depth_ == kMaxTemplateDepth) return give_up();
    ++template_depth_;
    return;
  }
  if (name_is("select")) {
    in_select_ = true;
    select_template_depth_ = template_depth_;
  }
}

void HtmlScanner::html_end_tag() {
  if (name_is("template")) {
    if (template_depth_ == 0) return;  // ignored by the parser
    --template_depth_;
    // The end of a template closes what was opened inside it.
    if (in_select_ && select_template_depth_ > template_depth_) {
      in_select_ = false;
    }
  } else if (name_is("select")) {
    in_select_ = false;
  }
}

void HtmlScanner::push_foreign(bool math) {
  if (foreign_depth_ == kMaxForeignDepth) return give_up();
  std::uint8_t flags = math ? kMath : 0;
  const bool integration =
      math ? (name_is("mi") || name_is("mo") || name_is("mn") ||
              name_is("ms") || name_is("mtext") || name_is("annotation-xml"))
           : (name_is("foreignobject") || name_is("desc") || name_is("title"));
  if (integration) flags |= kIntegration;
  foreign_names_[foreign_depth_] = name_hash_;
  foreign_flags_[foreign_depth_] = flags;
  ++foreign_depth_;
}

void HtmlScanner::foreign_start_tag() {
  const std::uint8_t top = foreign_flags_[foreign_depth_ - 1];
  // Start tags in an integration point are HTML again, inside the foreign
  // element: not modelled (rare in pages), so no insertion from here on.
  if ((top & kIntegration) != 0) return give_up();
  bool breakout = name_is("font") && breakout_attribute_;
  for (const char *name : kBreakouts) {
    const std::size_t n = std::strlen(name);
    breakout =
        breakout || (n == name_length_ && std::memcmp(name_, name, n) == 0);
  }
  if (breakout) {  // pops every foreign element, then is HTML
    foreign_depth_ = 0;
    return html_start_tag();
  }
  // Children are in their parent's namespace; their contents are markup
  // (no RCDATA or RAWTEXT in foreign content).
  if (!self_closing_) push_foreign((top & kMath) != 0);
}

void HtmlScanner::foreign_end_tag() {
  // An end tag with attributes (a parse error) closes nothing in some
  // parsers (gumbo) where the standard closes its element.
  if (has_attributes_) return give_up();
  // </p> and </br> end foreign content since a 2020 change to the
  // standard; parsers written before it put an HTML element inside.
  if (name_is("p") || name_is("br")) return give_up();
  // Inside an integration point, an end tag of an element further out
  // closes it in the standard and is ignored by parsers that take end tags
  // there for HTML ones (gumbo).
  if ((foreign_flags_[foreign_depth_ - 1] & kIntegration) != 0 &&
      foreign_names_[foreign_depth_ - 1] != name_hash_) {
    return give_up();
  }
  for (std::size_t k = foreign_depth_; k-- > 0;) {
    if (foreign_names_[k] == name_hash_) {
      foreign_depth_ = static_cast<std::uint8_t>(k);
      return;
    }
  }
  // Unmatched, so handled as in HTML's "in body": </head> is ignored;
  // </body> and </html> leave the foreign elements open in "after body",
  // where parsers differ: no insertion after them.
  if (name_is("head")) return;
  if (name_is("template")) {
    if (template_depth_ > 0) {
      foreign_depth_ = 0;
      html_end_tag();
    }
    return;
  }
  // Whether it closes an HTML element around the foreign content depends on
  // the HTML elements open, which the scanner does not keep.
  give_up();
}

// ISO-2022-JP (declared in a <meta>, or detected by the browser): after
// ESC $ @ or ESC $ B (JIS X 0208) or ESC ( I (half-width katakana) the bytes
// are not ASCII characters, and a "</head>" among them is two kanji, until
// ESC ( B or ESC ( J. Whatever the page's encoding, no insertion from such
// an escape on: no other encoding has it in pages.
void HtmlScanner::shift_escape(unsigned char c) {
  const std::uint8_t progress = escape_;
  escape_ = c == 0x1B ? 1 : 0;
  if (progress == 1 && c == '$') return give_up();
  if (progress == 1 && c == '(') escape_ = 2;
  if (progress == 2 && c == 'I') return give_up();
}

HtmlScanner::Found HtmlScanner::feed(const char *data, std::size_t length) {
  // Escapes (ESC, 0x1B) are looked for once per chunk; skipped runs end
  // before them.
  const char *escape =
      static_cast<const char *>(std::memchr(data, 0x1B, length));
  std::size_t i = 0;
  while (i < length && !finished()) {
    if (consumed_ >= 2 && escape_ == 0) {
      // Runs of bytes that cannot change the state are skipped at memchr's
      // speed.
      int stop = -1;
      switch (state_) {
        case State::data:
        case State::rcdata:
        case State::rawtext:
        case State::script_data:
          stop = '<';
          break;
        case State::bogus_comment:
        case State::doctype:
          stop = '>';
          break;
        case State::attribute_value_double_quoted:
          stop = '"';
          break;
        case State::attribute_value_single_quoted:
          stop = '\'';
          break;
        case State::xml_comment:
          stop = '-';
          break;
        case State::xml_processing_instruction:
          stop = '?';
          break;
        default:
          break;
      }
      if (stop >= 0) {
        const std::size_t limit =
            escape != nullptr ? static_cast<std::size_t>(escape - (data + i))
                              : length - i;
        const void *hit = std::memchr(data + i, stop, limit);
        const std::size_t skip =
            hit == nullptr ? limit
                           : static_cast<std::size_t>(
                                 static_cast<const char *>(hit) - (data + i));
        if (value_sink_ != 0) read_value(data + i, skip);  // quoted values
        i += skip;
        consumed_ += skip;
        if (i == length) break;
      }
    }
    const auto c = static_cast<unsigned char>(data[i]);
    if (consumed_ == 0) first_byte_ = c;
    if (consumed_ == 1 && ((first_byte_ == 0xFF && c == 0xFE) ||
                           (first_byte_ == 0xFE && c == 0xFF))) {
      give_up();  // UTF-16: ASCII markup would not be markup there
      break;
    }
    if (escape_ != 0 || c == 0x1B) {
      shift_escape(c);
      if (finished()) break;
    }
    step(c);
    ++i;
    ++consumed_;
    if (escape != nullptr && data + i > escape) {
      escape =
          static_cast<const char *>(std::memchr(data + i, 0x1B, length - i));
    }
  }
  return found_;
}

// One input character; `continue` reconsumes it in the new state.
void HtmlScanner::step(unsigned char c) {
  for (;;) {
    switch (state_) {
      case State::data:
        if (c == '<') {
          tag_start_ = consumed_;
          state_ = State::tag_open;
        }
        return;

      // ---- tags ----
      case State::tag_open:
        if (c == '!') {
          declaration_ = nullptr;
          declaration_matched_ = 0;
          state_ = State::markup_declaration_open;
          return;
        }
        if (c == '/') {
          state_ = State::end_tag_open;
          return;
        }
        if (is_alpha(c)) {
          start_tag_token(false);
          state_ = State::tag_name;
          continue;
        }
        if (c == '?') {  // "<?...?>" in XML, a bogus comment to "<...>" in HTML
          state_ =
              xml() ? State::xml_processing_instruction : State::bogus_comment;
          return;
        }
        state_ = State::data;
        continue;
      case State::end_tag_open:
        if (is_alpha(c)) {
          start_tag_token(true);
          state_ = State::tag_name;
          continue;
        }
        if (c == '>') {
          state_ = State::data;
          return;
        }
        state_ = State::bogus_comment;
        continue;
      case State::tag_name:
        if (is_space(c) || c == '/' || c == '>') {
          end_tag_name_complete();
          if (finished()) return;
          meta_tag_ = !end_tag_ && !meta_nonce_found_ && name_is("meta");
          if (c == '>') return emit_tag();
          state_ = c == '/' ? State::self_closing_start_tag
                            : State::before_attribute_name;
          return;
        }
        append_name(c);
        return;
      case State::before_attribute_name:
        if (is_space(c)) return;
        if (c == '/' || c == '>') {
          state_ = State::after_attribute_name;
          continue;
        }
        attribute_length_ = 0;
        state_ = State::attribute_name;
        if (c == '=') {  // the start of a name here, not a separator
          attribute_[attribute_length_++] = '=';
          return;
        }
        continue;
      case State::attribute_name:
        if (is_space(c) || c == '/' || c == '>') {
          finish_attribute_name();
          state_ = State::after_attribute_name;
          continue;
        }
        if (c == '=') {
          finish_attribute_name();
          state_ = State::before_attribute_value;
          return;
        }
        if (attribute_length_ < kAttributeBytes) {
          attribute_[attribute_length_] = static_cast<char>(lower(c));
        }
        if (attribute_length_ < 255) ++attribute_length_;
        return;
      case State::after_attribute_name:
        if (is_space(c)) return;
        if (c == '/') {
          state_ = State::self_closing_start_tag;
          return;
        }
        if (c == '=') {
          state_ = State::before_attribute_value;
          return;
        }
        if (c == '>') return emit_tag();
        attribute_length_ = 0;
        state_ = State::attribute_name;
        continue;
      case State::before_attribute_value:
        if (is_space(c)) return;
        if (c == '"') {
          state_ = State::attribute_value_double_quoted;
          return;
        }
        if (c == '\'') {
          state_ = State::attribute_value_single_quoted;
          return;
        }
        if (c == '>') return emit_tag();
        state_ = State::attribute_value_unquoted;
        continue;
      case State::attribute_value_double_quoted:
      case State::attribute_value_single_quoted:
        if (c == (state_ == State::attribute_value_double_quoted
                      ? static_cast<unsigned char>('"')
                      : static_cast<unsigned char>('\''))) {
          if (value_sink_ != 0) end_value();
          state_ = State::after_attribute_value_quoted;
        } else if (value_sink_ != 0) {
          read_value_char(c);
        }
        return;
      case State::attribute_value_unquoted:
        if (is_space(c) || c == '>') {
          if (value_sink_ != 0) end_value();
          if (c == '>') return emit_tag();
          state_ = State::before_attribute_name;
        } else if (value_sink_ != 0) {
          read_value_char(c);
        }
        return;
      case State::after_attribute_value_quoted:
        if (is_space(c)) {
          state_ = State::before_attribute_name;
          return;
        }
        if (c == '/') {
          state_ = State::self_closing_start_tag;
          return;
        }
        if (c == '>') return emit_tag();
        state_ = State::before_attribute_name;
        continue;
      case State::self_closing_start_tag:
        if (c == '>') {
          self_closing_ = true;
          return emit_tag();
        }
        state_ = State::before_attribute_name;
        continue;

      // ---- comments and other declarations ----
      case State::bogus_comment:
      case State::doctype:  // every DOCTYPE state emits at '>'
        if (c == '>') state_ = State::data;
        return;
      case State::markup_declaration_open: {
        if (declaration_ == nullptr) {
          if (c == '-') {
            declaration_ = "--";
          } else if (lower(c) == 'd') {
            declaration_ = "doctype";
          } else if (c == '[') {
            declaration_ = "[CDATA[";
          } else {
            state_ = State::bogus_comment;
            continue;
          }
        } else {
          const char want = declaration_[declaration_matched_];
          const bool doctype = declaration_[0] == 'd';
          if ((doctype ? lower(c) : c) != static_cast<unsigned char>(want)) {
            state_ = State::bogus_comment;
            continue;
          }
        }
        if (declaration_[++declaration_matched_] != '\0') return;
        if (declaration_[0] == '-') {
          state_ = xml() ? State::xml_comment : State::comment_start;
        } else if (declaration_[0] == 'd') {
          dtd_ = 0;
          dtd_quote_ = 0;
          state_ = xml() ? State::xml_doctype : State::doctype;
        } else {
          // CDATA sections exist only in foreign content; in HTML the
          // parser takes "<![CDATA[" for a bogus comment. XML has them
          // everywhere.
          state_ = foreign_depth_ > 0 || xml() ? State::cdata_section
                                               : State::bogus_comment;
        }
        return;
      }
      case State::comment_start:
        if (c == '-') {
          state_ = State::comment_start_dash;
          return;
        }
        if (c == '>') {  // "<!-->"
          state_ = State::data;
          return;
        }
        state_ = State::comment;
        continue;
      case State::comment_start_dash:
        if (c == '-') {
          state_ = State::comment_end;
          return;
        }
        if (c == '>') {  // "<!--->"
          state_ = State::data;
          return;
        }
        state_ = State::comment;
        continue;
      case State::comment:
        if (c == '<') {
          state_ = State::comment_less_than_sign;
        } else if (c == '-') {
          state_ = State::comment_end_dash;
        }
        return;
      case State::comment_less_than_sign:
        if (c == '!') {
          state_ = State::comment_less_than_sign_bang;
          return;
        }
        if (c == '<') return;
        state_ = State::comment;
        continue;
      case State::comment_less_than_sign_bang:
        if (c == '-') {
          state_ = State::comment_less_than_sign_bang_dash;
          return;
        }
        state_ = State::comment;
        continue;
      case State::comment_less_than_sign_bang_dash:
        if (c == '-') {
          state_ = State::comment_less_than_sign_bang_dash_dash;
          return;
        }
        state_ = State::comment_end_dash;
        continue;
      case State::comment_less_than_sign_bang_dash_dash:
        // "<!--" nested in a comment: a parse error, same next state.
        state_ = State::comment_end;
        continue;
      case State::comment_end_dash:
        if (c == '-') {
          state_ = State::comment_end;
          return;
        }
        state_ = State::comment;
        continue;
      case State::comment_end:
        if (c == '>') {
          state_ = State::data;
          return;
        }
        if (c == '!') {
          state_ = State::comment_end_bang;
          return;
        }
        if (c == '-') return;
        state_ = State::comment;
        continue;
      case State::comment_end_bang:
        if (c == '-') {
          state_ = State::comment_end_dash;
          return;
        }
        if (c == '>') {  // "--!>"
          state_ = State::data;
          return;
        }
        state_ = State::comment;
        continue;
      case State::cdata_section:
        if (c == ']') state_ = State::cdata_section_bracket;
        return;
      case State::cdata_section_bracket:
        if (c == ']') {
          state_ = State::cdata_section_end;
          return;
        }
        state_ = State::cdata_section;
        continue;
      case State::cdata_section_end:
        if (c == ']') return;
        if (c == '>') {
          state_ = State::data;
          return;
        }
        state_ = State::cdata_section;
        continue;

      // ---- XML (Syntax::xml): comments end only at "-->" ----
      case State::xml_comment:
        if (c == '-') state_ = State::xml_comment_dash;
        return;
      case State::xml_comment_dash:
        state_ = c == '-' ? State::xml_comment_dash_dash : State::xml_comment;
        return;
      case State::xml_comment_dash_dash:
        if (c == '>') {
          state_ = State::data;
        } else if (c != '-') {
          state_ = State::xml_comment;
        }
        return;
      case State::xml_processing_instruction:
        if (c == '?') state_ = State::xml_processing_instruction_question;
        return;
      case State::xml_processing_instruction_question:
        if (c == '>') {
          state_ = State::data;
        } else if (c != '?') {
          state_ = State::xml_processing_instruction;
        }
        return;
      case State::xml_doctype:
        return xml_doctype_step(c);

      // ---- RCDATA and RAWTEXT: only their own end tag ends them ----
      case State::rcdata:
      case State::rawtext:
        if (c == '<') {
          state_ = state_ == State::rcdata ? State::rcdata_less_than_sign
                                           : State::rawtext_less_than_sign;
        }
        return;
      case State::rcdata_less_than_sign:
      case State::rawtext_less_than_sign: {
        const bool rc = state_ == State::rcdata_less_than_sign;
        if (c == '/') {
          state_ =
              rc ? State::rcdata_end_tag_open : State::rawtext_end_tag_open;
          return;
        }
        state_ = rc ? State::rcdata : State::rawtext;
        continue;
      }
      case State::rcdata_end_tag_open:
      case State::rawtext_end_tag_open: {
        const bool rc = state_ == State::rcdata_end_tag_open;
        if (is_alpha(c)) {
          start_tag_token(true);
          state_ =
              rc ? State::rcdata_end_tag_name : State::rawtext_end_tag_name;
        } else {
          state_ = rc ? State::rcdata : State::rawtext;
        }
        continue;
      }
      case State::rcdata_end_tag_name:
      case State::rawtext_end_tag_name:
      case State::script_data_end_tag_name:
      case State::script_data_escaped_end_tag_name: {
        if ((is_space(c) || c == '/' || c == '>') && appropriate_end_tag()) {
          closing_text_ = true;
          if (c == '>') return emit_tag();
          state_ = c == '/' ? State::self_closing_start_tag
                            : State::before_attribute_name;
          return;
        }
        if (is_alpha(c)) {
          append_name(c);
          return;
        }
        switch (state_) {
          case State::rcdata_end_tag_name:
            state_ = State::rcdata;
            break;
          case State::rawtext_end_tag_name:
            state_ = State::rawtext;
            break;
          case State::script_data_end_tag_name:
            state_ = State::script_data;
            break;
          default:
            state_ = State::script_data_escaped;
            break;
        }
        continue;
      }

      // ---- script data, with "<!--" escapes ----
      case State::script_data:
        if (c == '<') state_ = State::script_data_less_than_sign;
        return;
      case State::script_data_less_than_sign:
        if (c == '/') {
          state_ = State::script_data_end_tag_open;
          return;
        }
        if (c == '!') {
          state_ = State::script_data_escape_start;
          return;
        }
        state_ = State::script_data;
        continue;
      case State::script_data_end_tag_open:
        if (is_alpha(c)) {
          start_tag_token(true);
          state_ = State::script_data_end_tag_name;
        } else {
          state_ = State::script_data;
        }
        continue;
      case State::script_data_escape_start:
        if (c == '-') {
          state_ = State::script_data_escape_start_dash;
          return;
        }
        state_ = State::script_data;
        continue;
      case State::script_data_escape_start_dash:
        if (c == '-') {
          state_ = State::script_data_escaped_dash_dash;
          return;
        }
        state_ = State::script_data;
        continue;
      case State::script_data_escaped:
      case State::script_data_escaped_dash:
      case State::script_data_escaped_dash_dash:
        if (c == '-') {
          state_ = state_ == State::script_data_escaped
                       ? State::script_data_escaped_dash
                       : State::script_data_escaped_dash_dash;
        } else if (c == '<') {
          state_ = State::script_data_escaped_less_than_sign;
        } else if (c == '>' && state_ == State::script_data_escaped_dash_dash) {
          state_ = State::script_data;
        } else {
          state_ = State::script_data_escaped;
        }
        return;
      case State::script_data_escaped_less_than_sign:
        if (c == '/') {
          state_ = State::script_data_escaped_end_tag_open;
          return;
        }
        if (is_alpha(c)) {
          start_tag_token(false);  // the name is the temporary buffer
          state_ = State::script_data_double_escape_start;
          continue;
        }
        state_ = State::script_data_escaped;
        continue;
      case State::script_data_escaped_end_tag_open:
        if (is_alpha(c)) {
          start_tag_token(true);
          state_ = State::script_data_escaped_end_tag_name;
        } else {
          state_ = State::script_data_escaped;
        }
        continue;
      case State::script_data_double_escape_start:
      case State::script_data_double_escape_end: {
        const bool start = state_ == State::script_data_double_escape_start;
        if (is_space(c) || c == '/' || c == '>') {
          // "<script" inside "<!--" doubles the escape, "</script" undoes it.
          const bool script = name_is("script");
          state_ = (script == start) ? State::script_data_double_escaped
                                     : State::script_data_escaped;
          return;
        }
        if (is_alpha(c)) {
          append_name(c);
          return;
        }
        state_ = start ? State::script_data_escaped
                       : State::script_data_double_escaped;
        continue;
      }
      case State::script_data_double_escaped:
      case State::script_data_double_escaped_dash:
      case State::script_data_double_escaped_dash_dash:
        if (c == '-') {
          state_ = state_ == State::script_data_double_escaped
                       ? State::script_data_double_escaped_dash
                       : State::script_data_double_escaped_dash_dash;
        } else if (c == '<') {
          state_ = State::script_data_double_escaped_less_than_sign;
        } else if (c == '>' &&
                   state_ == State::script_data_double_escaped_dash_dash) {
          state_ = State::script_data;
        } else {
          state_ = State::script_data_double_escaped;
        }
        return;
      case State::script_data_double_escaped_less_than_sign:
        if (c == '/') {
          start_tag_token(true);
          state_ = State::script_data_double_escape_end;
          return;
        }
        state_ = State::script_data_double_escaped;
        continue;
    }
    return;
  }
}

namespace {

// Where xml_doctype_step is in a DOCTYPE (HtmlScanner::dtd_).
enum Dtd : std::uint8_t {
  kDtdDeclaration,  // <!DOCTYPE name ids, before '[' or after ']'
  kDtdSubset,       // between '[' and ']'
  kDtdLessThan,     // "<" in the subset
  kDtdBang,         // "<!"
  kDtdBangDash,     // "<!-"
  kDtdMarkup,       // a declaration: <!ENTITY ...>, <!ATTLIST ...>
  kDtdComment,      // <!-- ... -->
  kDtdCommentDash,
  kDtdCommentDashDash,
  kDtdInstruction,  // <? ... ?>
  kDtdInstructionQuestion,
};

}  // namespace

// An XML DOCTYPE ends at the first '>' outside its literals and its
// internal subset, whose declarations, comments and processing instructions
// may hold '>', ']' and quotes.
void HtmlScanner::xml_doctype_step(unsigned char c) {
  const bool quoted_here = dtd_ == kDtdDeclaration || dtd_ == kDtdMarkup;
  if (quoted_here && dtd_quote_ != 0) {
    if (c == dtd_quote_) dtd_quote_ = 0;
    return;
  }
  for (;;) {
    switch (dtd_) {
      case kDtdDeclaration:
      case kDtdMarkup:
        if (c == '"' || c == '\'') {
          dtd_quote_ = c;
        } else if (c == '>') {
          if (dtd_ == kDtdDeclaration) {
            state_ = State::data;
          } else {
            dtd_ = kDtdSubset;
          }
        } else if (c == '[' && dtd_ == kDtdDeclaration) {
          dtd_ = kDtdSubset;
        }
        return;
      case kDtdSubset:
        if (c == ']') {
          dtd_ = kDtdDeclaration;
        } else if (c == '<') {
          dtd_ = kDtdLessThan;
        }
        return;
      case kDtdLessThan:
        if (c == '!') {
          dtd_ = kDtdBang;
          return;
        }
        if (c == '?') {
          dtd_ = kDtdInstruction;
          return;
        }
        dtd_ = kDtdMarkup;
        continue;
      case kDtdBang:
      case kDtdBangDash:
        if (c == '-') {
          dtd_ = dtd_ == kDtdBang ? kDtdBangDash : kDtdComment;
          return;
        }
        dtd_ = kDtdMarkup;
        continue;
      case kDtdComment:
        if (c == '-') dtd_ = kDtdCommentDash;
        return;
      case kDtdCommentDash:
        dtd_ = c == '-' ? kDtdCommentDashDash : kDtdComment;
        return;
      case kDtdCommentDashDash:
        if (c == '>') {
          dtd_ = kDtdSubset;
        } else if (c != '-') {
          dtd_ = kDtdComment;
        }
        return;
      case kDtdInstruction:
        if (c == '?') dtd_ = kDtdInstructionQuestion;
        return;
      case kDtdInstructionQuestion:
        if (c == '>') {
          dtd_ = kDtdSubset;
        } else if (c != '?') {
          dtd_ = kDtdInstruction;
        }
        return;
      default:
        dtd_ = kDtdSubset;
        return;
    }
  }
}

namespace {

char folded(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_folded(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (folded(text[i]) != prefix[i]) return false;
  }
  return true;
}

bool is_http_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

bool charset_is_ascii_compatible(std::string_view content_type) {
  // Browsers trim the parameter's name and value (`charset = "utf-16"` is
  // UTF-16 to Chromium), so whitespace around '=' and inside the quote is
  // skipped here too. A match inside another parameter's name only makes
  // the answer more cautious.
  constexpr std::string_view kParameter = "charset";
  for (std::size_t i = 0; i + kParameter.size() <= content_type.size(); ++i) {
    if (!starts_with_folded(content_type.substr(i), kParameter)) continue;
    std::string_view value = content_type.substr(i + kParameter.size());
    while (!value.empty() && is_http_space(value.front())) {
      value.remove_prefix(1);
    }
    if (value.empty() || value.front() != '=') continue;
    value.remove_prefix(1);
    while (!value.empty() && (is_http_space(value.front()) ||
                              value.front() == '"' || value.front() == '\'')) {
      value.remove_prefix(1);
    }
    // ISO-2022-JP shifts into two-byte modes in which the bytes of
    // "</head>" are not markup and the tag's bytes would be kanji.
    for (std::string_view wide :
         {"utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2", "ucs-4",
          "ucs4", "utf-7", "utf7", "unicode", "csunicode", "iso-10646-ucs",
          "iso-2022-jp", "csiso2022jp"}) {
      if (starts_with_folded(value, wide)) return false;
    }
  }
  return true;
}

bool names_media_type(std::string_view value, std::string_view essence) {
  if (!starts_with_folded(value, essence)) return false;
  value.remove_prefix(essence.size());
  while (!value.empty() && is_http_space(value.front())) value.remove_prefix(1);
  return value.empty() || value.front() == ';';
}

}  // namespace session_security
