// Serves the embedded client at SessionSecurityScriptURL, from the module's
// request hook like the ping: before authentication (the script holds no
// secret) and before any handler such as a ProxyPass of the whole site.
#include <cstring>

#include "activity.h"
#include "apr_strings.h"
#include "client_script.h"
#include "http_protocol.h"
#include "http_request.h"
#include "log.h"

namespace session_security {

int serve_client_script(request_rec *r) {
  if (r->method_number != M_GET) {  // HEAD is M_GET with header_only
    r->allowed = AP_METHOD_BIT << M_GET;
    return HTTP_METHOD_NOT_ALLOWED;
  }
  ap_set_content_type(r, "text/javascript; charset=utf-8");
  apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
  // The tag asks for SCRIPT_URL?v=VERSION: that URL never changes content,
  // so it may be cached for a year; any other query gets a short life.
  const bool versioned = r->args != nullptr &&
                         std::strncmp(r->args, "v=", 2) == 0 &&
                         std::strcmp(r->args + 2, kClientScriptVersion) == 0;
  apr_table_setn(r->headers_out, "Cache-Control",
                 versioned ? "public, max-age=31536000, immutable"
                           : "public, max-age=300");
  apr_table_setn(
      r->headers_out, "ETag",
      apr_pstrcat(r->pool, "\"", kClientScriptVersion, "\"", nullptr));
  const int condition = ap_meets_conditions(r);
  if (condition != OK) return condition;  // 304 or 412
  ap_set_content_length(r, static_cast<apr_off_t>(kClientScriptLength));
  if (!r->header_only) {
    ap_rwrite(kClientScript, static_cast<int>(kClientScriptLength), r);
  }
  ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                "SSEC050: served the client script (%s)",
                versioned ? "versioned" : "unversioned");
  return DONE;
}

}  // namespace session_security
