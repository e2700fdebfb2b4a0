// libFuzzer target: the insertion scanner and splicer, exactly as the
// output filter runs them. The first bytes choose how the document is cut
// into chunks, and whether it is read as HTML or as XML (XHTML); the output
// must be the input with exactly one tag inserted where the scanner says, or
// the input unchanged.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "html_scanner.h"
#include "insertion_splicer.h"

namespace {

constexpr char kTag[] = "<TAG>";

void check(bool condition) {
  if (!condition) std::abort();
}

void apply(const session_security::InsertionSplicer &splicer, const char *chunk,
           const session_security::InsertionSplicer::Segment *segments,
           std::size_t count, std::string *out) {
  using Source = session_security::InsertionSplicer::Segment::Source;
  std::size_t position = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const auto &s = segments[i];
    switch (s.source) {
      case Source::released:
        check(s.offset + s.length <=
              session_security::InsertionSplicer::kMaxHeld);
        out->append(splicer.released() + s.offset, s.length);
        break;
      case Source::tag:
        out->append(kTag);
        break;
      case Source::chunk:
        check(s.offset == position);  // in order, no gaps
        out->append(chunk + s.offset, s.length);
        position += s.length;
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  using session_security::InsertionSplicer;
  if (size < 2) return 0;
  // Chunk sizes cycle through the first few bytes (1..256 each).
  const std::size_t cuts = 1 + data[0] % 8;
  const auto syntax = (data[0] & 8) != 0 ? session_security::Syntax::xml
                                         : session_security::Syntax::html;
  if (size < 1 + cuts) return 0;
  const std::uint8_t *sizes = data + 1;
  const char *document = reinterpret_cast<const char *>(data + 1 + cuts);
  const std::size_t length = size - 1 - cuts;

  InsertionSplicer splicer(syntax);
  InsertionSplicer::Segment segments[InsertionSplicer::kMaxSegments];
  std::string out;
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < length; ++i) {
    std::size_t n = 1 + sizes[i % cuts];
    if (n > length - offset) n = length - offset;
    const std::size_t count = splicer.feed(document + offset, n, segments);
    check(count <= InsertionSplicer::kMaxSegments);
    apply(splicer, document + offset, segments, count, &out);
    offset += n;
    // Never more than a few bytes held back.
    check(out.size() + 8 >=
          offset + (splicer.inserted() ? sizeof kTag - 1 : 0));
  }
  const std::size_t count = splicer.finish(segments);
  apply(splicer, nullptr, segments, count, &out);

  const std::string input(document, length);
  if (splicer.inserted()) {
    const auto at = static_cast<std::size_t>(splicer.scanner().found().offset);
    check(at <= length);
    check(out == input.substr(0, at) + kTag + input.substr(at));
    // And the same scanner, fed the whole document at once, agrees.
    session_security::HtmlScanner whole(syntax);
    check(whole.feed(document, length).offset == at);
  } else {
    check(out == input);
  }
  return 0;
}
