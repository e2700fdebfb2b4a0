// Access to mod_session through its optional functions (never through
// session_module, whose symbol depends on load order).
#ifndef SESSION_SECURITY_SESSION_ACCESS_H
#define SESSION_SECURITY_SESSION_ACCESS_H

#include <cstdint>
#include <optional>
#include <string_view>

#include "httpd.h"

extern "C" {
#include "mod_session.h"
}

namespace session_security {

constexpr const char *kLastActivityKey = "_session_security";
constexpr const char *kSinceKey = "_session_security_since";
// Both hold milliseconds since the Unix epoch in decimal ASCII (whole
// seconds in sessions written before 1.1; numbers.h tells them apart).

// Retrieves mod_session's optional functions; false when mod_session is not
// loaded. Called at start-up; the other functions require it to be true.
bool bind_session_functions();
bool session_functions_bound();

// The request's session (cached by mod_session per top-level request), or
// nullptr when sessions are off here or the session could not be loaded
// (undecryptable cookies included: such a browser is anonymous).
// `sessions_off` (optional) tells the first case from the second.
session_rec *load_session(request_rec *r, bool *sessions_off = nullptr);

// Signed in: a non-empty entry "user" or "<AuthName>-user".
bool is_signed_in(const session_rec *z);
// The signed-in user's name: the value of "user", else of the "*-user"
// entry whose name sorts first (the same whatever order the store keeps);
// nullptr when not signed in.
const char *signed_in_user_name(const session_rec *z);
bool has_security_entries(const session_rec *z);

std::optional<std::string_view> get_entry(const session_rec *z,
                                          const char *key);
void set_entry(request_rec *r, session_rec *z, const char *key,
               const char *value);
void set_stamp(request_rec *r, session_rec *z, const char *key,
               std::int64_t milliseconds);
void remove_security_entries(request_rec *r, session_rec *z);

// Removes every entry, so the next save deletes the session (an empty
// session makes mod_session_cookie expire the cookie).
void clear_session(request_rec *r, session_rec *z);

// Saves now (for answers written before the handler, where mod_session's
// output filter never runs). Returns false when the save failed.
bool save_session(request_rec *r, session_rec *z);

}  // namespace session_security

#endif
