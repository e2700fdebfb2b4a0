// The key of a user's drafts (docs/CLIENT.md, "Drafts"): derived from the
// server's secret and the user name, so every node that shares the secret
// hands the same user the same key and no key is ever stored. No httpd
// types.
#ifndef SESSION_SECURITY_DRAFT_KEY_H
#define SESSION_SECURITY_DRAFT_KEY_H

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace session_security {

using Sha256 = std::array<std::uint8_t, 32>;

// HMAC-SHA256 (RFC 2104) with OpenSSL's libcrypto.
Sha256 hmac_sha256(std::string_view key, std::string_view message);

// The label the derivation starts with: changing the scheme changes it,
// so keys of two schemes never coincide.
constexpr std::string_view kDraftKeyLabel = "mod_session_security drafts v1";

// HMAC-SHA256(secret, label || 0x00 || user): the 0 byte ends the label, so
// no user name can make the message of another label.
Sha256 derive_draft_key(std::string_view secret, std::string_view user);

// base64url without padding (RFC 4648 section 5), as WebCrypto's JWK "k".
std::string base64url(const std::uint8_t *data, std::size_t length);

// {"key":"<base64url>"}
std::string draft_key_body(const Sha256 &key);

// The URL path of the key, beside the ping: PingURL's last segment replaced
// by "draft-key" ("/session_security/ping" -> "/session_security/draft-key").
std::string draft_key_url(std::string_view ping_url);

// The shortest secret accepted (bytes): an HMAC key shorter than this is
// guessable offline from one key the server handed out.
constexpr std::size_t kMinDraftSecretLength = 32;

}  // namespace session_security

#endif
