// The differential check shared by the fuzz target (tests/fuzz/
// fuzz_differential.cpp) and the corpus unit test (tests/unit/
// differential_test.cpp): parses a page before and after the output filter
// with gumbo, a real HTML5 parser, and says whether the page means exactly
// what it meant, plus the one script element we insert.
#ifndef SESSION_SECURITY_TESTS_DOM_COMPARE_H
#define SESSION_SECURITY_TESTS_DOM_COMPARE_H

#include <string>
#include <string_view>

namespace session_security::testing {

enum class Placement {
  // The script is a child of head or body (what real pages must get).
  head_or_body_child,
  // Anywhere under head or body with only HTML elements, no template,
  // above it: it is then an HTML script that runs. Malformed markup can
  // leave an element open where the anchor is (e.g. "<p></head>"), and the
  // parser puts the script inside it.
  under_head_or_body,
};

// "" when `output` is `input` with exactly one more node, an HTML script
// element with the attributes of `tag` and no content, placed as asked,
// and every other node (text, titles, textareas, attribute values,
// comments) as it was; or, when `inserted` is false, when `output` is
// byte-identical to `input`. Otherwise a description of the difference.
//
// Both documents are parsed with two tag names replaced, where gumbo
// (0.10, 2016) is not what the scanner must match:
// - gumbo parses as a browser with scripting disabled, the scanner as one
//   with scripting enabled (the only kind where the client runs), in which
//   <noscript> is raw text: it is read as <noframes>, raw text in both (a
//   page with both names is then only compared byte for byte: the input
//   with the tag inserted once).
// - gumbo misplaces the text before a </form> (it moves it after the
//   form); <form> changes no tokenizer state and nothing the scanner
//   follows, so it is read as an ordinary element, <fxrm>.
std::string compare_pages(std::string_view input, std::string_view output,
                          std::string_view tag, bool inserted,
                          Placement placement);

}  // namespace session_security::testing

#endif
