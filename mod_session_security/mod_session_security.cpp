// mod_session_security: signs out inactive users of the applications behind
// Apache httpd. This file holds the module record and the start-up checks;
// each concern registers its own hooks (see hooks.h).
#include <initializer_list>
#include <string>

#include "apr_lib.h"
#include "apr_strings.h"
#include "directives.h"
#include "hooks.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "log.h"
#include "session_access.h"
#include "status_counters.h"

namespace session_security {
namespace {

const Settings *settings_in(ap_conf_vector_t *vector) {
  if (vector == nullptr) return nullptr;
  return static_cast<const Settings *>(
      ap_get_module_config(vector, &session_security_module));
}

// Calls visit(settings) for the server's defaults and for each <Directory>
// and <Location> block merged over them, the way a request would see them.
template <typename Visit>
void for_each_block(server_rec *s, Visit visit) {
  const Settings *base = settings_in(s->lookup_defaults);
  if (base == nullptr) return;
  visit(*base);
  auto *core = static_cast<core_server_config *>(
      ap_get_core_module_config(s->module_config));
  for (apr_array_header_t *sections : {core->sec_dir, core->sec_url}) {
    if (sections == nullptr) continue;
    auto **vectors = reinterpret_cast<ap_conf_vector_t **>(sections->elts);
    for (int i = 0; i < sections->nelts; ++i) {
      if (const Settings *block = settings_in(vectors[i])) {
        visit(merge_settings(*base, *block));
      }
    }
  }
}

bool anything_protected(server_rec *main_server) {
  bool protected_somewhere = false;
  for (server_rec *s = main_server; s != nullptr; s = s->next) {
    for_each_block(s, [&](const Settings &settings) {
      protected_somewhere = protected_somewhere || is_enabled(settings);
    });
  }
  return protected_somewhere;
}

// Runs before "apachectl configtest" reports, so errors here fail it.
int on_check_config(apr_pool_t *, apr_pool_t *, apr_pool_t *,
                    server_rec *main_server) {
  int status = OK;
  if (!bind_session_functions()) {
    ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, main_server,
                 "SSEC100: mod_session_security needs mod_session: load it "
                 "first (LoadModule session_module modules/mod_session.so, "
                 "with mod_session_cookie and mod_session_crypto or "
                 "mod_session_dbd)");
    status = HTTP_INTERNAL_SERVER_ERROR;
  } else if (!sign_in_stamp_registered()) {
    ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_WARNING, 0, main_server,
                 "SSEC103: LoadModule session_security_module comes before "
                 "LoadModule session_module: sign-ins are then stamped only "
                 "on their next request; load mod_session first");
  }
  for (server_rec *s = main_server; s != nullptr; s = s->next) {
    for_each_block(s, [&](const Settings &settings) {
      const std::string problem = validate_settings(settings);
      if (problem.empty()) return;
      ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, main_server,
                   "SSEC101: %s", problem.c_str());
      status = HTTP_INTERNAL_SERVER_ERROR;
    });
  }
  return status;
}

bool mentions_persistence(const char *args) {
  std::string lower(args != nullptr ? args : "");
  for (char &c : lower) c = static_cast<char>(apr_tolower(c));
  return lower.find("max-age") != std::string::npos ||
         lower.find("expires") != std::string::npos;
}

bool is_nonzero_number(const char *args) {
  return args != nullptr && apr_atoi64(args) != 0;
}

// Like django-session-security, insist that the session dies with the
// browser: a persistent cookie survives a restart of the browser.
void warn_about_persistent_cookies(const ap_directive_t *node, server_rec *s) {
  for (; node != nullptr; node = node->next) {
    const char *name = node->directive;
    const bool persistent = (strcasecmp(name, "SessionMaxAge") == 0 &&
                             is_nonzero_number(node->args)) ||
                            ((strcasecmp(name, "SessionCookieName") == 0 ||
                              strcasecmp(name, "SessionCookieName2") == 0) &&
                             mentions_persistence(node->args));
    if (persistent) {
      ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                   "SSEC102: %s %s (%s:%d) makes the session cookie "
                   "persistent: the session survives a browser restart. "
                   "mod_session_security is the expiry authority; leave "
                   "SessionMaxAge unset and the cookie without "
                   "max-age/expires",
                   name, node->args, node->filename, node->line_num);
    }
    warn_about_persistent_cookies(node->first_child, s);
  }
}

int on_post_config(apr_pool_t *, apr_pool_t *, apr_pool_t *,
                   server_rec *main_server) {
  if (anything_protected(main_server)) {
    warn_about_persistent_cookies(ap_conftree, main_server);
  }
  return OK;
}

void register_hooks(apr_pool_t *pool) {
  ap_hook_check_config(on_check_config, nullptr, nullptr, APR_HOOK_MIDDLE);
  ap_hook_post_config(on_post_config, nullptr, nullptr, APR_HOOK_MIDDLE);
  register_activity_hooks(pool);
  register_insert_filter(pool);
  register_sign_in_stamp(pool);
  register_status_counters(pool);
}

}  // namespace
}  // namespace session_security

extern "C" {
module AP_MODULE_DECLARE_DATA session_security_module = {
    STANDARD20_MODULE_STUFF,
    session_security::create_dir_settings,
    session_security::merge_dir_settings,
    nullptr,  // per-server config: everything is per directory
    nullptr,
    session_security::kDirectives,
    session_security::register_hooks,
    AP_MODULE_FLAG_NONE,
};
}
