// Glue of the counters (counters.h): the shared segment, mod_status' hook
// and the request note `session-security` for the access log.
//
// The segment is anonymous shared memory created by the parent process in
// post_config, so every child (forked later) maps the same counters: the
// figures are summed over all children without any merging. It hangs off the
// process pool, which lives as long as the parent: a graceful restart
// unloads and reloads this module but finds the segment again through the
// pool's user data, so the counters keep counting.
#include <atomic>
#include <new>

#include "httpd.h"
#include "apr_shm.h"
#include "apr_strings.h"
#include "counters.h"
#include "http_config.h"
#include "http_protocol.h"
#include "log.h"
#include "status_counters.h"

extern "C" {
#include "mod_status.h"
}

namespace session_security {
namespace {

constexpr const char *kPoolKey = "session_security_counters";
constexpr const char *kNote = "session-security";
// Changes when the layout does: a restart into a build with other counters
// starts a new segment instead of misreading the old one.
constexpr std::uint32_t kMagic = 0x53534300u + kCounterCount;

static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "the counters need lock-free 64-bit atomics in shared memory");

struct Segment {
  std::uint32_t magic;
  apr_time_t started;
  std::atomic<std::uint64_t> values[kCounterCount];
};

Segment *segment = nullptr;  // set in the parent before the children fork

void bump(Counter counter) {
  if (segment == nullptr) return;
  segment->values[static_cast<std::size_t>(counter)].fetch_add(
      1, std::memory_order_relaxed);
}

void note(request_rec *r, const char *verdict) {
  while (r->prev != nullptr || r->main != nullptr) {
    r = r->prev != nullptr ? r->prev : r->main;
  }
  apr_table_setn(r->notes, kNote, verdict);
}

Segment *attach(apr_shm_t *shm) {
  if (shm == nullptr || apr_shm_size_get(shm) < sizeof(Segment)) {
    return nullptr;
  }
  auto *found = static_cast<Segment *>(apr_shm_baseaddr_get(shm));
  return found->magic == kMagic ? found : nullptr;
}

int on_post_config(apr_pool_t *, apr_pool_t *, apr_pool_t *, server_rec *s) {
  apr_pool_t *process_pool = s->process->pool;
  void *kept = nullptr;
  apr_pool_userdata_get(&kept, kPoolKey, process_pool);
  segment = attach(static_cast<apr_shm_t *>(kept));
  if (segment != nullptr) return OK;
  apr_shm_t *shm = nullptr;
  const apr_status_t rv =
      apr_shm_create(&shm, sizeof(Segment), nullptr, process_pool);
  if (rv != APR_SUCCESS) {
    ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                 "SSEC080: could not create the shared memory of the "
                 "server-status counters; they stay at 0");
    return OK;  // the module works without its counters
  }
  void *memory = apr_shm_baseaddr_get(shm);
  segment = new (memory) Segment();
  for (auto &value : segment->values) value.store(0);
  segment->started = apr_time_now();
  segment->magic = kMagic;
  apr_pool_userdata_set(shm, kPoolKey, apr_pool_cleanup_null, process_pool);
  return OK;
}

int on_status(request_rec *r, int flags) {
  if (segment == nullptr) return OK;
  try {
    CounterValues values;
    for (std::size_t i = 0; i < kCounterCount; ++i) {
      values[i] = segment->values[i].load(std::memory_order_relaxed);
    }
    if ((flags & AP_STATUS_SHORT) != 0) {
      ap_rputs(render_auto(values).c_str(), r);
    } else {
      char since[APR_RFC822_DATE_LEN];
      apr_rfc822_date(since, segment->started);
      ap_rputs(render_html(values, since).c_str(), r);
    }
  } catch (...) {
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  "SSEC081: internal error rendering the server-status "
                  "counters");
  }
  return OK;
}

// mod_log_config reads %{...}n from the last request of an internal
// redirect chain (the ErrorDocument with the login form): hand it the note.
int on_log_transaction(request_rec *r) {
  const char *verdict = apr_table_get(r->notes, kNote);
  if (verdict == nullptr) return DECLINED;
  for (request_rec *next = r->next; next != nullptr; next = next->next) {
    if (apr_table_get(next->notes, kNote) == nullptr) {
      apr_table_setn(next->notes, kNote, verdict);
    }
  }
  return DECLINED;
}

}  // namespace

void register_status_counters(apr_pool_t *) {
  ap_hook_post_config(on_post_config, nullptr, nullptr, APR_HOOK_MIDDLE);
  APR_OPTIONAL_HOOK(ap, status_hook, on_status, nullptr, nullptr,
                    APR_HOOK_MIDDLE);
  ap_hook_log_transaction(on_log_transaction, nullptr, nullptr,
                          APR_HOOK_REALLY_FIRST);
}

void record_sign_out(request_rec *r, ExpiryReason reason) {
  bump(sign_out_counter(reason));
  note(r, expired_note(reason));
}

void record_activity(request_rec *r, bool stamp_written, bool passive) {
  if (stamp_written) {
    bump(Counter::stamps_written);
    note(r, "stamped");
  } else if (passive) {
    note(r, "passive");
  } else {
    bump(Counter::stamps_throttled);
    note(r, "active");
  }
}

void record_sign_in(request_rec *r) {
  bump(Counter::stamps_written);
  note(r, "signed-in");
}

void record_ping_answered(request_rec *r, const char *kind) {
  bump(Counter::pings_answered);
  note(r, apr_pstrcat(r->pool, "ping:", kind, nullptr));
}

void record_ping_rejected(request_rec *r, int http_status) {
  bump(ping_rejected_counter(http_status));
  note(r, apr_psprintf(r->pool, "ping:rejected:%d", http_status));
}

void record_page_tagged(request_rec *) { bump(Counter::pages_tagged); }

void record_page_untouched(request_rec *, const char *reason) {
  bump(untouched_counter(reason != nullptr ? reason : ""));
}

}  // namespace session_security
