#include "insertion_splicer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace session_security {
namespace {

constexpr char kTag[] = "<TAG>";

// Runs the splicer over `doc` cut into the given chunk sizes (cycled) and
// returns what goes out, as the filter would send it.
std::string splice(const std::string &doc,
                   const std::vector<std::size_t> &sizes,
                   bool *inserted = nullptr, bool insert_at_end = false) {
  using Source = InsertionSplicer::Segment::Source;
  InsertionSplicer splicer;
  InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
  std::string out;
  auto apply = [&](const char *chunk, std::size_t count) {
    std::size_t position = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const auto &s = segments[i];
      if (s.source == Source::released) {
        out.append(splicer.released() + s.offset, s.length);
      } else if (s.source == Source::tag) {
        out += kTag;
      } else {
        EXPECT_EQ(s.offset, position);
        out.append(chunk + s.offset, s.length);
        position += s.length;
      }
    }
  };
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < doc.size(); ++i) {
    const std::size_t n =
        std::min(sizes[i % sizes.size()], doc.size() - offset);
    apply(doc.data() + offset, splicer.feed(doc.data() + offset, n, segments));
    offset += n;
    EXPECT_LE(offset, out.size() + 6);  // at most 6 bytes held back
  }
  apply(nullptr, splicer.finish(segments, insert_at_end));
  if (inserted != nullptr) *inserted = splicer.inserted();
  return out;
}

TEST(InsertionSplicer, InsertsOnceBeforeTheHeadEndWhateverTheChunking) {
  const std::string doc =
      "<!DOCTYPE html><html><head><title>t</title></HEAD><body>x</body></html>";
  const std::string expected =
      "<!DOCTYPE html><html><head><title>t</title><TAG></HEAD><body>x</body>"
      "</html>";
  for (std::size_t a = 1; a <= doc.size(); ++a) {
    for (std::size_t b : {1u, 2u, 3u, 7u, 64u}) {
      bool inserted = false;
      EXPECT_EQ(splice(doc, {a, b}, &inserted), expected) << a << "," << b;
      EXPECT_TRUE(inserted);
    }
  }
}

TEST(InsertionSplicer, FallsBackToTheBodyEnd) {
  const std::string doc = "<html><body><p>x</p></body></html>";
  EXPECT_EQ(splice(doc, {3}), "<html><body><p>x</p><TAG></body></html>");
}

TEST(InsertionSplicer, LeavesAPageWithoutAnchorByteIdentical) {
  for (const std::string &doc :
       {std::string("<html><p>no anchor </hea</bod</</p>"), std::string("</he"),
        std::string("<"), std::string(100000, '<')}) {
    for (std::size_t size : {1u, 2u, 5u, 4096u}) {
      bool inserted = true;
      EXPECT_EQ(splice(doc, {size}, &inserted), doc) << size;
      EXPECT_FALSE(inserted);
    }
  }
}

TEST(InsertionSplicer, LeavesATaggedPageAlone) {
  const std::string doc =
      "<head><script src=/s.js data-session-security></script></head>";
  for (std::size_t size : {1u, 3u, 100u}) {
    bool inserted = true;
    EXPECT_EQ(splice(doc, {size}, &inserted), doc);
    EXPECT_FALSE(inserted);
  }
}

TEST(InsertionSplicer, PassesEverythingAfterTheInsertionUntouched) {
  std::string doc = "<head></head>";
  doc += std::string(1 << 20, 'y');
  doc += "</head></body>";
  const std::string out = splice(doc, {4096});
  EXPECT_EQ(out.size(), doc.size() + sizeof kTag - 1);
  EXPECT_EQ(out.find(kTag), 6u);
  EXPECT_EQ(out.find(kTag, 7), std::string::npos);
}

TEST(InsertionSplicer, AppendsAtTheEndOnlyWhenAskedAndWhereItRuns) {
  for (const std::string &doc :
       {std::string("<html><head><title>t</title><p>no end tags"),
        std::string("<p>fragment</p>\n"), std::string("<!-- c -->")}) {
    for (std::size_t size : {1u, 2u, 5u, 4096u}) {
      bool inserted = false;
      EXPECT_EQ(splice(doc, {size}, &inserted, true), doc + kTag) << size;
      EXPECT_TRUE(inserted);
      EXPECT_EQ(splice(doc, {size}, &inserted, false), doc);
      EXPECT_FALSE(inserted);
    }
  }
  // Not inside an unfinished tag, comment, raw text, svg, template; not
  // after <plaintext>, not into a tagged page or UTF-16.
  for (const std::string &doc :
       {std::string("<p>x</he"), std::string("<p>x<"), std::string("<!-- x"),
        std::string("<title>x"), std::string("<svg><g>"),
        std::string("<template>"), std::string("<plaintext>x"),
        std::string("<script src=/s.js data-session-security></script>"),
        std::string("\xFF\xFE<\0p\0>\0", 8)}) {
    for (std::size_t size : {1u, 3u, 4096u}) {
      bool inserted = true;
      EXPECT_EQ(splice(doc, {size}, &inserted, true), doc) << doc;
      EXPECT_FALSE(inserted) << doc;
    }
  }
}

TEST(InsertionSplicer, AnAnchorBeforeTheEndWinsOverTheEnd) {
  const std::string doc = "<body><p>x</p></body><p>after</p>";
  EXPECT_EQ(splice(doc, {4}, nullptr, true),
            "<body><p>x</p><TAG></body><p>after</p>");
}

TEST(InsertionSplicer, PassesAPageItGaveUpOnThroughUnchanged) {
  const std::string doc = "<body><plaintext></body></html>";
  for (std::size_t size : {1u, 7u, 4096u}) {
    bool inserted = true;
    EXPECT_EQ(splice(doc, {size}, &inserted, true), doc);
    EXPECT_FALSE(inserted);
  }
}

TEST(InsertionSplicer, TheXssCasesOfIssue10GetTheTagAtTheRealEnd) {
  struct Case {
    std::string doc;
    std::string expected;
  };
  const Case cases[] = {
      {"<head><meta name=\"description\" content=\"Results for </head><img "
       "src=x onerror=alert(1)>\"></head><body></body>",
       "<head><meta name=\"description\" content=\"Results for </head><img "
       "src=x onerror=alert(1)>\"><TAG></head><body></body>"},
      {"<head><title></head></title></head>",
       "<head><title></head></title><TAG></head>"},
      {"<body><textarea></body></textarea></body>",
       "<body><textarea></body></textarea><TAG></body>"},
      {"<head><!--></head>", "<head><!--><TAG></head>"},
      {"<head><!---></head>", "<head><!---><TAG></head>"},
      {"<head><title>data-session-security</title></head>",
       "<head><title>data-session-security</title><TAG></head>"},
  };
  for (const Case &c : cases) {
    for (std::size_t a = 1; a <= c.doc.size(); ++a) {
      for (std::size_t b : {1u, 2u, 3u, 7u}) {
        EXPECT_EQ(splice(c.doc, {a, b}), c.expected) << a << "," << b;
      }
    }
  }
}

}  // namespace
}  // namespace session_security
