// The browser client, compiled into the module from js/ at build time
// (scripts/embed-client.sh), so it is served from memory.
#ifndef SESSION_SECURITY_CLIENT_SCRIPT_H
#define SESSION_SECURITY_CLIENT_SCRIPT_H

#include <cstddef>

namespace session_security {

extern const unsigned char kClientScript[];
extern const std::size_t kClientScriptLength;
// The first 16 hex digits of the script's SHA-256: the "?v=" of the tag
// and the script's ETag, so a new build is fetched and an old one cached.
extern const char kClientScriptVersion[];

}  // namespace session_security

#endif
