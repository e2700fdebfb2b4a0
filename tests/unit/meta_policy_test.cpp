// A Content-Security-Policy in a <meta http-equiv> element: the scanner
// reads its nonce (HtmlScanner::meta_nonce, PolicyNonceReader), so that the
// tag written after it carries it; browsers apply such a policy to the
// elements that follow it.
#include <gtest/gtest.h>

#include <string>

#include "html_scanner.h"

namespace session_security {
namespace {

std::string read_policy(const std::string &policy) {
  PolicyNonceReader reader;
  for (char c : policy) reader.feed(static_cast<unsigned char>(c));
  reader.finish();
  return std::string(reader.nonce());
}

TEST(PolicyNonceReader, FollowsTheFallbackOrderForScriptElements) {
  EXPECT_EQ(read_policy("script-src 'self' 'nonce-abc123'"), "abc123");
  EXPECT_EQ(read_policy("default-src 'nonce-d3f'; img-src *"), "d3f");
  EXPECT_EQ(read_policy("default-src 'nonce-d'; script-src 'nonce-s'"), "s");
  EXPECT_EQ(read_policy("script-src 'nonce-s';script-src-elem 'nonce-e'"), "e");
  EXPECT_EQ(read_policy("SCRIPT-SRC\t'NONCE-Up+/='  'strict-dynamic'"),
            "Up+/=");
  EXPECT_EQ(read_policy("script-src 'self'; default-src 'nonce-d'"), "");
  EXPECT_EQ(read_policy("script-src 'a'; script-src 'nonce-second'"), "");
  EXPECT_EQ(read_policy("script-src 'nonce-1' 'nonce-2'"), "1");
  EXPECT_EQ(read_policy("img-src 'nonce-x'"), "");
  EXPECT_EQ(read_policy(""), "");
  EXPECT_EQ(read_policy("script-src 'nonce-a\"b'"), "");
  EXPECT_EQ(read_policy("script-src 'nonce-'"), "");
  EXPECT_EQ(read_policy("script-src nonce-x"), "");
  EXPECT_EQ(read_policy("script-src 'nonce-" + std::string(64, 'a') + "'"),
            std::string(64, 'a'));
  EXPECT_EQ(read_policy("script-src 'nonce-" + std::string(65, 'a') + "'"), "");
  EXPECT_EQ(read_policy("script-src-elemx 'nonce-x'"), "");
}

std::string meta_nonce(const std::string &doc, Syntax syntax = Syntax::html) {
  HtmlScanner s(syntax);
  s.feed(doc.data(), doc.size());
  return std::string(s.meta_nonce());
}

// The nonce read whole, after every split in two and byte by byte.
void expect_meta_nonce(const std::string &doc, const std::string &nonce,
                       Syntax syntax = Syntax::html) {
  EXPECT_EQ(meta_nonce(doc, syntax), nonce) << doc;
  for (std::size_t cut = 0; cut <= doc.size(); ++cut) {
    HtmlScanner s(syntax);
    s.feed(doc.data(), cut);
    s.feed(doc.data() + cut, doc.size() - cut);
    EXPECT_EQ(s.meta_nonce(), nonce) << doc << " cut at " << cut;
  }
  HtmlScanner s(syntax);
  for (char c : doc) s.feed(&c, 1);
  EXPECT_EQ(s.meta_nonce(), nonce) << doc << " bytewise";
}

TEST(MetaPolicy, TheNonceOfAMetaPolicy) {
  expect_meta_nonce(
      "<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src "
      "'nonce-abc'\"><title>t</title></head>",
      "abc");
  expect_meta_nonce(
      "<head><META CONTENT='default-src &apos;self&apos; &apos;nonce-D&apos;' "
      "HTTP-EQUIV=content-security-policy></head>",
      "D");
  // The quotes written as character references, with and without ';'.
  for (const char *quote : {"&#39;", "&#039;", "&#x27;", "&#X27;", "&#39"}) {
    const std::string q = quote;
    expect_meta_nonce(
        "<meta http-equiv=\"content-security-policy\" "
        "content=\"script-src " +
            q + "nonce-E1" + q + " " + q + "strict-dynamic" + q + "\">",
        "E1");
  }
  expect_meta_nonce(
      "<meta http-equiv=Content-Security-Policy "
      "content=script-src&#32;&#39;nonce-u&#39;>",
      "u");
  expect_meta_nonce(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src "
      "'nonce-x1'\"/>",
      "x1", Syntax::xml);
  // The first meta policy with a nonce counts.
  expect_meta_nonce(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"img-src *\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src "
      "'nonce-two'\"><meta http-equiv=\"Content-Security-Policy\" "
      "content=\"script-src 'nonce-three'\">",
      "two");
}

TEST(MetaPolicy, NoNonceFromWhatIsNotAMetaPolicy) {
  for (const char *doc :
       {// not a policy the browser applies from a <meta>
        "<meta http-equiv=\"Content-Security-Policy-Report-Only\" "
        "content=\"script-src 'nonce-a'\">",
        "<meta name=\"Content-Security-Policy\" content=\"script-src "
        "'nonce-a'\">",
        "<meta content=\"script-src 'nonce-a'\">",
        "<meta http-equiv=\"Content-Security-Policy \" content=\"script-src "
        "'nonce-a'\">",
        // the first attribute of a name counts
        "<meta http-equiv=refresh http-equiv=Content-Security-Policy "
        "content=\"script-src 'nonce-a'\">",
        "<meta http-equiv=Content-Security-Policy content=\"img-src *\" "
        "content=\"script-src 'nonce-a'\">",
        // not an element
        "<!-- <meta http-equiv=Content-Security-Policy content=\"script-src "
        "'nonce-a'\"> -->",
        "<title><meta http-equiv=Content-Security-Policy "
        "content=\"script-src 'nonce-a'\"></title>",
        "<script>'<meta http-equiv=Content-Security-Policy "
        "content=\"script-src 'nonce-a'\">'</script>",
        "</meta http-equiv=Content-Security-Policy content=\"script-src "
        "'nonce-a'\">",
        "<metax http-equiv=Content-Security-Policy content=\"script-src "
        "'nonce-a'\">",
        // inert
        "<template><meta http-equiv=Content-Security-Policy "
        "content=\"script-src 'nonce-a'\"></template>",
        // not a nonce
        "<meta http-equiv=Content-Security-Policy content=\"script-src "
        "'nonce-a&quot;b'\">",
        "<meta http-equiv=Content-Security-Policy content=\"script-src "
        "&#39;nonce-a&#233;&#39;\">",
        "<meta http-equiv=Content-Security-Policy content=\"script-src "
        "&unknown;nonce-a'\">"}) {
    expect_meta_nonce(doc, "");
  }
}

TEST(MetaPolicy, ReadingTheNonceDoesNotChangeWhereTheTagGoes) {
  const std::string doc =
      "<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src "
      "'nonce-abc' </head>\"></head>";
  HtmlScanner s;
  s.feed(doc.data(), doc.size());
  EXPECT_EQ(s.found().anchor, Anchor::head_end);
  EXPECT_EQ(s.found().offset, doc.size() - 7);
  EXPECT_EQ(s.meta_nonce(), "abc");  // "</head>" is one more source
}

}  // namespace
}  // namespace session_security
