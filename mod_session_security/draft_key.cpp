#include "draft_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace session_security {

Sha256 hmac_sha256(std::string_view key, std::string_view message) {
  Sha256 out{};
  unsigned int length = 0;
  // A key of length 0 is valid HMAC, but OpenSSL wants a non-null pointer.
  static const char kEmpty = 0;
  const void *key_data = key.empty() ? &kEmpty : key.data();
  HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char *>(message.data()), message.size(),
       out.data(), &length);
  return out;
}

Sha256 derive_draft_key(std::string_view secret, std::string_view user) {
  std::string message(kDraftKeyLabel);
  message += '\0';
  message += user;
  return hmac_sha256(secret, message);
}

std::string base64url(const std::uint8_t *data, std::size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((length * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= length; i += 3) {
    const std::uint32_t n = (static_cast<std::uint32_t>(data[i]) << 16) |
                            (static_cast<std::uint32_t>(data[i + 1]) << 8) |
                            data[i + 2];
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const std::size_t rest = length - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(data[i]) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(data[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    if (rest == 2) out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::string draft_key_body(const Sha256 &key) {
  return "{\"key\":\"" + base64url(key.data(), key.size()) + "\"}";
}

std::string draft_key_url(std::string_view ping_url) {
  const std::size_t slash = ping_url.rfind('/');
  std::string out(
      ping_url.substr(0, slash == std::string_view::npos ? 0 : slash));
  out += "/draft-key";
  return out;
}

}  // namespace session_security
