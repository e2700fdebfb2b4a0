// mod_session_security: signs out inactive users of the applications behind
// Apache httpd. This file holds the module record and the start-up checks;
// each concern registers its own hooks (see hooks.h).
#include <initializer_list>
#include <set>
#include <string>

#include "apr_lib.h"
#include "apr_strings.h"
#include "client_script.h"
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

// The blocks written inside a section: core keeps <Files> and <FilesMatch>
// in the section's own core_dir_config (sec_file) and <If>, <ElseIf> and
// <Else> there too (sec_if), each with a configuration vector that httpd
// merges over the section's at request time. Visits each merged over
// `outer`, and what is written inside them in turn.
template <typename Visit>
void for_each_nested_block(ap_conf_vector_t *section, const Settings &outer,
                           Visit &visit) {
  auto *core =
      static_cast<core_dir_config *>(ap_get_core_module_config(section));
  if (core == nullptr) return;
  for (apr_array_header_t *nested : {core->sec_file, core->sec_if}) {
    if (nested == nullptr) continue;
    auto **vectors = reinterpret_cast<ap_conf_vector_t **>(nested->elts);
    for (int i = 0; i < nested->nelts; ++i) {
      const Settings *block = settings_in(vectors[i]);
      const Settings merged =
          block != nullptr ? merge_settings(outer, *block) : outer;
      if (block != nullptr) visit(merged);
      for_each_nested_block(vectors[i], merged, visit);
    }
  }
}

// Calls visit(settings) for the server's defaults and for each block
// (<Directory>, <Location> and their regex forms, <Files>, <FilesMatch>,
// <If>/<ElseIf>/<Else>, wherever written) merged over what encloses it,
// the way a request would see them.
template <typename Visit>
void for_each_block(server_rec *s, Visit visit) {
  const Settings *base = settings_in(s->lookup_defaults);
  if (base == nullptr) return;
  visit(*base);
  for_each_nested_block(s->lookup_defaults, *base, visit);
  auto *core = static_cast<core_server_config *>(
      ap_get_core_module_config(s->module_config));
  for (apr_array_header_t *sections : {core->sec_dir, core->sec_url}) {
    if (sections == nullptr) continue;
    auto **vectors = reinterpret_cast<ap_conf_vector_t **>(sections->elts);
    for (int i = 0; i < sections->nelts; ++i) {
      const Settings *block = settings_in(vectors[i]);
      const Settings merged =
          block != nullptr ? merge_settings(*base, *block) : *base;
      if (block != nullptr) visit(merged);
      for_each_nested_block(vectors[i], merged, visit);
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

// WCAG 2.2.1: warns (configtest still passes) about each block not set
// "SessionSecurity Off" whose warning leaves under 20 s to act (a block is
// merged over the server's settings only, so one inside a protected
// <Location> may not read as On here); once per pair of places where
// WarnAfter and ExpireAfter were set, not once per block inheriting them.
void warn_about_short_warnings(server_rec *main_server) {
  std::set<std::string> warned;
  for (server_rec *s = main_server; s != nullptr; s = s->next) {
    for_each_block(s, [&](const Settings &settings) {
      if (settings.enabled == 0) return;
      const std::string warning = accessibility_warning(settings);
      if (warning.empty() || !warned.insert(warning).second) return;
      ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_WARNING, 0, main_server,
                   "SSEC111: %s", warning.c_str());
    });
  }
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
  std::set<std::string> reported;  // a block's problem, once for its heirs
  for (server_rec *s = main_server; s != nullptr; s = s->next) {
    for_each_block(s, [&](const Settings &settings) {
      for (const std::string &problem :
           {validate_settings(settings),
            client_url_problem(script_url(settings), ping_url(settings),
                               kClientParts, kClientPartCount)}) {
        if (problem.empty()) continue;
        status = HTTP_INTERNAL_SERVER_ERROR;
        if (!reported.insert(problem).second) continue;
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, main_server,
                     "SSEC101: %s", problem.c_str());
      }
    });
  }
  warn_about_short_warnings(main_server);
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
