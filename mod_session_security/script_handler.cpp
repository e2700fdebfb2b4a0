// Serves the embedded client at SessionSecurityScriptURL, and its parts
// beside it, from the module's request hook like the ping: before
// authentication (the client holds no secret) and before any handler such
// as a ProxyPass of the whole site.
#include <cstring>

#include "activity.h"
#include "apr_strings.h"
#include "client_script.h"
#include "http_protocol.h"
#include "http_request.h"
#include "log.h"

namespace session_security {

int serve_client_file(request_rec *r, const ClientFile &file, bool is_part) {
  if (r->method_number != M_GET) {  // HEAD is M_GET with header_only
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    return HTTP_METHOD_NOT_ALLOWED;
  }
  apr_table_setn(r->err_headers_out, "X-Content-Type-Options", "nosniff");
  // The tag asks for SCRIPT_URL?v=VERSION, and the script for its parts
  // with the version of the parts it was built with: such a URL never
  // changes content, so it may be cached for a year; any other query gets
  // a short life.
  const char *version = is_part ? kClientPartsVersion : kClientVersion;
  const bool versioned = r->args != nullptr &&
                         std::strncmp(r->args, "v=", 2) == 0 &&
                         std::strcmp(r->args + 2, version) == 0;
  if (is_part && r->args != nullptr && !versioned) {
    // A script of another build (a page loaded before the module was
    // upgraded, another node of a cluster) asks for its own part: this
    // build's would not fit it.
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "SSEC051: not serving %s: the client asked for version "
                  "\"%s\", this module's parts have %s (a script of another "
                  "build)",
                  file.name, r->args, version);
    return HTTP_NOT_FOUND;
  }
  ap_set_content_type(r, "text/javascript; charset=utf-8");
  apr_table_setn(r->headers_out, "Cache-Control",
                 versioned ? "public, max-age=31536000, immutable"
                           : "public, max-age=300");
  apr_table_setn(r->headers_out, "ETag",
                 apr_pstrcat(r->pool, "\"", version, "\"", nullptr));
  const int condition = ap_meets_conditions(r);
  if (condition != OK) return condition;  // 304 or 412
  ap_set_content_length(r, static_cast<apr_off_t>(file.length));
  if (!r->header_only) {
    ap_rwrite(file.content, static_cast<int>(file.length), r);
  }
  ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "SSEC050: served %s (%s)",
                file.name, versioned ? "versioned" : "unversioned");
  return DONE;
}

}  // namespace session_security
