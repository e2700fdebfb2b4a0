#include "json_answer.h"

#include <cstdio>

#include "http_protocol.h"
#include "log.h"
#include "session_access.h"

namespace session_security {

int send_json(request_rec *r, session_rec *z, int status,
              const std::string &body) {
  if (z != nullptr && z->dirty && !save_session(r, z)) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  "SSEC010: could not save the session before answering %d",
                  status);
  }
  r->status = status;
  ap_set_content_type(r, "application/json");
  apr_table_setn(r->headers_out, "Cache-Control", "no-store");
  apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
  ap_set_content_length(r, static_cast<apr_off_t>(body.size()));
  // Always whole: a byte range of a JSON answer (a 206 with "0" of "0.5")
  // is no answer, and httpd's byterange filter would cut one.
  apr_table_unset(r->headers_in, "Range");
  if (!r->header_only) ap_rwrite(body.data(), static_cast<int>(body.size()), r);
  return DONE;
}

std::string json_error(const char *reason) {
  std::string out = "{\"error\":\"";
  for (const char *p = reason; *p != '\0'; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "\"}";
  return out;
}

}  // namespace session_security
