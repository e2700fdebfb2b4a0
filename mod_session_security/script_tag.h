// The <script> tag the output filter inserts: the contract between the
// module and the client (docs/DESIGN.md). Independent of httpd.
#ifndef SESSION_SECURITY_SCRIPT_TAG_H
#define SESSION_SECURITY_SCRIPT_TAG_H

#include <cstdint>
#include <string>
#include <string_view>

#include "settings.h"

namespace session_security {

// Escapes text for a double-quoted HTML attribute value.
std::string escape_attribute(std::string_view text);

// The nonce a Content-Security-Policy header value allows scripts with
// ('nonce-...' in script-src-elem, else script-src, else default-src): of
// its comma-separated policies, the first one whose directive has one; ""
// when none has one or it is malformed. Nonce characters are limited to
// base64/base64url, so the value is safe in an attribute as is.
std::string script_nonce(std::string_view header);

// How the tag ends; its nonce attribute (` nonce="..."`), when it has one,
// comes just before.
constexpr std::string_view kScriptTagEnd = "></script>";

// The whole tag, every value escaped; `nonce` may be empty. `page` is the
// path of the page the tag goes into (empty: none): the ping URL in the tag
// carries it (?page=...), so the page's ping is judged with that page's
// limits, the ones in the tag (docs/CLIENT.md). `idle_ms`: how long the
// session has been idle as the page is answered (data-idle-ms), so that a
// page that reloads itself counts from the real last activity; negative:
// unknown, the client counts from its page load. `lifetime_left`: seconds
// before SessionSecurityMaxLifetime ends the session (verdict.h's
// lifetime_left()), -1 for none: the client warns before that deadline.
std::string build_script_tag(const Settings &s, std::string_view version,
                             std::string_view nonce, std::string_view page,
                             std::int64_t idle_ms = -1,
                             std::int64_t lifetime_left = -1);

}  // namespace session_security

#endif
