// XHTML served as application/xhtml+xml: the browser reads it with an XML
// parser, so the scanner runs with Syntax::xml (html_scanner.h). A
// self-closed <script/> or <title/> is an empty element there, not the start
// of raw text, and comments, CDATA sections, processing instructions and a
// DOCTYPE's internal subset end where XML ends them.
#include <gtest/gtest.h>

#include <string>

#include "html_scanner.h"
#include "insertion_splicer.h"

namespace session_security {
namespace {

using State = HtmlScanner::State;

HtmlScanner scan_split(const std::string &doc, std::size_t cut, Syntax syntax) {
  HtmlScanner s(syntax);
  s.feed(doc.data(), cut);
  s.feed(doc.data() + cut, doc.size() - cut);
  return s;
}

HtmlScanner scan_bytewise(const std::string &doc, Syntax syntax) {
  HtmlScanner s(syntax);
  for (char c : doc) {
    s.feed(&c, 1);
    EXPECT_LE(s.consumed() - s.hold_from(), 6u) << doc;
  }
  return s;
}

template <typename Check>
void every_split(const std::string &doc, Syntax syntax, Check check) {
  for (std::size_t cut = 0; cut <= doc.size(); ++cut) {
    check(scan_split(doc, cut, syntax), "cut at " + std::to_string(cut));
  }
  check(scan_bytewise(doc, syntax), "bytewise");
}

struct Case {
  const char *doc;
  Anchor anchor;
  const char *before;  // the text the anchor must follow (its last match)
};

const Case kXmlFound[] = {
    // Self-closed elements that hold raw text in HTML are empty in XML.
    {"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
     "<head><title/><script src=\"/app.js\"/><style/></head><body/></html>",
     Anchor::head_end, "<style/>"},
    {"<html><head><textarea/><iframe/><noscript/><xmp/><noembed/><noframes/>"
     "</head>",
     Anchor::head_end, "<noframes/>"},
    {"<html><body><p>x</p><script src=\"a.js\" /></body></html>",
     Anchor::body_end, "<script src=\"a.js\" />"},
    // A script's content is markup: CDATA sections keep its "</head>".
    {"<html><head><script>//<![CDATA[\nvar s = "
     "\"</head>\";\n//]]></script></head>",
     Anchor::head_end, "</script>"},
    {"<html><head><script><![CDATA[ x = \"</script></head>\" "
     "]]></script></head>",
     Anchor::head_end, "]]></script>"},
    {"<html><head><title><![CDATA[</title></head>]]></title></head>",
     Anchor::head_end, "]]></title>"},
    {"<html><head><p><![CDATA[ a ] ]] ]> </head> ]]></p></head>",
     Anchor::head_end, "]]></p>"},
    // Comments end only at "-->".
    {"<html><head><!--> </head> --></head>", Anchor::head_end, "-->"},
    {"<html><head><!---> </head> --></head>", Anchor::head_end, "-->"},
    {"<html><head><!-- --!> </head> --></head>", Anchor::head_end, "-->"},
    {"<html><head><!-- - -- </head> ---></head>", Anchor::head_end, "--->"},
    // Processing instructions end at "?>".
    {"<?xml-stylesheet href=\"a>b</head>.css\"?><html><head></head>",
     Anchor::head_end, "<head>"},
    {"<?pi ? > </head> ?"
     "?><html><head></head>",
     Anchor::head_end, "<head>"},
    // A DOCTYPE ends outside its literals and its internal subset.
    {"<!DOCTYPE html SYSTEM \"a>b</head>\"><html><head></head>",
     Anchor::head_end, "<head>"},
    {"<!DOCTYPE html PUBLIC '-//x>' \"y\" [ <!ENTITY foot \"<p>x</p></body>\">"
     " <!-- ] it's > --> <?pi ] > ?> <!ATTLIST p a CDATA '</head>'> ]>"
     "<html><head></head>",
     Anchor::head_end, "<head>"},
    {"<!DOCTYPE html [ <!ENTITY a \"]>\"> ]  ><html><head></head>",
     Anchor::head_end, "<head>"},
    // No tree rules: in a well-formed document these end tags are real.
    {"<html><head><svg "
     "xmlns=\"http://www.w3.org/2000/svg\"><title>t</title></svg>"
     "</head>",
     Anchor::head_end, "</svg>"},
    {"<html><body><svg><foreignObject><div>x</div></foreignObject></svg></"
     "body>",
     Anchor::body_end, "</svg>"},
    {"<html><body><select><div/></select></body>", Anchor::body_end,
     "</select>"},
    {"<html><body><plaintext/></body>", Anchor::body_end, "<plaintext/>"},
    // The document's head and body are the children of its <html> root.
    {"<html><head><template><head></head></template></head>", Anchor::head_end,
     "</template>"},
    {"<html><head/><body><svg><head></head><body/></svg></body></html>",
     Anchor::body_end, "</svg>"},
    {"<html><body><div><body></body></div></body></html>", Anchor::body_end,
     "</div>"},
    // Attribute values as in HTML.
    {"<html><head><meta content=\"</head>\"/></head>", Anchor::head_end,
     "\"</head>\"/>"},
};

TEST(XmlSyntax, FindsTheRealEndTagWholeSplitAtEveryByteAndBytewise) {
  for (const Case &c : kXmlFound) {
    const std::string doc = c.doc;
    const std::size_t at = doc.rfind(c.before);
    ASSERT_NE(at, std::string::npos) << doc;
    const std::size_t expected = at + std::string(c.before).size();
    every_split(doc, Syntax::xml,
                [&](const HtmlScanner &s, const std::string &how) {
                  EXPECT_EQ(s.found().anchor, c.anchor) << doc << " " << how;
                  EXPECT_EQ(s.found().offset, expected) << doc << " " << how;
                  EXPECT_FALSE(s.gave_up()) << doc << " " << how;
                });
  }
}

// What made XHTML pages go without the client: the HTML rules read the rest
// of the page as the raw text of a self-closed <script/>.
TEST(XmlSyntax, TheHtmlRulesFindNothingAfterASelfClosedScript) {
  for (const char *doc :
       {"<html><head><script src=\"/app.js\"/></head><body/></html>",
        "<html><head><title/></head><body></body></html>"}) {
    every_split(doc, Syntax::html,
                [&](const HtmlScanner &s, const std::string &how) {
                  EXPECT_EQ(s.found().anchor, Anchor::none) << doc << how;
                });
    every_split(doc, Syntax::xml,
                [&](const HtmlScanner &s, const std::string &how) {
                  EXPECT_EQ(s.found().anchor, Anchor::head_end) << doc << how;
                });
  }
}

TEST(XmlSyntax, NoAnchorInsideXmlConstructs) {
  for (const char *doc :
       {"<head><!--> </head>", "<head><!---> </head>",
        "<head><!-- --!> </head>", "<head><![CDATA[</head>",
        "<head><![CDATA[ ]> </head>", "<?pi > </head>", "<?pi ?</head>",
        "<!DOCTYPE x \"</head>", "<!DOCTYPE x [ <!ENTITY a \"</head>",
        "<!DOCTYPE x [ <!-- > ] </head>", "<!DOCTYPE x [ <?pi ]> </head>",
        "<!DOCTYPE x [ ]</head>", "<!DOCTYPE x [ <!ENTITY a '> ] </head>",
        // Not the document's head or body.
        "<head></head><body></body>", "<root><head></head></root>",
        "<html><template><head></head></template>",
        "<html><body><svg><body></body></svg>",
        "<html:html "
        "xmlns:html=\"http://www.w3.org/1999/xhtml\"><head></head>"}) {
    every_split(
        doc, Syntax::xml, [&](const HtmlScanner &s, const std::string &how) {
          EXPECT_EQ(s.found().anchor, Anchor::none) << doc << " " << how;
        });
  }
}

TEST(XmlSyntax, ReachesItsStates) {
  struct Prefix {
    const char *text;
    State state;
  };
  const Prefix kPrefixes[] = {
      {"<!--", State::xml_comment},
      {"<!-->", State::xml_comment},
      {"<!-- -", State::xml_comment_dash},
      {"<!-- --", State::xml_comment_dash_dash},
      {"<!-- ---", State::xml_comment_dash_dash},
      {"<!-- -->", State::data},
      {"<?", State::xml_processing_instruction},
      {"<?pi ?", State::xml_processing_instruction_question},
      {"<?pi ?"
       "?",
       State::xml_processing_instruction_question},
      {"<?pi ?>", State::data},
      {"<!DOCTYPE", State::xml_doctype},
      {"<!DOCTYPE x [ <!-- --> ]", State::xml_doctype},
      {"<!DOCTYPE x [ ]>", State::data},
      {"<![CDATA[", State::cdata_section},
      {"<![CDATA[]", State::cdata_section_bracket},
      {"<![CDATA[]]", State::cdata_section_end},
      {"<![CDATA[]]>", State::data},
      {"<script>", State::data},
      {"<title>", State::data},
      {"<script/>", State::data},
  };
  for (const Prefix &p : kPrefixes) {
    const std::string doc = p.text;
    every_split(doc, Syntax::xml,
                [&](const HtmlScanner &s, const std::string &how) {
                  EXPECT_EQ(s.state(), p.state) << doc << " " << how;
                });
  }
}

TEST(XmlSyntax, NoticesAnExistingTag) {
  const std::string doc =
      "<html><head><script src=\"/x.js\" data-session-security=\"\"/></head>";
  every_split(doc, Syntax::xml,
              [&](const HtmlScanner &s, const std::string &how) {
                EXPECT_TRUE(s.already_tagged()) << how;
                EXPECT_EQ(s.found().anchor, Anchor::none) << how;
              });
}

TEST(XmlSyntax, TheSplicerInsertsBeforeTheHeadEndOfASelfClosingPage) {
  using Source = InsertionSplicer::Segment::Source;
  const std::string doc =
      "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
      "<head><title/><script src=\"/app.js\"/></head><body/></html>\n";
  const std::string expected =
      "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
      "<head><title/><script src=\"/app.js\"/><TAG/></head><body/></html>\n";
  for (std::size_t size = 1; size <= doc.size(); ++size) {
    InsertionSplicer splicer(Syntax::xml);
    InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
    std::string out;
    auto apply = [&](const char *chunk, std::size_t count) {
      for (std::size_t i = 0; i < count; ++i) {
        const auto &s = segments[i];
        if (s.source == Source::released) {
          out.append(splicer.released() + s.offset, s.length);
        } else if (s.source == Source::tag) {
          out += "<TAG/>";
        } else {
          out.append(chunk + s.offset, s.length);
        }
      }
    };
    for (std::size_t at = 0; at < doc.size(); at += size) {
      const std::size_t n = std::min(size, doc.size() - at);
      apply(doc.data() + at, splicer.feed(doc.data() + at, n, segments));
    }
    apply(nullptr, splicer.finish(segments, false));
    EXPECT_EQ(out, expected) << size;
    EXPECT_TRUE(splicer.inserted()) << size;
  }
}

}  // namespace
}  // namespace session_security
