// Per-directory settings of mod_session_security, independent of httpd.
//
// Every field has an "unset" sentinel so that merging a <Location> block
// over its parent overrides only what that block set, the way Apache's own
// modules merge. The struct stays trivially copyable: httpd allocates it in
// pool memory, where no destructor would ever run.
#ifndef SESSION_SECURITY_SETTINGS_H
#define SESSION_SECURITY_SETTINGS_H

#include <cstdint>
#include <string>

namespace session_security {

constexpr int kUnsetFlag = -1;
constexpr std::int64_t kUnsetSeconds = -1;

constexpr std::int64_t kDefaultWarnAfter = 540;
constexpr std::int64_t kDefaultExpireAfter = 600;
constexpr std::int64_t kDefaultClockTolerance = 5;
constexpr const char *kDefaultPingUrl = "/session_security/ping";
constexpr const char *kDefaultScriptUrl =
    "/session_security/session-security.js";
constexpr std::int64_t kDefaultDraftLifetime = 86400;
constexpr const char *kDefaultConfirmFormDiscard =
    "You have unsaved changes in a form of this page. Leave anyway?";

// The dialog texts, configurable with "SessionSecurityText NAME TEXT".
enum class Text : int {
  title,
  message,
  countdown,
  stay,
  signout,
  announce,
  title_warning,
  restored,        // the notice of a restored draft (issue 12)
  lifetime_title,  // the warning before SessionSecurityMaxLifetime
  lifetime_message,
  close,  // its button that closes it (no "stay")
  count_  // number of texts, not a text
};
constexpr int kTextCount = static_cast<int>(Text::count_);

// Name used in httpd.conf and, prefixed with "data-text-", in the tag.
const char *text_name(Text text);
const char *default_text(Text text);
// Returns false when NAME is not a known text name.
bool text_from_name(const char *name, Text *out);

// A text for one language, "SessionSecurityText LANG NAME TEXT". The
// entries of one block form a list, the latest directive first; nodes live
// in the configuration pool and are never changed once linked.
struct LanguageText {
  const char *language;  // a BCP 47 tag in lower case ("de", "pt-br")
  Text which;
  const char *value;
  const LanguageText *next;
};

// Merging keeps the lists of the blocks that set any, innermost first,
// without copying them (no allocation here): at most this many blocks on
// the way to one location; beyond that the outermost ones are dropped.
constexpr int kLanguageTextLevels = 8;

// Returns false when LANGUAGE is not a well-formed language tag: 2 or 3
// letters, then subtags of 1 to 8 letters or digits, each after a '-'.
bool is_language_tag(const char *language);

struct Settings {
  int enabled = kUnsetFlag;
  int passive = kUnsetFlag;
  int inject = kUnsetFlag;
  // SessionSecurityActivity: 1 human, 0 any; unset: human where the client
  // is inserted (it reports keyboard and mouse by its pings), else any.
  int activity = kUnsetFlag;
  std::int64_t warn_after = kUnsetSeconds;
  std::int64_t expire_after = kUnsetSeconds;
  std::int64_t max_lifetime = kUnsetSeconds;  // 0 means no limit
  std::int64_t clock_tolerance = kUnsetSeconds;
  const char *logout_url = nullptr;  // "" once set to none
  const char *ping_url = nullptr;
  const char *script_url = nullptr;
  // nullptr: unset; "" : explicitly Off; otherwise the prompt text.
  const char *confirm_form_discard = nullptr;
  const char *texts[kTextCount] = {};  // for every language
  const LanguageText *language_texts[kLanguageTextLevels] = {};
  // Drafts (issue 12): kept only where KeepDrafts is On, encrypted with a
  // key derived from the secret (the contents of SessionSecurityDraftSecret's
  // file, read at start-up).
  int keep_drafts = kUnsetFlag;
  const char *draft_secret = nullptr;
  std::int64_t draft_lifetime = kUnsetSeconds;

  // Where WarnAfter / ExpireAfter were set, for error messages.
  const char *warn_after_origin = nullptr;
  const char *expire_after_origin = nullptr;
};

// Values of `child` override those of `parent` only where `child` set them.
Settings merge_settings(const Settings &parent, const Settings &child);

// Effective values, defaults applied to unset fields.
bool is_enabled(const Settings &s);
bool is_passive(const Settings &s);
bool is_inject(const Settings &s);
// Only requests a person started count as activity (request_kind.h).
bool is_human_activity(const Settings &s);
std::int64_t warn_after(const Settings &s);
std::int64_t expire_after(const Settings &s);
std::int64_t max_lifetime(const Settings &s);
std::int64_t clock_tolerance(const Settings &s);
const char *logout_url(const Settings &s);  // nullptr when none
const char *ping_url(const Settings &s);
const char *script_url(const Settings &s);
const char *confirm_form_discard(const Settings &s);  // nullptr when Off
bool keeps_drafts(const Settings &s);
const char *draft_secret(const Settings &s);  // nullptr when unset
std::int64_t draft_lifetime(const Settings &s);
const char *text(const Settings &s, Text which);
// The text set for exactly this language (lower case), or nullptr.
const char *language_text(const Settings &s, const char *language, Text which);
const LanguageText *find_language_text(const Settings &s, const char *language,
                                       Text which);

// Calls visit(language, which, value) once for each language text in
// effect, the innermost setting of each (language, text) pair.
template <typename Visit>
void for_each_language_text(const Settings &s, Visit visit) {
  for (int level = 0; level < kLanguageTextLevels; ++level) {
    for (const LanguageText *t = s.language_texts[level]; t != nullptr;
         t = t->next) {
      if (find_language_text(s, t->language, t->which) == t) {
        visit(t->language, t->which, t->value);
      }
    }
  }
}

// The throttle, in milliseconds like the stamps: a request rewrites the
// stamp only when it moves by at least this much. Also the most a user
// without the client script can be signed out early:
// max(1 s, min(60 s, ExpireAfter / 20)), ExpireAfter / 20 to the millisecond.
std::int64_t stamp_resolution_ms(const Settings &s);

// Checks the merged settings as a whole. Returns an empty string when they
// are consistent, else a message naming the directives involved.
std::string validate_settings(const Settings &s);

// WCAG 2.2.1 (Timing Adjustable): a user warned of a time limit gets at
// least 20 seconds to act.
constexpr std::int64_t kWcagSecondsToAct = 20;

// A warning, not an error: non-empty when ExpireAfter - WarnAfter is below
// kWcagSecondsToAct, naming both directives and where they were set.
std::string accessibility_warning(const Settings &s);

}  // namespace session_security

#endif
