// libFuzzer target: differential testing of the insertion against gumbo, a
// real HTML5 parser. The splicer runs on the input as the output filter
// runs it, cut into chunks chosen by the first bytes; then the input and
// the output are parsed and must have the same DOM but for the one script
// element inserted (or be byte-identical when nothing was inserted):
// tests/support/dom_compare.h says exactly what is compared.
//
// Input: one byte of flags (bit 0: insert at the end of the document when
// there is no anchor, as for a navigation; bits 1-3: how many chunk-size
// bytes follow, 1-8), the chunk sizes (1-256 each, cycled), the page.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../support/dom_compare.h"
#include "insertion_splicer.h"
#include "script_tag.h"
#include "settings.h"

namespace {

using session_security::InsertionSplicer;

void apply(const InsertionSplicer &splicer, const char *chunk,
           const InsertionSplicer::Segment *segments, std::size_t count,
           const std::string &tag, std::string *out) {
  using Source = InsertionSplicer::Segment::Source;
  for (std::size_t i = 0; i < count; ++i) {
    const auto &s = segments[i];
    if (s.source == Source::released) {
      out->append(splicer.released() + s.offset, s.length);
    } else if (s.source == Source::tag) {
      *out += tag;
    } else {
      out->append(chunk + s.offset, s.length);
    }
  }
}

const std::string &the_tag() {
  static const std::string tag = [] {
    session_security::Settings s;
    s.logout_url = "/logout?a=1&b=2";
    return session_security::build_script_tag(s, "fuzz", "n0nce", "/app/page");
  }();
  return tag;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  if (size < 2) return 0;
  const bool at_end = (data[0] & 1) != 0;
  const std::size_t cuts = 1 + ((data[0] >> 1) & 7);
  if (size < 1 + cuts) return 0;
  const std::uint8_t *sizes = data + 1;
  const char *page = reinterpret_cast<const char *>(data + 1 + cuts);
  const std::size_t length = size - 1 - cuts;

  InsertionSplicer splicer;
  InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
  std::string out;
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < length; ++i) {
    std::size_t n = 1 + sizes[i % cuts];
    if (n > length - offset) n = length - offset;
    const std::size_t count = splicer.feed(page + offset, n, segments);
    apply(splicer, page + offset, segments, count, the_tag(), &out);
    offset += n;
  }
  apply(splicer, nullptr, segments, splicer.finish(segments, at_end), the_tag(),
        &out);

  const std::string problem = session_security::testing::compare_pages(
      std::string_view(page, length), out, the_tag(), splicer.inserted(),
      session_security::testing::Placement::under_head_or_body);
  if (!problem.empty()) {
    std::fprintf(stderr, "differential: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
