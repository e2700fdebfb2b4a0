// Where the tag goes in a stream of chunks, as instructions the output
// filter carries out on its buckets: which bytes to pass on, where the tag
// goes, and which few bytes to hold back because they may be the start of
// a "</head" that the next chunk completes (at most 6: "</body"). Independent
// of httpd, so the fuzzer checks the exact logic the filter runs.
#ifndef SESSION_SECURITY_INSERTION_SPLICER_H
#define SESSION_SECURITY_INSERTION_SPLICER_H

#include <cstddef>

#include "html_scanner.h"

namespace session_security {

class InsertionSplicer {
 public:
  struct Segment {
    enum class Source { released, chunk, tag };
    Source source = Source::chunk;
    std::size_t offset = 0;  // into released() or the chunk
    std::size_t length = 0;
  };
  static constexpr std::size_t kMaxSegments = 4;
  static constexpr std::size_t kMaxHeld = 8;

  // `syntax`: the parser the page is read with (HtmlScanner).
  explicit InsertionSplicer(Syntax syntax = Syntax::html) : scanner_(syntax) {}

  // Plans one chunk. The segments, sent in order, are everything that may
  // go out now; chunk bytes not covered are held (copied) by the splicer.
  // "released" segments point into released(), valid until the next call.
  std::size_t feed(const char *chunk, std::size_t length,
                   Segment out[kMaxSegments]);
  // At the end of the stream: the held bytes go out (nothing found). With
  // `insert_at_end`, the tag follows them when the scanner says a tag
  // appended there is a script element (HtmlScanner::can_append); the
  // anchor is then Anchor::document_end.
  std::size_t finish(Segment out[kMaxSegments], bool insert_at_end = false);

  const char *released() const { return released_; }
  bool done() const { return done_; }
  bool inserted() const { return inserted_; }
  const HtmlScanner &scanner() const { return scanner_; }

 private:
  // Moves the held bytes to released_, so they can be referenced while
  // held_ is refilled.
  void release_held();

  HtmlScanner scanner_;
  char held_[kMaxHeld] = {};
  std::size_t held_length_ = 0;
  char released_[kMaxHeld] = {};
  std::size_t released_length_ = 0;
  bool done_ = false;
  bool inserted_ = false;
};

}  // namespace session_security

#endif
