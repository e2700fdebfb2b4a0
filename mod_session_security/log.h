// Logging through the module's own log index, so that
// "LogLevel session_security:debug" selects this module's messages.
// Message ids "SSEC<nnn>" are unique across the module: grep-able in logs.
#ifndef SESSION_SECURITY_LOG_H
#define SESSION_SECURITY_LOG_H

#include "http_config.h"
#include "http_log.h"

extern "C" module AP_MODULE_DECLARE_DATA session_security_module;

#ifdef APLOG_USE_MODULE
APLOG_USE_MODULE(session_security);
#endif

#endif
