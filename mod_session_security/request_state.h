// What the activity hook found out about a request, for the later stages
// (output filter, fixups) of the same request.
#ifndef SESSION_SECURITY_REQUEST_STATE_H
#define SESSION_SECURITY_REQUEST_STATE_H

#include <cstdint>

#include "httpd.h"

namespace session_security {

struct RequestState {
  bool judged = false;     // a request of the chain was judged
  bool signed_in = false;  // a signed-in session that is not expired
  bool expired = false;    // this chain found the session expired
  bool stamped = false;    // the chain wrote a new activity stamp
  std::int64_t idle = 0;   // seconds of inactivity before this request
  std::int64_t stamp = 0;  // the stamp written, when `stamped`
  // The session's last activity (ms) once judged, 0 if unknown, and whether
  // this request counted as activity: the page's tag tells the client how
  // long the session has been idle (data-idle-ms).
  std::int64_t last_activity = 0;
  bool counted = false;
  bool wrote_since = false;       // the chain wrote the sign-in time
  std::int64_t since = 0;         // that time, when `wrote_since`
  std::int64_t signed_in_at = 0;  // ms; the session's sign-in time
  bool mark_sent = false;         // the browser sent the "expired" mark
  bool mark_honoured = false;     // ... and it was believed (no session)
  bool tag_inserted = false;      // the client tag went into a response
  void *session = nullptr;        // the session_rec judged
};

// The state of the chain this request belongs to, kept on its initial
// request (internal redirects and subrequests share it); nullptr until a
// request of the chain was judged (module off there, or no session) or
// signed in.
RequestState *request_state(const request_rec *r);
RequestState &create_request_state(request_rec *r);

}  // namespace session_security

#endif
