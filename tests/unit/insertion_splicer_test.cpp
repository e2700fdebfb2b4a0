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
                   bool *inserted = nullptr) {
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
  apply(nullptr, splicer.finish(segments));
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

}  // namespace
}  // namespace session_security
