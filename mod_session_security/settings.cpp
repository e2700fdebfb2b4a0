#include "settings.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>

namespace session_security {
namespace {

struct TextInfo {
  const char *name;
  const char *default_value;
};

// Order follows enum class Text.
constexpr TextInfo kTexts[kTextCount] = {
    {"title", "Your session is about to expire"},
    {"message",
     "You have been inactive for a while. For your security you will be "
     "signed out soon."},
    {"countdown", "Signing out in {seconds} s."},
    {"stay", "Stay signed in"},
    {"signout", "Sign out now"},
    {"announce", "You will be signed out in {seconds} seconds."},
    {"title-warning", "Signing out in {seconds} s"},
    {"restored",
     "What you typed before you were signed out has been restored."},
    {"lifetime-title", "Your session is about to end"},
    {"lifetime-message",
     "For your security, a session lasts a limited time, even while you "
     "work. Yours ends soon and cannot be extended: save your work, then "
     "sign in again."},
    {"close", "Close"},
};

template <typename T>
T pick(T child, T parent, T unset) {
  return child != unset ? child : parent;
}

const char *pick(const char *child, const char *parent) {
  return child != nullptr ? child : parent;
}

std::int64_t or_default(std::int64_t value, std::int64_t fallback) {
  return value != kUnsetSeconds ? value : fallback;
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

std::string origin_suffix(const char *origin) {
  return origin != nullptr ? std::string(" (") + origin + ")" : std::string();
}

}  // namespace

const char *text_name(Text text) { return kTexts[static_cast<int>(text)].name; }

const char *default_text(Text text) {
  return kTexts[static_cast<int>(text)].default_value;
}

bool text_from_name(const char *name, Text *out) {
  for (int i = 0; i < kTextCount; ++i) {
    if (std::strcmp(kTexts[i].name, name) == 0) {
      *out = static_cast<Text>(i);
      return true;
    }
  }
  return false;
}

bool is_language_tag(const char *language) {
  std::size_t i = 0;
  while (is_alpha(language[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (language[i] == '-') {
    std::size_t length = 0;
    while (is_alnum(language[i + 1 + length])) ++length;
    if (length < 1 || length > 8) return false;
    i += 1 + length;
  }
  return language[i] == '\0';
}

Settings merge_settings(const Settings &parent, const Settings &child) {
  Settings merged;
  int levels = 0;
  for (const Settings *from : {&child, &parent}) {
    for (const LanguageText *list : from->language_texts) {
      if (list != nullptr && levels < kLanguageTextLevels) {
        merged.language_texts[levels++] = list;
      }
    }
  }
  merged.enabled = pick(child.enabled, parent.enabled, kUnsetFlag);
  merged.passive = pick(child.passive, parent.passive, kUnsetFlag);
  merged.inject = pick(child.inject, parent.inject, kUnsetFlag);
  merged.activity = pick(child.activity, parent.activity, kUnsetFlag);
  merged.warn_after = pick(child.warn_after, parent.warn_after, kUnsetSeconds);
  merged.expire_after =
      pick(child.expire_after, parent.expire_after, kUnsetSeconds);
  merged.max_lifetime =
      pick(child.max_lifetime, parent.max_lifetime, kUnsetSeconds);
  merged.clock_tolerance =
      pick(child.clock_tolerance, parent.clock_tolerance, kUnsetSeconds);
  merged.logout_url = pick(child.logout_url, parent.logout_url);
  merged.ping_url = pick(child.ping_url, parent.ping_url);
  merged.script_url = pick(child.script_url, parent.script_url);
  merged.confirm_form_discard =
      pick(child.confirm_form_discard, parent.confirm_form_discard);
  merged.keep_drafts = pick(child.keep_drafts, parent.keep_drafts, kUnsetFlag);
  merged.draft_secret = pick(child.draft_secret, parent.draft_secret);
  merged.draft_lifetime =
      pick(child.draft_lifetime, parent.draft_lifetime, kUnsetSeconds);
  for (int i = 0; i < kTextCount; ++i) {
    merged.texts[i] = pick(child.texts[i], parent.texts[i]);
  }
  merged.warn_after_origin = child.warn_after != kUnsetSeconds
                                 ? child.warn_after_origin
                                 : parent.warn_after_origin;
  merged.expire_after_origin = child.expire_after != kUnsetSeconds
                                   ? child.expire_after_origin
                                   : parent.expire_after_origin;
  return merged;
}

bool is_enabled(const Settings &s) { return s.enabled == 1; }
bool is_passive(const Settings &s) { return s.passive == 1; }
bool is_inject(const Settings &s) { return s.inject != 0; }
// Without the client nothing reports a person's keyboard and mouse, and a
// single-page app's fetches are the only sign of them: those must count.
bool is_human_activity(const Settings &s) {
  return s.activity == kUnsetFlag ? is_inject(s) : s.activity == 1;
}

std::int64_t warn_after(const Settings &s) {
  return or_default(s.warn_after, kDefaultWarnAfter);
}
std::int64_t expire_after(const Settings &s) {
  return or_default(s.expire_after, kDefaultExpireAfter);
}
std::int64_t max_lifetime(const Settings &s) {
  return or_default(s.max_lifetime, 0);
}
std::int64_t clock_tolerance(const Settings &s) {
  return or_default(s.clock_tolerance, kDefaultClockTolerance);
}

const char *logout_url(const Settings &s) {
  return s.logout_url != nullptr && s.logout_url[0] != '\0' ? s.logout_url
                                                            : nullptr;
}
const char *ping_url(const Settings &s) {
  return s.ping_url != nullptr ? s.ping_url : kDefaultPingUrl;
}
const char *script_url(const Settings &s) {
  return s.script_url != nullptr ? s.script_url : kDefaultScriptUrl;
}
const char *confirm_form_discard(const Settings &s) {
  if (s.confirm_form_discard == nullptr) return kDefaultConfirmFormDiscard;
  return s.confirm_form_discard[0] != '\0' ? s.confirm_form_discard : nullptr;
}
const char *text(const Settings &s, Text which) {
  const char *configured = s.texts[static_cast<int>(which)];
  return configured != nullptr ? configured : default_text(which);
}

const LanguageText *find_language_text(const Settings &s, const char *language,
                                       Text which) {
  for (const LanguageText *list : s.language_texts) {
    for (const LanguageText *t = list; t != nullptr; t = t->next) {
      if (t->which == which && std::strcmp(t->language, language) == 0) {
        return t;
      }
    }
  }
  return nullptr;
}

const char *language_text(const Settings &s, const char *language, Text which) {
  const LanguageText *found = find_language_text(s, language, which);
  return found != nullptr ? found->value : nullptr;
}

std::int64_t stamp_resolution_ms(const Settings &s) {
  return std::max<std::int64_t>(
      1000, std::min<std::int64_t>(60000, expire_after(s) * 1000 / 20));
}

bool keeps_drafts(const Settings &s) { return s.keep_drafts == 1; }

const char *draft_secret(const Settings &s) { return s.draft_secret; }

std::int64_t draft_lifetime(const Settings &s) {
  return or_default(s.draft_lifetime, kDefaultDraftLifetime);
}

std::string validate_settings(const Settings &s) {
  const std::int64_t warn = warn_after(s);
  const std::int64_t expire = expire_after(s);
  if (keeps_drafts(s) && draft_secret(s) == nullptr) {
    return "SessionSecurityKeepDrafts On needs SessionSecurityDraftSecret "
           "(a file holding the secret the draft keys are derived from, the "
           "same on every node)";
  }
  if (expire < 1) {
    return "SessionSecurityExpireAfter" + origin_suffix(s.expire_after_origin) +
           " must be at least 1 second";
  }
  if (warn >= expire) {
    return "SessionSecurityWarnAfter " + std::to_string(warn) +
           origin_suffix(s.warn_after_origin) +
           " must be lower than SessionSecurityExpireAfter " +
           std::to_string(expire) + origin_suffix(s.expire_after_origin);
  }
  return std::string();
}

std::string accessibility_warning(const Settings &s) {
  const std::int64_t warn = warn_after(s);
  const std::int64_t expire = expire_after(s);
  if (warn >= expire || expire - warn >= kWcagSecondsToAct) return {};
  return "SessionSecurityWarnAfter " + std::to_string(warn) +
         origin_suffix(s.warn_after_origin) +
         " and SessionSecurityExpireAfter " + std::to_string(expire) +
         origin_suffix(s.expire_after_origin) + " leave " +
         std::to_string(expire - warn) +
         " s between the warning and the sign-out; WCAG 2.2.1 (Timing "
         "Adjustable) asks for at least " +
         std::to_string(kWcagSecondsToAct) + " s to act on a warning";
}

}  // namespace session_security
