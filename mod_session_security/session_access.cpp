#include "session_access.h"

#include <cstring>
#include <string>
#include <vector>

#include "apr_strings.h"

namespace session_security {
namespace {

APR_OPTIONAL_FN_TYPE(ap_session_load) *session_load_fn = nullptr;
APR_OPTIONAL_FN_TYPE(ap_session_set) *session_set_fn = nullptr;
APR_OPTIONAL_FN_TYPE(ap_session_save) *session_save_fn = nullptr;

bool is_user_key(const char *key) {
  const std::size_t length = std::strlen(key);
  constexpr std::size_t kSuffix = 5;  // "-user"
  return std::strcmp(key, "user") == 0 ||
         (length > kSuffix &&
          std::strcmp(key + length - kSuffix, "-user") == 0);
}

template <typename Visit>
void for_each_entry(const session_rec *z, Visit visit) {
  if (z == nullptr || z->entries == nullptr) return;
  const apr_array_header_t *array = apr_table_elts(z->entries);
  const auto *items = reinterpret_cast<const apr_table_entry_t *>(array->elts);
  for (int i = 0; i < array->nelts; ++i) {
    if (items[i].key != nullptr) visit(items[i].key, items[i].val);
  }
}

}  // namespace

bool bind_session_functions() {
  session_load_fn = APR_RETRIEVE_OPTIONAL_FN(ap_session_load);
  session_set_fn = APR_RETRIEVE_OPTIONAL_FN(ap_session_set);
  session_save_fn = APR_RETRIEVE_OPTIONAL_FN(ap_session_save);
  return session_functions_bound();
}

bool session_functions_bound() {
  return session_load_fn != nullptr && session_set_fn != nullptr &&
         session_save_fn != nullptr;
}

session_rec *load_session(request_rec *r, bool *sessions_off) {
  if (sessions_off != nullptr) *sessions_off = false;
  if (!session_functions_bound()) return nullptr;
  session_rec *z = nullptr;
  if (session_load_fn(r, &z) != APR_SUCCESS) return nullptr;
  if (z == nullptr && sessions_off != nullptr) *sessions_off = true;
  return z;
}

bool is_signed_in(const session_rec *z) {
  bool signed_in = false;
  for_each_entry(z, [&](const char *key, const char *value) {
    if (is_user_key(key) && value != nullptr && value[0] != '\0') {
      signed_in = true;
    }
  });
  return signed_in;
}

const char *signed_in_user_name(const session_rec *z) {
  const char *best_key = nullptr;
  const char *best = nullptr;
  for_each_entry(z, [&](const char *key, const char *value) {
    if (!is_user_key(key) || value == nullptr || value[0] == '\0') return;
    const bool plain = std::strcmp(key, "user") == 0;
    if (best_key == nullptr || plain ||
        (std::strcmp(best_key, "user") != 0 &&
         std::strcmp(key, best_key) < 0)) {
      best_key = key;
      best = value;
    }
  });
  return best;
}

bool has_security_entries(const session_rec *z) {
  return get_entry(z, kLastActivityKey).has_value() ||
         get_entry(z, kSinceKey).has_value();
}

std::optional<std::string_view> get_entry(const session_rec *z,
                                          const char *key) {
  if (z == nullptr || z->entries == nullptr) return std::nullopt;
  const char *value = apr_table_get(z->entries, key);
  if (value == nullptr) return std::nullopt;
  return std::string_view(value);
}

void set_entry(request_rec *r, session_rec *z, const char *key,
               const char *value) {
  session_set_fn(r, z, key, value);
}

void set_stamp(request_rec *r, session_rec *z, const char *key,
               std::int64_t milliseconds) {
  // Milliseconds since the epoch, decimal (numbers.h: parse_stamp_ms).
  set_entry(r, z, key,
            apr_psprintf(r->pool, "%" APR_INT64_T_FMT,
                         static_cast<apr_int64_t>(milliseconds)));
}

void remove_security_entries(request_rec *r, session_rec *z) {
  set_entry(r, z, kLastActivityKey, nullptr);
  set_entry(r, z, kSinceKey, nullptr);
}

void clear_session(request_rec *r, session_rec *z) {
  std::vector<std::string> keys;
  for_each_entry(
      z, [&](const char *key, const char *) { keys.emplace_back(key); });
  for (const std::string &key : keys) set_entry(r, z, key.c_str(), nullptr);
  // Clearing an already empty session must still reach the store.
  z->dirty = 1;
}

bool save_session(request_rec *r, session_rec *z) {
  return z->written || session_save_fn(r, z) == APR_SUCCESS;
}

}  // namespace session_security
