// The browser client, compiled into the module from js/ at build time
// (scripts/embed-client.sh), so it is served from memory: the script that
// the tag loads, and the parts that it loads when a page needs them
// (js/src/chunks.js), served beside it.
#ifndef SESSION_SECURITY_CLIENT_SCRIPT_H
#define SESSION_SECURITY_CLIENT_SCRIPT_H

#include <cstddef>
#include <string>
#include <string_view>

namespace session_security {

struct ClientFile {
  const char *name;  // "session-security.js", "session-security-dialog.js"
  const unsigned char *content;
  std::size_t length;
};

// The first 16 hex digits of a SHA-256 of every file: the "?v=" of the tag
// and the script's ETag, so a new build is fetched and an old one cached.
extern const char kClientVersion[];
// The same of the parts alone: the "?v=" under which the script asks for its
// parts (the build writes it into the script) and their ETag. A script of
// another build asks with its own, and gets no part that would not fit it.
extern const char kClientPartsVersion[];

// Served at SessionSecurityScriptURL.
extern const ClientFile kClientScript;
// Served at SCRIPT_DIR/NAME, SCRIPT_DIR being the directory of
// SessionSecurityScriptURL (ending in '/').
extern const ClientFile kClientParts[];
extern const std::size_t kClientPartCount;

// The part a request for `uri` asks for, or nullptr. Pure (client_files.cpp,
// unit-tested in tests/unit/client_files_test.cpp).
const ClientFile *requested_client_part(std::string_view uri,
                                        std::string_view script_url,
                                        const ClientFile *parts,
                                        std::size_t count);

// Why these URLs cannot work together, or "" (start-up and configtest fail,
// SSEC101): a SessionSecurityScriptURL named like a part (the script would
// be served instead of that part), a SessionSecurityPingURL that is the
// script's URL or a part's (the module would answer every ping with
// JavaScript). Pure (client_files.cpp).
std::string client_url_problem(std::string_view script_url,
                               std::string_view ping_url,
                               const ClientFile *parts, std::size_t count);

}  // namespace session_security

#endif
