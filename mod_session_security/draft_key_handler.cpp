// The draft key endpoint (docs/CLIENT.md, "Drafts"), beside the ping and
// answered like it: from on_request, before authentication, to this site's
// own requests only, and passively (fetching the key is no activity).
#include <openssl/crypto.h>

#include <cstring>

#include "activity.h"
#include "draft_key.h"
#include "json_answer.h"
#include "log.h"

namespace session_security {
namespace {

int refuse(request_rec *r, session_rec *z, int status, const char *reason) {
  ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                "SSEC120: draft key refused with %d: %s", status, reason);
  return send_json(r, z, status, json_error(reason));
}

}  // namespace

int answer_draft_key_request(request_rec *r, const Settings &s) {
  if (r->method_number != M_GET || r->header_only) {
    apr_table_setn(r->headers_out, "Allow", "GET");
    return refuse(r, nullptr, HTTP_METHOD_NOT_ALLOWED,
                  "the draft key takes GET");
  }
  if (!ping_is_own(request_headers(r))) {
    return refuse(r, nullptr, HTTP_FORBIDDEN,
                  "not this site's own request (Sec-Fetch-Site or Origin)");
  }
  const char *secret = draft_secret(s);
  if (!keeps_drafts(s) || secret == nullptr) {
    return refuse(r, nullptr, HTTP_NOT_FOUND,
                  "SessionSecurityKeepDrafts is not On here");
  }
  session_rec *z = load_session(r);
  const char *user = z != nullptr ? signed_in_user_name(z) : nullptr;
  if (user == nullptr) {
    return refuse(r, z, HTTP_UNAUTHORIZED, "signed_out");
  }
  // Expiry first, and passive: a page that fetches the key at load must
  // not keep the session alive, and an expired session gets no key. Nothing
  // is written to a live session (not even the sign-in time).
  const Verdict v = judge(s, stamps_of(z), now_ms(), /*passive=*/true);
  if (v.outcome == Outcome::expired) {
    sign_out(r, z, s, v);
    return refuse(r, z, HTTP_UNAUTHORIZED, "signed_out");
  }
  Sha256 key = derive_draft_key(secret, user);
  std::string body = draft_key_body(key);
  // Not left in freed memory (a core dump, a later allocation).
  OPENSSL_cleanse(key.data(), key.size());
  ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                "SSEC121: draft key handed to user '%s'", user);
  const int done = send_json(r, z, HTTP_OK, body);
  OPENSSL_cleanse(&body[0], body.size());
  return done;
}

}  // namespace session_security
