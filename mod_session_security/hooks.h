// Registration functions of each part of the glue, called from the module's
// register_hooks so each part keeps its own hooks and filters.
#ifndef SESSION_SECURITY_HOOKS_H
#define SESSION_SECURITY_HOOKS_H

#include "apr_pools.h"

namespace session_security {

void register_activity_hooks(apr_pool_t *pool);
void register_insert_filter(apr_pool_t *pool);
// Needs mod_session loaded before this module; false when it was not.
void register_sign_in_stamp(apr_pool_t *pool);
bool sign_in_stamp_registered();

}  // namespace session_security

#endif
