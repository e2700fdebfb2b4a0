#include "app_signals.h"

#include <initializer_list>
#include <string>
#include <vector>

#include "apr_strings.h"
#include "http_protocol.h"
#include "judge_rule.h"
#include "util_cookies.h"

namespace session_security {
namespace {

bool is_https(const request_rec *r) {
  return strcasecmp(ap_http_scheme(const_cast<request_rec *>(r)), "https") == 0;
}

const char *mark_attributes(const request_rec *r) {
  return is_https(r) ? "path=/;HttpOnly;SameSite=Lax;Secure"
                     : "path=/;HttpOnly;SameSite=Lax";
}

}  // namespace

// Removes the entries of `table` whose name `reserved` says is ours.
template <typename Reserved>
void unset_reserved(apr_table_t *table, Reserved reserved) {
  std::vector<std::string> names;
  const apr_array_header_t *array = apr_table_elts(table);
  const auto *items = reinterpret_cast<const apr_table_entry_t *>(array->elts);
  for (int i = 0; i < array->nelts; ++i) {
    if (items[i].key != nullptr && reserved(items[i].key)) {
      names.emplace_back(items[i].key);
    }
  }
  for (const std::string &name : names) apr_table_unset(table, name.c_str());
}

void strip_client_signals(request_rec *r) {
  unset_reserved(r->headers_in,
                 [](const char *name) { return is_signal_header_name(name); });
  unset_reserved(r->subprocess_env, [](const char *name) {
    return is_signal_variable_name(name);
  });
}

void export_idle(request_rec *r, std::int64_t idle) {
  const char *value = apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                                   static_cast<apr_int64_t>(idle));
  apr_table_setn(r->subprocess_env, kIdleEnv, value);
  apr_table_setn(r->headers_in, kIdleHeader, value);
}

void export_expired(request_rec *r) {
  apr_table_setn(r->subprocess_env, kExpiredEnv, "1");
  apr_table_setn(r->headers_in, kExpiredHeader, "1");
}

void mark_browser_expired(request_rec *r) {
  ap_cookie_write(r, kExpiredCookie, "1", mark_attributes(r), 0,
                  r->err_headers_out, nullptr);
}

bool take_expired_mark(request_rec *r) {
  // The mark is ours, the backend never sees it: every copy goes, also
  // when it is sent twice with two values, which ap_cookie_read refuses
  // to remove. Header lines are merged as httpd merges them; Cookie2 is
  // read too, as ap_cookie_read does.
  bool sent = false;
  for (const char *header : {"Cookie", "Cookie2"}) {
    const char *cookies = apr_table_getm(r->pool, r->headers_in, header);
    if (cookies == nullptr) continue;
    bool found = false;
    const std::string kept = without_cookie(cookies, kExpiredCookie, &found);
    if (!found) continue;
    sent = true;
    if (kept.empty()) {
      apr_table_unset(r->headers_in, header);
    } else {
      apr_table_set(r->headers_in, header, kept.c_str());
    }
  }
  return sent;
}

void delete_expired_mark(request_rec *r) {
  ap_cookie_remove(r, kExpiredCookie, mark_attributes(r), r->err_headers_out,
                   nullptr);
}

void inherit_signals(request_rec *r) {
  const request_rec *origin = r->prev != nullptr ? r->prev : r->main;
  if (origin == nullptr) return;
  for (const char *name : {kIdleEnv, kExpiredEnv}) {
    if (const char *value = apr_table_get(origin->subprocess_env, name)) {
      apr_table_setn(r->subprocess_env, name, value);
    }
  }
}

}  // namespace session_security
