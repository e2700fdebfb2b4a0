#!/bin/sh
# The "proxied application": shows the X-Session-Security-* request headers
# it received and whether the password crossed the proxy.
printf 'Content-Type: text/plain\r\n\r\n'
env | grep -E '^HTTP_X_SESSION_SECURITY_' | sort
if env | grep -q 'demo-password'; then echo "PASSWORD_LEAKED=1"; fi
exit 0
