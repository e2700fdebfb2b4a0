// InsertionSplicer::finish(out, insert_at_end): the tag at the end of a
// navigation's page that has neither </head> nor </body>.
#include <gtest/gtest.h>

#include <string>

#include "insertion_splicer.h"

namespace session_security {
namespace {

constexpr char kTag[] = "<TAG>";

// Feeds `doc` in chunks of `size`, then finishes; returns what goes out.
std::string splice(const std::string &doc, std::size_t size, bool at_end,
                   bool *inserted) {
  using Source = InsertionSplicer::Segment::Source;
  InsertionSplicer splicer;
  InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
  std::string out;
  auto apply = [&](const char *chunk, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const auto &s = segments[i];
      if (s.source == Source::released) {
        out.append(splicer.released() + s.offset, s.length);
      } else if (s.source == Source::tag) {
        out += kTag;
      } else {
        out.append(chunk + s.offset, s.length);
      }
    }
  };
  for (std::size_t at = 0; at < doc.size(); at += size) {
    const std::size_t n = std::min(size, doc.size() - at);
    apply(doc.data() + at, splicer.feed(doc.data() + at, n, segments));
  }
  apply(nullptr, splicer.finish(segments, at_end));
  *inserted = splicer.inserted();
  return out;
}

TEST(InsertionAtEnd, APageWithoutEndTagsGetsTheTagLast) {
  const std::string doc = "<!DOCTYPE html><title>t</title><p>text";
  for (std::size_t size = 1; size <= doc.size(); ++size) {
    bool inserted = false;
    EXPECT_EQ(splice(doc, size, true, &inserted), doc + kTag) << size;
    EXPECT_TRUE(inserted);
  }
}

TEST(InsertionAtEnd, OnlyWhenAsked) {
  const std::string doc = "<p>a fragment";
  bool inserted = true;
  EXPECT_EQ(splice(doc, 3, false, &inserted), doc);
  EXPECT_FALSE(inserted);
}

TEST(InsertionAtEnd, AnAnchorStillWins) {
  const std::string doc = "<html><body><p>x</p></body></html>";
  bool inserted = false;
  EXPECT_EQ(splice(doc, 4, true, &inserted),
            "<html><body><p>x</p><TAG></body></html>");
}

TEST(InsertionAtEnd, NotIntoATaggedPage) {
  const std::string doc = "<p><script data-session-security src=x></script>";
  bool inserted = true;
  EXPECT_EQ(splice(doc, 5, true, &inserted), doc);
  EXPECT_FALSE(inserted);
}

TEST(InsertionAtEnd, NotWhenThePageEndsOutsideTheDataState) {
  // An unclosed comment, script or style would swallow the tag; so would
  // the "</hea" of an end tag cut short (all held bytes go out first).
  for (const std::string &doc :
       {std::string("<p>x<!-- open comment"),
        std::string("<p>x<script>var a = 1;"),
        std::string("<p>x<style>p { color: red }"), std::string("<p>x</hea"),
        std::string("<p>x</bo")}) {
    for (std::size_t size : {1u, 3u, 64u}) {
      bool inserted = true;
      EXPECT_EQ(splice(doc, size, true, &inserted), doc) << doc << size;
      EXPECT_FALSE(inserted) << doc;
    }
  }
}

}  // namespace
}  // namespace session_security
