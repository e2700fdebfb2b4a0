// The differential check of tests/support/dom_compare.h over pages in the
// shapes real applications produce (tests/corpus/pages): gumbo, a real
// HTML5 parser, must find each page's DOM unchanged but for our script,
// whatever the chunking.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../support/dom_compare.h"
#include "insertion_splicer.h"
#include "script_tag.h"
#include "settings.h"

namespace session_security {
namespace {

using testing::Placement;

std::string read_page(const std::string &name) {
  std::ifstream in("tests/corpus/pages/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "run from the repository's top directory: " << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the splicer as the filter does, chunks of `size` bytes (cycled with
// 1, so every alignment is met), the end-of-document insertion on.
std::string splice(const std::string &page, std::size_t size,
                   const std::string &tag, HtmlScanner::Found *found) {
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
        out += tag;
      } else {
        out.append(chunk + s.offset, s.length);
      }
    }
  };
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < page.size(); ++i) {
    const std::size_t n = std::min(i % 2 == 0 ? size : 1, page.size() - offset);
    apply(page.data() + offset,
          splicer.feed(page.data() + offset, n, segments));
    offset += n;
  }
  apply(nullptr, splicer.finish(segments, true));
  *found = splicer.scanner().found();
  return out;
}

struct Page {
  const char *name;
  Anchor anchor;
  Placement placement;
};

const Page kPages[] = {
    {"php_search_results.html", Anchor::head_end,
     Placement::head_or_body_child},
    // The internal subset's "]>" is text to an HTML parser: it opens the
    // body, where the head's end is ignored and the script goes.
    {"xhtml_internal_subset.xhtml", Anchor::head_end,
     Placement::head_or_body_child},
    {"inline_svg.html", Anchor::head_end, Placement::head_or_body_child},
    {"minified_one_line.html", Anchor::head_end, Placement::head_or_body_child},
    {"odd_comments.html", Anchor::head_end, Placement::head_or_body_child},
    {"template_and_iframe.html", Anchor::head_end,
     Placement::head_or_body_child},
    // The last <p> is still open at its end, so the script goes inside it.
    {"head_omitted.html", Anchor::body_end, Placement::under_head_or_body},
    {"no_end_tags.html", Anchor::document_end, Placement::under_head_or_body},
    {"fragment.html", Anchor::document_end, Placement::head_or_body_child},
    {"already_tagged.html", Anchor::none, Placement::head_or_body_child},
    {"plaintext.html", Anchor::none, Placement::head_or_body_child},
    {"utf16le_bom.html", Anchor::none, Placement::head_or_body_child},
    {"utf16be_bom.html", Anchor::none, Placement::head_or_body_child},
};

TEST(Differential, EveryCorpusPageKeepsItsDomPlusOneScript) {
  Settings settings;
  settings.logout_url = "/logout?a=1&b=2";
  const std::string tag =
      build_script_tag(settings, "corpus", "n0nce", "/app/page");
  for (const Page &p : kPages) {
    const std::string page = read_page(p.name);
    ASSERT_FALSE(page.empty()) << p.name;
    std::string first;
    for (std::size_t size : {page.size(), std::size_t{1}, std::size_t{2},
                             std::size_t{7}, std::size_t{64}}) {
      HtmlScanner::Found found;
      const std::string out = splice(page, size, tag, &found);
      EXPECT_EQ(found.anchor, p.anchor) << p.name << " chunks of " << size;
      const bool inserted = found.anchor != Anchor::none;
      EXPECT_EQ(out.size(), page.size() + (inserted ? tag.size() : 0))
          << p.name;
      EXPECT_EQ(testing::compare_pages(page, out, tag, inserted, p.placement),
                "")
          << p.name << " chunks of " << size;
      if (first.empty()) first = out;
      EXPECT_EQ(out, first) << p.name << ": chunking changed the output";
    }
  }
}

TEST(Differential, TheCheckSeesWhatABrokenInserterWouldDo) {
  Settings settings;
  const std::string tag = build_script_tag(settings, "v", "", "");
  const std::string page =
      "<head><meta content=\"</head><img src=x onerror=alert(1)>\"></head>";
  // Inserted where the old scanner put it: inside the attribute value.
  const std::string broken = "<head><meta content=\"" + tag +
                             "</head><img src=x onerror=alert(1)>\"></head>";
  EXPECT_NE(testing::compare_pages(page, broken, tag, true,
                                   Placement::under_head_or_body),
            "");
  const std::string title = "<head><title></head></title></head>";
  EXPECT_NE(testing::compare_pages(
                title, "<head><title>" + tag + "</head></title></head>", tag,
                true, Placement::under_head_or_body),
            "");
  EXPECT_EQ(testing::compare_pages(
                title, "<head><title></head></title>" + tag + "</head>", tag,
                true, Placement::head_or_body_child),
            "");
  EXPECT_NE(testing::compare_pages(title, title + " ", tag, false,
                                   Placement::under_head_or_body),
            "");
  EXPECT_NE(testing::compare_pages("<body><p>x</p></body>",
                                   "<body><p>x" + tag + "</p></body>", tag,
                                   true, Placement::head_or_body_child),
            "");
}

}  // namespace
}  // namespace session_security
