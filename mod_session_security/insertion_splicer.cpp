#include "insertion_splicer.h"

#include <cstring>

namespace session_security {
namespace {

using Segment = InsertionSplicer::Segment;
using Source = Segment::Source;

void add(Segment out[], std::size_t *count, Source source, std::size_t offset,
         std::size_t length) {
  if (length == 0 && source != Source::tag) return;
  out[(*count)++] = Segment{source, offset, length};
}

}  // namespace

void InsertionSplicer::release_held() {
  std::memcpy(released_, held_, held_length_);
  released_length_ = held_length_;
  held_length_ = 0;
}

std::size_t InsertionSplicer::feed(const char *chunk, std::size_t length,
                                   Segment out[kMaxSegments]) {
  std::size_t count = 0;
  if (done_) {
    add(out, &count, Source::chunk, 0, length);
    return count;
  }
  const std::uint64_t base = scanner_.consumed();  // stream offset of chunk
  const std::uint64_t held_base = base - held_length_;
  const HtmlScanner::Found found = scanner_.feed(chunk, length);
  release_held();

  if (found.anchor != Anchor::none) {
    done_ = inserted_ = true;
    if (found.offset < base) {  // the anchor began in the held bytes
      const auto before = static_cast<std::size_t>(found.offset - held_base);
      add(out, &count, Source::released, 0, before);
      add(out, &count, Source::tag, 0, 0);
      add(out, &count, Source::released, before, released_length_ - before);
      add(out, &count, Source::chunk, 0, length);
    } else {
      const auto before = static_cast<std::size_t>(found.offset - base);
      add(out, &count, Source::released, 0, released_length_);
      add(out, &count, Source::chunk, 0, before);
      add(out, &count, Source::tag, 0, 0);
      add(out, &count, Source::chunk, before, length - before);
    }
    return count;
  }
  if (scanner_.finished()) {  // tagged already, or nothing may be inserted
    done_ = true;
    add(out, &count, Source::released, 0, released_length_);
    add(out, &count, Source::chunk, 0, length);
    return count;
  }

  const std::uint64_t hold = scanner_.hold_from();
  if (hold >= base) {
    const auto pass = static_cast<std::size_t>(hold - base);
    add(out, &count, Source::released, 0, released_length_);
    add(out, &count, Source::chunk, 0, pass);
    held_length_ = length - pass;
    std::memcpy(held_, chunk + pass, held_length_);
    return count;
  }
  // The pending anchor began in the held bytes and runs through this whole
  // chunk, so both are short (the scanner holds at most 6 bytes).
  const auto pass = static_cast<std::size_t>(hold - held_base);
  if (released_length_ - pass + length > kMaxHeld) {  // defensive only
    add(out, &count, Source::released, 0, released_length_);
    add(out, &count, Source::chunk, 0, length);
    return count;
  }
  add(out, &count, Source::released, 0, pass);
  held_length_ = released_length_ - pass;
  std::memcpy(held_, released_ + pass, held_length_);
  std::memcpy(held_ + held_length_, chunk, length);
  held_length_ += length;
  return count;
}

std::size_t InsertionSplicer::finish(Segment out[kMaxSegments],
                                     bool insert_at_end) {
  std::size_t count = 0;
  if (!done_) {
    release_held();
    done_ = true;
    add(out, &count, Source::released, 0, released_length_);
    if (insert_at_end &&
        scanner_.insert_at_end().anchor == Anchor::document_end) {
      inserted_ = true;
      add(out, &count, Source::tag, 0, 0);
    }
  }
  return count;
}

}  // namespace session_security
