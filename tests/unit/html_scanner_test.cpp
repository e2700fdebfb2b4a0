#include "html_scanner.h"

#include <gtest/gtest.h>

#include <string>

namespace session_security {
namespace {

HtmlScanner::Found scan_whole(const std::string &doc) {
  HtmlScanner s;
  return s.feed(doc.data(), doc.size());
}

// Feeds `doc` in two chunks split at `cut`.
HtmlScanner::Found scan_split(const std::string &doc, std::size_t cut) {
  HtmlScanner s;
  HtmlScanner::Found f = s.feed(doc.data(), cut);
  if (f.anchor == Anchor::none) f = s.feed(doc.data() + cut, doc.size() - cut);
  return f;
}

HtmlScanner::Found scan_bytewise(const std::string &doc) {
  HtmlScanner s;
  HtmlScanner::Found f;
  for (char c : doc) {
    f = s.feed(&c, 1);
    EXPECT_LE(s.consumed() - s.hold_from(), 6u);
  }
  return f;
}

struct Case {
  std::string doc;
  Anchor anchor;
  std::string before;  // the text the anchor must follow
};

const Case kCases[] = {
    {"<html><head><title>t</title></head><body>x</body></html>",
     Anchor::head_end, "<title>t</title>"},
    {"<HTML><HEAD></HEAD><BODY></BODY>", Anchor::head_end, "<HEAD>"},
    {"<head></Head ><body>", Anchor::head_end, "<head>"},
    {"<head></head\n>", Anchor::head_end, "<head>"},
    {"<head><!-- </head> --></head>", Anchor::head_end, "<!-- </head> -->"},
    {"<head><script>if (a</head>b) x='</head>';</script></head>",
     Anchor::head_end, "</script>"},
    {"<head><style>/* </head> */</style></head>", Anchor::head_end, "</style>"},
    {"<head><header></header></head>", Anchor::head_end, "</header>"},
    {"<html><body><p>no head end</p></body></html>", Anchor::body_end,
     "<p>no head end</p>"},
    {"<body></BODY>", Anchor::body_end, "<body>"},
    {"<script>var s = \"</script>\";</script></head>", Anchor::head_end,
     "\";</script>"},
};

TEST(HtmlScanner, FindsTheAnchorWholeSplitAtEveryByteAndBytewise) {
  for (const Case &c : kCases) {
    const std::size_t expected = c.doc.find(c.before) + c.before.size();
    const HtmlScanner::Found whole = scan_whole(c.doc);
    EXPECT_EQ(whole.anchor, c.anchor) << c.doc;
    EXPECT_EQ(whole.offset, expected) << c.doc;
    for (std::size_t cut = 0; cut <= c.doc.size(); ++cut) {
      const HtmlScanner::Found split = scan_split(c.doc, cut);
      EXPECT_EQ(split.anchor, c.anchor) << c.doc << " cut " << cut;
      EXPECT_EQ(split.offset, expected) << c.doc << " cut " << cut;
    }
    EXPECT_EQ(scan_bytewise(c.doc).offset, expected) << c.doc;
  }
}

TEST(HtmlScanner, NoAnchor) {
  for (const char *doc : {"", "plain text", "<html><p>x</p></html>",
                          "</heading></bodyx>", "<!-- </head> --> <!-- </body>",
                          "<script></head></body>", "</head", "</body"}) {
    EXPECT_EQ(scan_whole(doc).anchor, Anchor::none) << doc;
    EXPECT_EQ(scan_bytewise(doc).anchor, Anchor::none) << doc;
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
  HtmlScanner t;
  const std::string c = "<p>a < b</p";  // "</p" cannot become an anchor
  t.feed(c.data(), c.size());
  EXPECT_EQ(t.hold_from(), t.consumed());
  // Inside a comment nothing is ever held.
  HtmlScanner u;
  const std::string d = "<!-- </hea";
  u.feed(d.data(), d.size());
  EXPECT_EQ(u.hold_from(), u.consumed());
}

TEST(HtmlScanner, NoticesAnExistingTag) {
  const std::string doc =
      "<head><script src=\"/s.js\" defer DATA-SESSION-SECURITY></script>"
      "</head>";
  for (std::size_t cut = 0; cut <= doc.size(); ++cut) {
    HtmlScanner s;
    s.feed(doc.data(), cut);
    s.feed(doc.data() + cut, doc.size() - cut);
    EXPECT_TRUE(s.already_tagged()) << cut;
    EXPECT_EQ(s.found().anchor, Anchor::none);
  }
  // But not inside a comment.
  HtmlScanner c;
  const std::string commented = "<!-- data-session-security --></head>";
  EXPECT_EQ(c.feed(commented.data(), commented.size()).anchor,
            Anchor::head_end);
}

TEST(HtmlScanner, HugeInputWithoutAnchorKeepsConstantState) {
  std::string chunk(64 * 1024, 'x');
  for (std::size_t i = 0; i < chunk.size(); i += 97) chunk[i] = '<';
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
}  // namespace session_security
