// The directive table and the per-directory configuration of the module.
// Values are checked as they are read, so "apachectl configtest" names the
// directive at fault; consistency across blocks (WarnAfter < ExpireAfter
// after merging) is checked at start-up in mod_session_security.cpp.
#include "directives.h"

#include <cstring>
#include <new>
#include <string>

#include "apr_file_io.h"
#include "apr_strings.h"
#include "draft_key.h"
#include "http_config.h"
#include "log.h"
#include "numbers.h"

namespace session_security {
namespace {

Settings &settings_of(void *config) { return *static_cast<Settings *>(config); }

const char *origin_of(const cmd_parms *cmd) {
  if (cmd->directive == nullptr) return nullptr;
  return apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                      cmd->directive->line_num);
}

template <int Settings::*Field>
const char *set_flag(cmd_parms *, void *config, int on) {
  settings_of(config).*Field = on ? 1 : 0;
  return nullptr;
}

const char *seconds_or_error(cmd_parms *cmd, const char *arg,
                             std::int64_t *out) {
  std::optional<std::int64_t> seconds = parse_directive_seconds(arg);
  if (!seconds) {
    return apr_psprintf(cmd->pool,
                        "%s: '%s' is not a number of seconds (a whole number "
                        "from 0 to 315360000)",
                        cmd->cmd->name, arg);
  }
  *out = *seconds;
  return nullptr;
}

const char *set_warn_after(cmd_parms *cmd, void *config, const char *arg) {
  Settings &s = settings_of(config);
  if (const char *error = seconds_or_error(cmd, arg, &s.warn_after)) {
    return error;
  }
  s.warn_after_origin = origin_of(cmd);
  return nullptr;
}

const char *set_expire_after(cmd_parms *cmd, void *config, const char *arg) {
  Settings &s = settings_of(config);
  if (const char *error = seconds_or_error(cmd, arg, &s.expire_after)) {
    return error;
  }
  if (s.expire_after < 1) {
    return apr_psprintf(cmd->pool, "%s must be at least 1 second",
                        cmd->cmd->name);
  }
  s.expire_after_origin = origin_of(cmd);
  return nullptr;
}

const char *set_max_lifetime(cmd_parms *cmd, void *config, const char *arg) {
  return seconds_or_error(cmd, arg, &settings_of(config).max_lifetime);
}

const char *set_clock_tolerance(cmd_parms *cmd, void *config, const char *arg) {
  return seconds_or_error(cmd, arg, &settings_of(config).clock_tolerance);
}

const char *set_activity(cmd_parms *cmd, void *config, const char *arg) {
  if (strcasecmp(arg, "human") == 0) {
    settings_of(config).activity = 1;
  } else if (strcasecmp(arg, "any") == 0) {
    settings_of(config).activity = 0;
  } else {
    return apr_psprintf(cmd->pool, "%s: '%s' is neither human nor any",
                        cmd->cmd->name, arg);
  }
  return nullptr;
}

bool is_local_path(const char *arg) { return arg[0] == '/' && arg[1] != '/'; }

bool is_absolute_http_url(const char *arg) {
  const char *rest = nullptr;
  if (strncasecmp(arg, "http://", 7) == 0) rest = arg + 7;
  if (strncasecmp(arg, "https://", 8) == 0) rest = arg + 8;
  return rest != nullptr && rest[0] != '\0' && rest[0] != '/';
}

bool has_control_or_space(const char *arg) {
  for (const char *p = arg; *p != '\0'; ++p) {
    if (static_cast<unsigned char>(*p) <= ' ' || *p == 0x7f) return true;
  }
  return false;
}

const char *set_logout_url(cmd_parms *cmd, void *config, const char *arg) {
  Settings &s = settings_of(config);
  if (strcasecmp(arg, "none") == 0) {
    s.logout_url = "";
    return nullptr;
  }
  if (has_control_or_space(arg) ||
      !(is_local_path(arg) || is_absolute_http_url(arg))) {
    return apr_psprintf(cmd->pool,
                        "%s: '%s' must be a path starting with '/', an "
                        "absolute http(s) URL, or None",
                        cmd->cmd->name, arg);
  }
  s.logout_url = arg;
  return nullptr;
}

const char *path_or_error(cmd_parms *cmd, const char *arg, const char **out) {
  if (!is_local_path(arg) || has_control_or_space(arg) ||
      std::strchr(arg, '?') != nullptr || std::strchr(arg, '#') != nullptr) {
    return apr_psprintf(cmd->pool,
                        "%s: '%s' must be a URL path starting with '/' "
                        "(no query string)",
                        cmd->cmd->name, arg);
  }
  *out = arg;
  return nullptr;
}

const char *set_ping_url(cmd_parms *cmd, void *config, const char *arg) {
  return path_or_error(cmd, arg, &settings_of(config).ping_url);
}

const char *set_script_url(cmd_parms *cmd, void *config, const char *arg) {
  return path_or_error(cmd, arg, &settings_of(config).script_url);
}

const char *set_confirm_form_discard(cmd_parms *, void *config,
                                     const char *arg) {
  settings_of(config).confirm_form_discard =
      strcasecmp(arg, "off") == 0 ? "" : arg;
  return nullptr;
}

const char *set_draft_lifetime(cmd_parms *cmd, void *config, const char *arg) {
  Settings &s = settings_of(config);
  if (const char *error = seconds_or_error(cmd, arg, &s.draft_lifetime)) {
    return error;
  }
  if (s.draft_lifetime < 1) {
    return apr_psprintf(cmd->pool, "%s must be at least 1 second",
                        cmd->cmd->name);
  }
  return nullptr;
}

// A file, not the secret itself: httpd.conf is often readable by everyone
// on the machine, kept in version control and shown by mod_info. Read once
// at start-up (a changed file takes effect at the next restart); trailing
// white space (the newline of "openssl rand -hex 32 > FILE") is not part of
// the secret.
const char *set_draft_secret(cmd_parms *cmd, void *config, const char *arg) {
  const char *path = ap_server_root_relative(cmd->pool, arg);
  if (path == nullptr) {
    return apr_psprintf(cmd->pool, "%s: bad path '%s'", cmd->cmd->name, arg);
  }
  apr_file_t *file = nullptr;
  apr_status_t rv = apr_file_open(&file, path, APR_FOPEN_READ,
                                  APR_FPROT_OS_DEFAULT, cmd->pool);
  if (rv != APR_SUCCESS) {
    char reason[120];
    return apr_psprintf(cmd->pool, "%s: cannot read '%s': %s", cmd->cmd->name,
                        path, apr_strerror(rv, reason, sizeof reason));
  }
  constexpr apr_size_t kMost = 4096;
  char *buffer = static_cast<char *>(apr_pcalloc(cmd->pool, kMost + 1));
  apr_size_t length = kMost;
  rv = apr_file_read_full(file, buffer, kMost, &length);
  apr_file_close(file);
  if (rv != APR_SUCCESS && rv != APR_EOF) {
    char reason[120];
    return apr_psprintf(cmd->pool, "%s: cannot read '%s': %s", cmd->cmd->name,
                        path, apr_strerror(rv, reason, sizeof reason));
  }
  if (length == kMost) {
    return apr_psprintf(cmd->pool, "%s: '%s' is longer than %d bytes",
                        cmd->cmd->name, path, static_cast<int>(kMost - 1));
  }
  while (length > 0 &&
         (buffer[length - 1] == '\n' || buffer[length - 1] == '\r' ||
          buffer[length - 1] == ' ' || buffer[length - 1] == '\t')) {
    --length;
  }
  buffer[length] = '\0';
  if (std::strlen(buffer) != length) {
    return apr_psprintf(cmd->pool,
                        "%s: '%s' holds a NUL byte: write the secret as text "
                        "(openssl rand -hex 32)",
                        cmd->cmd->name, path);
  }
  if (length < kMinDraftSecretLength) {
    return apr_psprintf(cmd->pool,
                        "%s: the secret in '%s' has %d bytes; at least %d "
                        "are needed (openssl rand -hex 32)",
                        cmd->cmd->name, path, static_cast<int>(length),
                        static_cast<int>(kMinDraftSecretLength));
  }
  settings_of(config).draft_secret = buffer;
  return nullptr;
}

const char *unknown_text(cmd_parms *cmd, const char *name) {
  std::string known;
  for (int i = 0; i < kTextCount; ++i) {
    known += (i ? ", " : "") + std::string(text_name(static_cast<Text>(i)));
  }
  return apr_psprintf(cmd->pool, "%s: unknown text '%s' (known: %s)",
                      cmd->cmd->name, name, known.c_str());
}

// SessionSecurityText NAME TEXT (every language)
// SessionSecurityText LANG NAME TEXT (pages in that language)
const char *set_text(cmd_parms *cmd, void *config, const char *first,
                     const char *second, const char *third) {
  const bool per_language = third != nullptr;
  const char *name = per_language ? second : first;
  Text which;
  if (!text_from_name(name, &which)) {
    if (!per_language && is_language_tag(first)) {
      return apr_psprintf(cmd->pool,
                          "%s %s %s: the text is missing (SessionSecurityText "
                          "[LANGUAGE] NAME TEXT)",
                          cmd->cmd->name, first, second);
    }
    return unknown_text(cmd, name);
  }
  Settings &s = settings_of(config);
  if (!per_language) {
    s.texts[static_cast<int>(which)] = second;
    return nullptr;
  }
  if (!is_language_tag(first)) {
    return apr_psprintf(cmd->pool,
                        "%s: '%s' is not a language tag (such as de, pt-BR, "
                        "zh-Hans)",
                        cmd->cmd->name, first);
  }
  char *language = apr_pstrdup(cmd->pool, first);
  ap_str_tolower(language);
  auto *entry =
      static_cast<LanguageText *>(apr_palloc(cmd->pool, sizeof(LanguageText)));
  // A block's own list is always level 0 until it is merged.
  *entry = LanguageText{language, which, third, s.language_texts[0]};
  s.language_texts[0] = entry;
  return nullptr;
}

// Under C++ the AP_INIT_* macros need the handler cast to cmd_func; going
// through void (*)() is the sanctioned way to silence -Wcast-function-type.
template <typename F>
cmd_func as_cmd_func(F f) {
  using Generic = void (*)();
  return reinterpret_cast<cmd_func>(reinterpret_cast<Generic>(f));
}

constexpr int kWhere = RSRC_CONF | ACCESS_CONF;

}  // namespace

void *create_dir_settings(apr_pool_t *pool, char *) {
  void *memory = apr_palloc(pool, sizeof(Settings));
  return new (memory) Settings();
}

void *merge_dir_settings(apr_pool_t *pool, void *parent, void *child) {
  void *memory = apr_palloc(pool, sizeof(Settings));
  return new (memory)
      Settings(merge_settings(settings_of(parent), settings_of(child)));
}

const Settings &dir_settings(const request_rec *r) {
  static const Settings kDefaults;
  const void *config =
      ap_get_module_config(r->per_dir_config, &session_security_module);
  return config != nullptr ? *static_cast<const Settings *>(config) : kDefaults;
}

const command_rec kDirectives[] = {
    AP_INIT_FLAG("SessionSecurity", as_cmd_func(set_flag<&Settings::enabled>),
                 nullptr, kWhere,
                 "On to sign out inactive users of this location"),
    AP_INIT_FLAG("SessionSecurityPassive",
                 as_cmd_func(set_flag<&Settings::passive>), nullptr, kWhere,
                 "On: requests here do not count as activity"),
    AP_INIT_FLAG("SessionSecurityInject",
                 as_cmd_func(set_flag<&Settings::inject>), nullptr, kWhere,
                 "Off: do not insert the client script into HTML pages"),
    AP_INIT_TAKE1("SessionSecurityActivity", as_cmd_func(set_activity), nullptr,
                  kWhere,
                  "human: only requests a person started count as activity; "
                  "any: every request of this site (default: human where "
                  "the client is inserted)"),
    AP_INIT_TAKE1("SessionSecurityWarnAfter", as_cmd_func(set_warn_after),
                  nullptr, kWhere,
                  "Seconds of inactivity before the warning (default 540)"),
    AP_INIT_TAKE1("SessionSecurityExpireAfter", as_cmd_func(set_expire_after),
                  nullptr, kWhere,
                  "Seconds of inactivity before signing out (default 600)"),
    AP_INIT_TAKE1("SessionSecurityMaxLifetime", as_cmd_func(set_max_lifetime),
                  nullptr, kWhere,
                  "Seconds after sign-in when the session ends whatever the "
                  "activity (0: no limit)"),
    AP_INIT_TAKE1("SessionSecurityClockTolerance",
                  as_cmd_func(set_clock_tolerance), nullptr, kWhere,
                  "Seconds a stamp may lie in the future (clock skew between "
                  "nodes, default 5)"),
    AP_INIT_TAKE1("SessionSecurityLogoutURL", as_cmd_func(set_logout_url),
                  nullptr, kWhere,
                  "Where a signed-out browser is sent, or None"),
    AP_INIT_TAKE1("SessionSecurityPingURL", as_cmd_func(set_ping_url), nullptr,
                  kWhere, "URL path of the ping endpoint"),
    AP_INIT_TAKE1("SessionSecurityScriptURL", as_cmd_func(set_script_url),
                  nullptr, kWhere, "URL path of the client script"),
    AP_INIT_TAKE1("SessionSecurityConfirmFormDiscard",
                  as_cmd_func(set_confirm_form_discard), nullptr, kWhere,
                  "Prompt before leaving a page with unsaved form changes, or "
                  "Off"),
    AP_INIT_FLAG("SessionSecurityKeepDrafts",
                 as_cmd_func(set_flag<&Settings::keep_drafts>), nullptr, kWhere,
                 "On: keep what was typed in a page's forms, encrypted, when "
                 "the user is signed out for inactivity"),
    AP_INIT_TAKE1("SessionSecurityDraftSecret", as_cmd_func(set_draft_secret),
                  nullptr, kWhere,
                  "File holding the secret the per-user draft keys are "
                  "derived from (the same on every node)"),
    AP_INIT_TAKE1("SessionSecurityDraftLifetime",
                  as_cmd_func(set_draft_lifetime), nullptr, kWhere,
                  "Seconds a draft is kept in the browser (default 86400)"),
    AP_INIT_TAKE23("SessionSecurityText", as_cmd_func(set_text), nullptr,
                   kWhere,
                   "A text of the warning dialog: [LANGUAGE] NAME TEXT"),
    {nullptr, {nullptr}, nullptr, 0, RAW_ARGS, nullptr}};

}  // namespace session_security
