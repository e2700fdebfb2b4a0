// Where the language files are served: pure, unit-tested in
// tests/unit/language_url_test.cpp.
#include <cstring>

#include "language_files.h"

namespace session_security {
namespace {

constexpr std::string_view kDirectory = "i18n/";
constexpr std::string_view kSuffix = ".json";
// Longer than any BCP 47 tag a file could be named for.
constexpr std::size_t kMaxLanguageLength = 35;

bool is_language_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view requested_language(std::string_view uri,
                                    std::string_view script_url) {
  const std::size_t slash = script_url.rfind('/');
  if (slash == std::string_view::npos) return {};
  const std::string_view directory = script_url.substr(0, slash + 1);
  if (uri.size() <= directory.size() + kDirectory.size() + kSuffix.size() ||
      uri.substr(0, directory.size()) != directory) {
    return {};
  }
  std::string_view rest = uri.substr(directory.size());
  if (rest.substr(0, kDirectory.size()) != kDirectory) return {};
  rest.remove_prefix(kDirectory.size());
  if (rest.size() <= kSuffix.size() ||
      rest.substr(rest.size() - kSuffix.size()) != kSuffix) {
    return {};
  }
  rest.remove_suffix(kSuffix.size());
  if (rest.size() > kMaxLanguageLength) return {};
  for (char c : rest) {
    if (!is_language_char(c)) return {};
  }
  return rest;
}

const LanguageFile *find_language_file(std::string_view language,
                                       const LanguageFile *files,
                                       std::size_t count) {
  if (language.empty()) return nullptr;
  for (std::size_t i = 0; i < count; ++i) {
    if (equals_ignoring_case(language, files[i].language)) return &files[i];
  }
  return nullptr;
}

}  // namespace session_security
