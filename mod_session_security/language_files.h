// The built-in texts of the dialog in every language (js/i18n/LANG.json),
// compiled into the module by scripts/embed-i18n.sh and served from memory
// beside the client script (language_handler.cpp), so that the client, which
// carries English only, loads one language when a page needs it.
#ifndef SESSION_SECURITY_LANGUAGE_FILES_H
#define SESSION_SECURITY_LANGUAGE_FILES_H

#include <cstddef>
#include <string_view>

namespace session_security {

struct LanguageFile {
  const char *language;  // "de", "pt-BR", "zh-Hans": the file's name
  const unsigned char *json;
  std::size_t length;
  const char *etag;  // first 16 hex digits of the file's SHA-256
};

extern const LanguageFile kLanguageFiles[];
extern const std::size_t kLanguageFileCount;
// Covers every file: the "?v=" the client asks with (js/src/language.js).
extern const char kLanguageFilesVersion[];

// The LANG of a request for DIR/i18n/LANG.json, where DIR is the directory
// of the client script's URL (ending in '/'); empty for any other URI.
std::string_view requested_language(std::string_view uri,
                                    std::string_view script_url);

// The file of that language (ASCII case-insensitive), or nullptr.
const LanguageFile *find_language_file(std::string_view language,
                                       const LanguageFile *files,
                                       std::size_t count);

}  // namespace session_security

#endif
