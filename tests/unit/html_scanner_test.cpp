#include "html_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace session_security {
namespace {

using State = HtmlScanner::State;

// Feeds `doc` in two chunks split at `cut`.
HtmlScanner scan_split(const std::string &doc, std::size_t cut) {
  HtmlScanner s;
  s.feed(doc.data(), cut);
  s.feed(doc.data() + cut, doc.size() - cut);
  return s;
}

HtmlScanner scan_bytewise(const std::string &doc) {
  HtmlScanner s;
  for (char c : doc) {
    s.feed(&c, 1);
    EXPECT_LE(s.consumed() - s.hold_from(), 6u) << doc;
  }
  return s;
}

// Runs `check` on the scanner after the whole document, after every split
// in two, and after feeding it byte by byte.
template <typename Check>
void every_split(const std::string &doc, Check check) {
  check(scan_split(doc, doc.size()), "whole");
  for (std::size_t cut = 0; cut < doc.size(); ++cut) {
    check(scan_split(doc, cut), "cut at " + std::to_string(cut));
  }
  check(scan_bytewise(doc), "bytewise");
}

struct Case {
  const char *doc;
  Anchor anchor;
  const char *before;  // the text the anchor must follow
};

// One case (at least) for every state and construct; the insertion point
// is always the real end tag, never one inside something else.
const Case kFound[] = {
    // data, tag open, end tag open, tag name
    {"<html><head><title>t</title></head><body>x</body></html>",
     Anchor::head_end, "<title>t</title>"},
    {"<HTML><HEAD></HEAD><BODY></BODY>", Anchor::head_end, "<HEAD>"},
    {"<head></Head ><body>", Anchor::head_end, "<head>"},
    {"<head></head\n>", Anchor::head_end, "<head>"},
    {"<head></head/>", Anchor::head_end, "<head>"},
    {"<head></head\tx=y>", Anchor::head_end, "<head>"},
    {"<head><header></header></head>", Anchor::head_end, "</header>"},
    {"<head>a < b <3 <= </ > </head>", Anchor::head_end, "</ > "},
    {"<html><body><p>no head end</p></body></html>", Anchor::body_end,
     "<p>no head end</p>"},
    {"<body></BODY>", Anchor::body_end, "<body>"},
    {"<body></bodyx></body>", Anchor::body_end, "</bodyx>"},
    // attribute values of every kind, with '>' and end tags inside
    {"<head><meta name=\"description\" content=\"Results for </head><img "
     "src=x onerror=alert(1)>\"></head>",
     Anchor::head_end, "alert(1)>\">"},
    {"<head><meta content='</head>'></head>", Anchor::head_end, "'</head>'>"},
    {"<head><a href=x</head>y></head>", Anchor::head_end, "x</head>y>"},
    {"<head><a b = \"</head>\" c></head>", Anchor::head_end, "\" c>"},
    {"<head><a b=\"1\"c='</head>'/></head>", Anchor::head_end, "'/>"},
    {"<head><a =\"</head>\"></head>", Anchor::head_end, "\">"},
    {"<head><a x/ y=\"</head>\"></head>", Anchor::head_end, "\">"},
    {"<head><a x=></head>", Anchor::head_end, "<a x=>"},
    // comments, including the empty ones and the odd endings
    {"<head><!-- </head> --></head>", Anchor::head_end, "<!-- </head> -->"},
    {"<head><!--></head>", Anchor::head_end, "<!-->"},
    {"<head><!---></head>", Anchor::head_end, "<!--->"},
    {"<head><!----></head>", Anchor::head_end, "<!---->"},
    {"<head><!-- a --!></head>", Anchor::head_end, "--!>"},
    {"<head><!-- a --!x </head> --></head>", Anchor::head_end, "</head> -->"},
    {"<head><!-- a -- b </head> ---></head>", Anchor::head_end, "--->"},
    {"<head><!-- <!-- </head> --></head>", Anchor::head_end, "</head> -->"},
    {"<head><!--<!--></head>", Anchor::head_end, "<!--<!-->"},
    {"<head><!-- <!- <! < </head> --></head>", Anchor::head_end, "</head> -->"},
    {"<head><!-- - </head> --></head>", Anchor::head_end, "</head> -->"},
    // bogus comments, DOCTYPE, CDATA in HTML
    {"<head><?php echo '</head' ?></head>", Anchor::head_end, "?>"},
    {"<head><!x </head></head>", Anchor::head_end, "<!x </head>"},
    {"<head><!- </head></head>", Anchor::head_end, "<!- </head>"},
    {"<head></ </head></head>", Anchor::head_end, "</ </head>"},
    {"<head></3</head></head>", Anchor::head_end, "</3</head>"},
    {"<head></></head>", Anchor::head_end, "</>"},
    {"<!DOCTYPE html><head></head>", Anchor::head_end, "<head>"},
    {"<!doctype html \"</head\"></head>", Anchor::head_end, "\"</head\">"},
    {"<!DOCTYPE html [<!ENTITY e \"x\">]></head>", Anchor::head_end, "\">]>"},
    {"<!DOCTY</head></head>", Anchor::head_end, "<!DOCTY</head>"},
    {"<head><![CDATA[ </head> ]]></head>", Anchor::head_end, " ]]>"},
    {"<head><![CDAT </head></head>", Anchor::head_end, "<![CDAT </head>"},
    // RCDATA
    {"<head><title></head></title></head>", Anchor::head_end, "</title>"},
    {"<head><title/></head></title></head>", Anchor::head_end, "</title>"},
    {"<head><TITLE></head></titlex></title ></head>", Anchor::head_end,
     "</title >"},
    {"<head><title></head></title x=\"></head>\"></head>", Anchor::head_end,
     "\"></head>\">"},
    {"<head><title></head></title/></head>", Anchor::head_end, "</title/>"},
    {"<head><title>< </ </t </head></title></head>", Anchor::head_end,
     "</title>"},
    {"<body><textarea></body></textarea></body>", Anchor::body_end,
     "</textarea>"},
    // RAWTEXT
    {"<head><style>/* </head> */</style></head>", Anchor::head_end, "</style>"},
    {"<head><style><!-- </style></head>", Anchor::head_end, "</style>"},
    {"<body><xmp></body></xmp></body>", Anchor::body_end, "</xmp>"},
    {"<body><iframe></body></iframe></body>", Anchor::body_end, "</iframe>"},
    {"<body><noembed></body></noembed></body>", Anchor::body_end, "</noembed>"},
    {"<body><noframes></body></noframes></body>", Anchor::body_end,
     "</noframes>"},
    {"<head><noscript></head></noscript></head>", Anchor::head_end,
     "</noscript>"},
    // script data and its escapes
    {"<head><script>if (a</head>b) x='</head>';</script></head>",
     Anchor::head_end, "</script>"},
    {"<script>var s = \"</script>\";</script></head>", Anchor::head_end,
     "\";</script>"},
    {"<head><script><!-- </head> --></script></head>", Anchor::head_end,
     "--></script>"},
    {"<head><script><!-- <script> </script> </head> --></script></head>",
     Anchor::head_end, "--></script>"},
    {"<head><script><!--<script></script></head>--></script></head>",
     Anchor::head_end, "--></script>"},
    {"<head><script><!-- x --></script></head>", Anchor::head_end,
     "--></script>"},
    {"<head><script><!-- - -- <x </s </script></head>", Anchor::head_end,
     "</script>"},
    {"<head><script><!- </head></script></head>", Anchor::head_end,
     "</script>"},
    {"<head><script><!--<scriptx> </script></head>", Anchor::head_end,
     "</script>"},
    {"<head><script><!--<script>-</script>--></script></head>",
     Anchor::head_end, "--></script>"},
    {"<head><script><!--<script>--<</script>--></script></head>",
     Anchor::head_end, "--></script>"},
    {"<head><script><!--<script></scriptx>--></script></head>",
     Anchor::head_end, "--></script>"},
    // foreign content: no raw text there, CDATA sections are real
    {"<body><svg><style><p title=\"</style></body>\"></p></body>",
     Anchor::body_end, "\"></p>"},
    {"<body><svg><![CDATA[ </body> ]]></svg></body>", Anchor::body_end,
     "</svg>"},
    {"<body><svg><![CDATA[ ] ]] ]]]></svg></body>", Anchor::body_end, "</svg>"},
    {"<body><svg><g></head><path/></g></svg></body>", Anchor::body_end,
     "</svg>"},
    {"<body><svg><style></svg></body>", Anchor::body_end, "</svg>"},
    {"<body><svg><title>t</title><desc>d</desc></svg></body>", Anchor::body_end,
     "</svg>"},
    {"<body><math><mi>x</mi></math></body>", Anchor::body_end, "</math>"},
    {"<body><svg/><math/></body>", Anchor::body_end, "<math/>"},
    {"<body><svg><g><div>out</div></body>", Anchor::body_end, "out</div>"},
    {"<body><svg><font color=red></body>", Anchor::body_end, "red>"},
    {"<body><svg><font></font></svg></body>", Anchor::body_end, "</svg>"},
    // template: inside it a script would not run
    {"<head><template></head></template></head>", Anchor::head_end,
     "</template>"},
    {"<body><template><svg></template></body>", Anchor::body_end,
     "</template>"},
    {"<body></template><template><template></template></template></body>",
     Anchor::body_end, "</template></template>"},
    // select
    {"<body><select><option>a</body></select></body>", Anchor::body_end,
     "</select>"},
    {"<body><select><input></body>", Anchor::body_end, "<input>"},
    {"<body><select><textarea></body></textarea></body>", Anchor::body_end,
     "</textarea>"},
    {"<body><select><script></body></script></select></body>", Anchor::body_end,
     "</select>"},
    // the text or an attribute value "data-session-security" is no tag
    {"<head><title>data-session-security</title></head>", Anchor::head_end,
     "</title>"},
    {"<body><p>data-session-security</p></body>", Anchor::body_end, "</p>"},
    {"<head><meta content=\"data-session-security\"></head>", Anchor::head_end,
     "\">"},
    {"<head><!-- <script data-session-security> --></head>", Anchor::head_end,
     "-->"},
    {"<head><a data-session-securityx></head>", Anchor::head_end, "x>"},
    {"<head></a data-session-security></head>", Anchor::head_end, "y>"},
    {"<head><a data-session-security></head>", Anchor::none, ""},
};

TEST(HtmlScanner, FindsTheRealEndTagWholeSplitAtEveryByteAndBytewise) {
  for (const Case &c : kFound) {
    const std::string doc = c.doc;
    if (c.anchor == Anchor::none) continue;
    const std::size_t at = doc.find(c.before);
    ASSERT_NE(at, std::string::npos) << doc;
    const std::size_t expected = at + std::string(c.before).size();
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_EQ(s.found().anchor, c.anchor) << doc << " " << how;
      EXPECT_EQ(s.found().offset, expected) << doc << " " << how;
    });
  }
}

TEST(HtmlScanner, NoAnchor) {
  for (const char *doc : {"",
                          "plain text",
                          "<html><p>x</p></html>",
                          "</heading></bodyx>",
                          "<!-- </head> --> <!-- </body>",
                          "<script></head></body>",
                          "</head",
                          "</body",
                          "<head x='</head>",
                          "<title></head>",
                          "<!DOCTYPE </head",
                          "<script><!--<script></script></head>",
                          "<textarea></body>",
                          "<svg></body>",
                          "<template></body>",
                          "<select></body>",
                          "<svg><![CDATA[</body>",
                          "<!-- --!</body>",
                          "<xmp></body></xmp",
                          "<head>a </ </head>"}) {
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_EQ(s.found().anchor, Anchor::none) << doc << " " << how;
    });
  }
}

TEST(HtmlScanner, GivesUpWhereItCannotBeSure) {
  const std::string utf16le("\xFF\xFE<\0h\0e\0a\0d\0>\0<\0/\0h\0e\0a\0d\0>\0",
                            26);
  const std::string utf16be("\xFE\xFF\0<\0/\0h\0e\0a\0d\0>", 16);
  for (const std::string &doc :
       {std::string("<body><plaintext></body>"),
        std::string("<head></title><frameset></body>"), utf16le, utf16be,
        std::string("<body><svg><foreignObject><div></body>"),
        std::string("<body><div><svg></div></body>"),
        std::string("<body><svg></p></body>"),
        std::string("<body><svg><g></g x></svg></body>"),
        std::string("<body><svg><g><title></g></svg></body>"),
        std::string("<body><svg></body></svg></body>"),
        std::string("<body><select><div></body>"),
        std::string("<body><select><template></body>")}) {
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_TRUE(s.gave_up()) << doc << " " << how;
      EXPECT_EQ(s.found().anchor, Anchor::none) << doc << " " << how;
    });
  }
  // A UTF-8 byte order mark is ASCII-compatible: fine.
  const std::string utf8 = "\xEF\xBB\xBF<head></head>";
  every_split(utf8, [&](const HtmlScanner &s, const std::string &how) {
    EXPECT_EQ(s.found().offset, 9u) << how;
  });
}

// ISO-2022-JP, declared in a <meta> (or detected by the browser): after an
// escape to JIS X 0208 or to half-width katakana, "</head>" is two kanji.
TEST(HtmlScanner, GivesUpAtAnIso2022JpEscapeToATwoByteSet) {
  for (const std::string &doc :
       {std::string("<head><meta charset=iso-2022-jp><title>t</title><p>"
                    "\x1b$B</head>x\x1b(B</p></body>"),
        std::string("<head>\x1b$@</head>\x1b(B</head>"),
        std::string("<head>\x1b(I</head>\x1b(B</head>"),
        std::string("<head><meta content=\"\x1b$B\"></head>")}) {
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_TRUE(s.gave_up()) << doc << " " << how;
      EXPECT_EQ(s.found().anchor, Anchor::none) << doc << " " << how;
    });
  }
  // Before the first such escape, and with the escapes back to ASCII (or
  // the terminal colours of a page showing a log), markup is markup.
  for (const std::string &doc :
       {std::string("<head><title>t</title></head><body>\x1b$B$3$s\x1b(B"
                    "</body>"),
        std::string("<head>\x1b(B\x1b(J</head>"),
        std::string("<head>\x1b[31mred\x1b[0m \x1b\x1b(B</head>")}) {
    const std::size_t expected = doc.find("</head>");
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_EQ(s.found().anchor, Anchor::head_end) << doc << " " << how;
      EXPECT_EQ(s.found().offset, expected) << doc << " " << how;
    });
  }
}

TEST(HtmlScanner, GivesUpWhenForeignContentNestsTooDeep) {
  std::string doc = "<body><svg>";
  for (std::size_t i = 0; i < HtmlScanner::kMaxForeignDepth; ++i) doc += "<g>";
  doc += "</body>";
  HtmlScanner s;
  s.feed(doc.data(), doc.size());
  EXPECT_TRUE(s.gave_up());
}

TEST(HtmlScanner, NoticesAnExistingTagOnlyAsAStartTagAttribute) {
  for (const char *doc :
       {"<head><script src=\"/s.js\" defer DATA-SESSION-SECURITY></script>"
        "</head>",
        "<head><script data-session-security=\"\" src=x></script></head>",
        "<head><script src=x data-session-security/></head>",
        "<body><svg><script data-session-security></script></svg></body>"}) {
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_TRUE(s.already_tagged()) << doc << " " << how;
      EXPECT_EQ(s.found().anchor, Anchor::none);
    });
  }
}

TEST(HtmlScanner, ReachesEveryState) {
  struct Prefix {
    const char *text;
    State state;
  };
  const Prefix kPrefixes[] = {
      {"x", State::data},
      {"<", State::tag_open},
      {"</", State::end_tag_open},
      {"<a", State::tag_name},
      {"<a ", State::before_attribute_name},
      {"<a b", State::attribute_name},
      {"<a b ", State::after_attribute_name},
      {"<a b=", State::before_attribute_value},
      {"<a b=\"", State::attribute_value_double_quoted},
      {"<a b='", State::attribute_value_single_quoted},
      {"<a b=c", State::attribute_value_unquoted},
      {"<a b=\"c\"", State::after_attribute_value_quoted},
      {"<a/", State::self_closing_start_tag},
      {"<?", State::bogus_comment},
      {"<!", State::markup_declaration_open},
      {"<!DOC", State::markup_declaration_open},
      {"<!--", State::comment_start},
      {"<!---", State::comment_start_dash},
      {"<!-- ", State::comment},
      {"<!-- <", State::comment_less_than_sign},
      {"<!-- <!", State::comment_less_than_sign_bang},
      {"<!-- <!-", State::comment_less_than_sign_bang_dash},
      {"<!-- <!--", State::comment_less_than_sign_bang_dash_dash},
      {"<!-- -", State::comment_end_dash},
      {"<!-- --", State::comment_end},
      {"<!-- --!", State::comment_end_bang},
      {"<!DOCTYPE", State::doctype},
      {"<svg><![CDATA[", State::cdata_section},
      {"<svg><![CDATA[]", State::cdata_section_bracket},
      {"<svg><![CDATA[]]", State::cdata_section_end},
      {"<title>", State::rcdata},
      {"<title><", State::rcdata_less_than_sign},
      {"<title></", State::rcdata_end_tag_open},
      {"<title></ti", State::rcdata_end_tag_name},
      {"<style>", State::rawtext},
      {"<style><", State::rawtext_less_than_sign},
      {"<style></", State::rawtext_end_tag_open},
      {"<style></st", State::rawtext_end_tag_name},
      {"<script>", State::script_data},
      {"<script><", State::script_data_less_than_sign},
      {"<script></", State::script_data_end_tag_open},
      {"<script></sc", State::script_data_end_tag_name},
      {"<script><!", State::script_data_escape_start},
      {"<script><!-", State::script_data_escape_start_dash},
      {"<script><!-- ", State::script_data_escaped},
      {"<script><!-- -", State::script_data_escaped_dash},
      {"<script><!--", State::script_data_escaped_dash_dash},
      {"<script><!-- <", State::script_data_escaped_less_than_sign},
      {"<script><!-- </", State::script_data_escaped_end_tag_open},
      {"<script><!-- </sc", State::script_data_escaped_end_tag_name},
      {"<script><!-- <sc", State::script_data_double_escape_start},
      {"<script><!-- <script>", State::script_data_double_escaped},
      {"<script><!-- <script>-", State::script_data_double_escaped_dash},
      {"<script><!-- <script>--", State::script_data_double_escaped_dash_dash},
      {"<script><!-- <script><",
       State::script_data_double_escaped_less_than_sign},
      {"<script><!-- <script></sc", State::script_data_double_escape_end},
      {"<script><!-- <script></script>", State::script_data_escaped},
      {"<script><!-- -->", State::script_data},
      {"<script></script>", State::data},
      {"<title></title x='>'>", State::data},
      {"<svg><style>", State::data},
      {"<![CDATA[", State::bogus_comment},
  };
  for (const Prefix &p : kPrefixes) {
    const std::string doc = p.text;
    every_split(doc, [&](const HtmlScanner &s, const std::string &how) {
      EXPECT_EQ(s.state(), p.state) << doc << " " << how;
    });
  }
}

TEST(HtmlScanner, HoldsBackOnlyAPendingAnchorPrefix) {
  HtmlScanner s;
  const std::string a = "<html><head><title>t</title></he";
  s.feed(a.data(), a.size());
  EXPECT_EQ(s.hold_from(), a.size() - 4);  // "</he"
  const std::string b = "x";
  s.feed(b.data(), b.size());
  EXPECT_EQ(s.hold_from(), s.consumed());  // "</hex": nothing pending
  for (const char *doc : {"<p>a < b</p", "<!-- </hea", "<title></hea",
                          "<a href='</hea", "<svg></hea", "<template></bo"}) {
    HtmlScanner t;
    t.feed(doc, std::string(doc).size());
    EXPECT_EQ(t.hold_from(), t.consumed()) << doc;
  }
}

TEST(HtmlScanner, AppendsAtTheEndOnlyInTheDataState) {
  for (const char *doc : {"", "<p>fragment", "<html><head><title>x</title>",
                          "<!-- c -->", "<svg></svg>", "<script></script>"}) {
    HtmlScanner s;
    s.feed(doc, std::string(doc).size());
    EXPECT_TRUE(s.can_append()) << doc;
    EXPECT_EQ(s.insert_at_end().anchor, Anchor::document_end) << doc;
    EXPECT_EQ(s.found().offset, std::string(doc).size());
  }
  for (const char *doc :
       {"<p", "<", "</hea", "<!-- c", "<title>x", "<script>x", "<style>",
        "<a b='", "<svg>", "<template>", "<select>", "<plaintext>",
        "<noscript>", "<!DOCTYPE", "<?x", "<head></head>",
        "<a data-session-security>"}) {
    HtmlScanner s;
    s.feed(doc, std::string(doc).size());
    EXPECT_FALSE(s.can_append()) << doc;
    EXPECT_NE(s.insert_at_end().anchor, Anchor::document_end) << doc;
  }
}

TEST(HtmlScanner, HugeInputWithoutAnchorKeepsConstantState) {
  std::string chunk;
  while (chunk.size() < 64 * 1024) {
    chunk +=
        "<div class=\"row\"><a href='/x?a=1&b=2'>link</a> a < b "
        "<!-- c --><img src=x alt=\"</body>\"></div>\n";
  }
  HtmlScanner s;
  for (int i = 0; i < 800; ++i) {  // 50 MB
    ASSERT_EQ(s.feed(chunk.data(), chunk.size()).anchor, Anchor::none);
    ASSERT_LE(s.consumed() - s.hold_from(), 6u);
  }
  EXPECT_EQ(s.consumed(), 800u * chunk.size());
  const std::string end = "</body>";
  const HtmlScanner::Found f = s.feed(end.data(), end.size());
  EXPECT_EQ(f.anchor, Anchor::body_end);
  EXPECT_EQ(f.offset, 800u * chunk.size());
}

}  // namespace
TEST(Charset, WideCharsetsAreNotAsciiCompatible) {
  EXPECT_TRUE(charset_is_ascii_compatible("text/html"));
  EXPECT_TRUE(charset_is_ascii_compatible("text/html; charset=utf-8"));
  EXPECT_TRUE(charset_is_ascii_compatible("text/html; charset=ISO-8859-1"));
  EXPECT_TRUE(
      charset_is_ascii_compatible("text/html;charset=\"windows-1252\""));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=UTF-16"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=utf-16le"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html;CHARSET=\"UTF-16BE\""));
  EXPECT_FALSE(
      charset_is_ascii_compatible("application/xhtml+xml; charset=utf-32"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=ucs-2"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=utf-7"));
}

// Chromium trims the name and the value of a parameter, and knows the
// Encoding Standard's other labels of UTF-16; ISO-2022-JP shifts modes.
TEST(Charset, SpacedAndOtherLabelsOfWideCharsets) {
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset= utf-16"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset =utf-16"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html;charset\t=\t\"UTF-16\""));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=\" utf-16\""));
  EXPECT_FALSE(
      charset_is_ascii_compatible("text/html; charset=ISO-10646-UCS-2"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=csUnicode"));
  EXPECT_FALSE(charset_is_ascii_compatible("text/html; charset=ISO-2022-JP"));
  EXPECT_TRUE(charset_is_ascii_compatible("text/html; charset = utf-8"));
  EXPECT_TRUE(charset_is_ascii_compatible("text/html; charset"));
  EXPECT_TRUE(charset_is_ascii_compatible("text/html; charset="));
}

TEST(MediaType, OnlyTheEssenceItself) {
  for (const char *yes :
       {"text/html", "TEXT/HTML", "text/html; charset=utf-8",
        "text/html;charset=utf-8", "text/html ;x=y", "text/html\t"}) {
    EXPECT_TRUE(names_media_type(yes, "text/html")) << yes;
  }
  for (const char *no :
       {"text/htmlx", "text/html-sandboxed", "text/html5",
        "text/html, text/plain", "text/htm", "", " text/html", "text/plain"}) {
    EXPECT_FALSE(names_media_type(no, "text/html")) << no;
  }
  EXPECT_TRUE(names_media_type("application/xhtml+xml;charset=utf-8",
                               "application/xhtml+xml"));
  EXPECT_FALSE(
      names_media_type("application/xhtml+xmlx", "application/xhtml+xml"));
  EXPECT_TRUE(names_media_type("Identity", "identity"));
  EXPECT_FALSE(names_media_type("identity, gzip", "identity"));
}

}  // namespace session_security
