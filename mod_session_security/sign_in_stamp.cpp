// Stamps a session at the moment it is signed in, whatever signed it in
// (mod_auth_form's login handler, its inline login, an application).
//
// Without this, a sign-in that happened after the activity hook ran (it
// runs before authentication) reaches the next request with no stamp and
// looks like a fresh sign-in however long ago it was: a browser that signs
// in and walks away would never expire on its first return.
//
// The hook is mod_session's session_encode, run on every save before the
// entries are serialised (and encrypted by mod_session_crypto). mod_session
// exports it as a plain symbol, looked up at run time so that a server
// without mod_session still starts far enough to log SSEC100.
#include <dlfcn.h>

#include "activity.h"
#include "hooks.h"
#include "log.h"
#include "session_access.h"
#include "status_counters.h"

namespace session_security {
namespace {

using RegisterEncodeHook = void (*)(ap_HOOK_session_encode_t *,
                                    const char *const *, const char *const *,
                                    int);

bool registered = false;

apr_status_t stamp_new_sign_in(request_rec *r, session_rec *z) {
  if (z == nullptr) return OK;
  if (!is_signed_in(z)) {
    // Signed out where the module does not judge (mod_auth_form's logout
    // handler in an unprotected location): the stamps go with the user,
    // so a sign-in there later starts afresh instead of inheriting them
    // (and being signed out at once by an old stamp).
    if (has_security_entries(z)) remove_security_entries(r, z);
    return OK;
  }
  if (get_entry(z, kLastActivityKey).has_value()) return OK;
  const std::int64_t now = now_ms();
  set_stamp(r, z, kLastActivityKey, now);
  set_stamp(r, z, kSinceKey, now);
  record_sign_in(r);
  ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                "SSEC031: new sign-in: session stamped as it is saved");
  return OK;
}

}  // namespace

void register_sign_in_stamp(apr_pool_t *) {
  void *symbol = dlsym(RTLD_DEFAULT, "ap_hook_session_encode");
  if (symbol == nullptr) return;
  // Before mod_session's own encoder, which serialises the entries.
  static const char *const kBefore[] = {"mod_session.c", nullptr};
  reinterpret_cast<RegisterEncodeHook>(symbol)(stamp_new_sign_in, nullptr,
                                               kBefore, APR_HOOK_REALLY_FIRST);
  registered = true;
}

bool sign_in_stamp_registered() { return registered; }

}  // namespace session_security
