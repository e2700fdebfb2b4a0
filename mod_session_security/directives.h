// The directive table and per-directory configuration of the module.
#ifndef SESSION_SECURITY_DIRECTIVES_H
#define SESSION_SECURITY_DIRECTIVES_H

#include "httpd.h"
#include "http_config.h"
#include "settings.h"

namespace session_security {

extern const command_rec kDirectives[];

void *create_dir_settings(apr_pool_t *pool, char *context);
void *merge_dir_settings(apr_pool_t *pool, void *parent, void *child);

// The merged settings of this request's location (never nullptr).
const Settings &dir_settings(const request_rec *r);

}  // namespace session_security

#endif
