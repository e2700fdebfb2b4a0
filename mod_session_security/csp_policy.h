// Making a Content-Security-Policy admit the nonce on the client's tag.
// Independent of httpd.
//
// Why the header is edited rather than only read: mod_headers applies
// `Header set Content-Security-Policy ...` in its FIXUP_HEADERS_OUT filter,
// which httpd places after mod_deflate's DEFLATE (both CONTENT_SET; DEFLATE
// is added at insert_filter MIDDLE, FIXUP_HEADERS_OUT at LAST). By the time
// that nonce exists, the page (and the tag in it) may already be compressed.
// Headers, though, can change until the HTTP_HEADER filter sends them; so
// the tag carries a nonce chosen when it is written, and the policy that
// leaves httpd is made to admit it (docs/DESIGN.md).
#ifndef SESSION_SECURITY_CSP_POLICY_H
#define SESSION_SECURITY_CSP_POLICY_H

#include <string>
#include <string_view>

namespace session_security {

// `header` is one Content-Security-Policy header value: a comma-separated
// list of policies. In every policy whose directive for <script> elements
// (the first script-src-elem, else script-src, else default-src) does not
// list `nonce` and already restricts scripts by nonce, by 'strict-dynamic',
// or by hashes without 'self' (where the tag, an external script of this
// origin, would be blocked, and a nonce changes nothing for any other
// script), adds 'nonce-NONCE' to that directive. Other policies ('none',
// 'self', hosts, 'unsafe-inline') are left as they are: they either admit
// the tag already, or are the administrator's choice, or a nonce would turn
// their 'unsafe-inline' off. Returns the header unchanged (byte for byte)
// when nothing was added.
std::string admit_script_nonce(std::string_view header, std::string_view nonce);

}  // namespace session_security

#endif
