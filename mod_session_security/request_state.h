// What the activity hook found out about a request, for the later stages
// (output filter, fixups) of the same request.
#ifndef SESSION_SECURITY_REQUEST_STATE_H
#define SESSION_SECURITY_REQUEST_STATE_H

#include <cstdint>

#include "httpd.h"

namespace session_security {

struct RequestState {
  bool signed_in = false;       // a signed-in session that is not expired
  bool expired = false;         // this request found the session expired
  bool stamped = false;         // this request wrote a new activity stamp
  std::int64_t idle = 0;        // seconds of inactivity before this request
  std::int64_t stamp = 0;       // the stamp written, when `stamped`
  bool restamp_queued = false;  // the restamp filter has been added
  bool tag_inserted = false;    // the client tag went into a response
  void *session = nullptr;      // the session_rec judged
};

// The state of the initial request this one belongs to (internal redirects
// and subrequests share it); nullptr when the module did not judge it
// (module off there, or no session).
RequestState *request_state(const request_rec *r);
RequestState &create_request_state(request_rec *r);

}  // namespace session_security

#endif
