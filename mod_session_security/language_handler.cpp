// Serves the built-in texts of one language (js/i18n/LANG.json, compiled in)
// beside the client script, from the header_parser hook like the script:
// before authentication (the texts are public) and before any handler, and
// without counting as activity.
#include <cstring>

#include "activity.h"
#include "apr_strings.h"
#include "http_protocol.h"
#include "http_request.h"
#include "language_files.h"
#include "log.h"

namespace session_security {

int serve_language_texts(request_rec *r, std::string_view language) {
  apr_table_setn(r->err_headers_out, "X-Content-Type-Options", "nosniff");
  const LanguageFile *file =
      find_language_file(language, kLanguageFiles, kLanguageFileCount);
  if (file == nullptr) return HTTP_NOT_FOUND;
  if (r->method_number != M_GET) {  // HEAD is M_GET with header_only
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    return HTTP_METHOD_NOT_ALLOWED;
  }
  ap_set_content_type(r, "application/json; charset=utf-8");
  // Cached like the script: the client asks with ?v=VERSION of the whole
  // set, which changes whenever a file does.
  const bool versioned = r->args != nullptr &&
                         std::strncmp(r->args, "v=", 2) == 0 &&
                         std::strcmp(r->args + 2, kLanguageFilesVersion) == 0;
  apr_table_setn(r->headers_out, "Cache-Control",
                 versioned ? "public, max-age=31536000, immutable"
                           : "public, max-age=300");
  apr_table_setn(r->headers_out, "ETag",
                 apr_pstrcat(r->pool, "\"", file->etag, "\"", nullptr));
  const int condition = ap_meets_conditions(r);
  if (condition != OK) return condition;  // 304 or 412
  ap_set_content_length(r, static_cast<apr_off_t>(file->length));
  if (!r->header_only) {
    ap_rwrite(file->json, static_cast<int>(file->length), r);
  }
  ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r,
                "SSEC110: served the texts of language %s (%s)", file->language,
                versioned ? "versioned" : "unversioned");
  return DONE;
}

}  // namespace session_security
