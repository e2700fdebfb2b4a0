// Validators of the pages the tag goes into (insert_filter.cpp). Independent
// of httpd.
//
// A page answered with the tag and the same page answered without it (to a
// script request, or before the user signed in) are two representations of
// one URL, and a browser keeps one of them. So a tagged page's ETag is weak
// (the bytes changed) and marked, and a request that will get the tag asks
// the handler only about tagged copies: a 304 for an untagged copy would
// show the page without the client.
#ifndef SESSION_SECURITY_VALIDATORS_H
#define SESSION_SECURITY_VALIDATORS_H

#include <string>
#include <string_view>

namespace session_security {

// What marks a tagged page's entity tag, just before its closing quote.
constexpr std::string_view kTaggedMark = "+ssec";

// The ETag of a page the tag went into: W/"OPAQUE+ssec", from "OPAQUE" or
// W/"OPAQUE". "" when `etag` is no quoted entity tag (drop it then).
std::string tagged_etag(std::string_view etag);

// If-None-Match of a request whose answer may get the tag, as the handler
// must see it: the entity tags of tagged copies without their mark (the
// handler compares with its own ETag, weakly); the others kept when
// `keep_untagged`, else dropped (a page: its untagged copy must not be
// shown); "*" stays. "" when none is left.
std::string tagged_copies_only(std::string_view if_none_match,
                               bool keep_untagged = false);

}  // namespace session_security

#endif
