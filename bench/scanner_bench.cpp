// Microbenchmark of the insertion scanner (make bench-scanner): MB/s over a
// 100 MB body-only page (no head end, so every byte is scanned up to the
// body end), fed in chunks of 8000 bytes as httpd's buckets come, and the
// time per 100 KB page. Built once against this tree's scanner and once
// against main's (the Makefile extracts it with git show), same source.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "html_scanner.h"

namespace {

// Markup of the density an application page has: attributes of every
// quoting, links, text, a comment, an inline icon, a form.
std::string body_only_page(std::size_t size) {
  const std::string block =
      "<div class=\"row item\" id=\"r1\"><a href=\"/orders?id=42&amp;view=full"
      "\" title='Order 42'>Order 42</a> <span class=badge>new</span>\n"
      "<p>Shipped to the warehouse on Monday; 3 &lt; 5 items remain, see the "
      "<a href=/help>help</a> page for details.</p><!-- row end -->\n"
      "<svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\"><path d=\"M0 0h16"
      "v16H0z\"/></svg><img src=\"/i/p.png\" alt=\"\" width=16 height=16>\n"
      "<form method=post action=/o/42><input type=hidden name=t value=\"ab12"
      "\"><button type=submit>Save</button></form></div>\n";
  std::string page = "<!DOCTYPE html><html><body>\n";
  while (page.size() + block.size() < size) page += block;
  page += "</body></html>\n";
  return page;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

std::uint64_t scan(const std::string &page) {
  session_security::HtmlScanner scanner;
  constexpr std::size_t kChunk = 8000;
  for (std::size_t i = 0; i < page.size(); i += kChunk) {
    const std::size_t n = std::min(kChunk, page.size() - i);
    if (scanner.feed(page.data() + i, n).anchor !=
        session_security::Anchor::none) {
      break;
    }
  }
  return scanner.found().offset;
}

}  // namespace

int main(int argc, char **argv) {
  const char *label = argc > 1 ? argv[1] : "scanner";
  const std::string big = body_only_page(100u * 1000 * 1000);
  const std::uint64_t expected =
      big.size() - std::string("</body></html>\n").size();
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t found = scan(big);
    best = std::min(best, seconds_since(start));
    if (found != expected) {
      std::fprintf(stderr, "%s: found the anchor at %llu, not %llu\n", label,
                   static_cast<unsigned long long>(found),
                   static_cast<unsigned long long>(expected));
      return 1;
    }
  }
  const std::string small = body_only_page(100u * 1000);
  constexpr int kPages = 2000;
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t sum = 0;
  for (int i = 0; i < kPages; ++i) sum += scan(small);
  const double per_page = seconds_since(start) / kPages;
  if (sum != static_cast<std::uint64_t>(kPages) *
                 (small.size() - std::string("</body></html>\n").size())) {
    std::fprintf(stderr, "%s: wrong anchor in the 100 KB page\n", label);
    return 1;
  }
  std::printf(
      "%-8s 100 MB body-only page: %7.1f MB/s (best of 3)   "
      "100 KB page: %6.1f us\n",
      label, big.size() / best / 1e6, per_page * 1e6);
  return 0;
}
