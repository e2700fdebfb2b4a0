#!/bin/sh
# Which node answered (its server root is unique) and what it told the app.
printf 'Content-Type: text/plain\r\n\r\n'
echo "node=${SSEC_DATA:-?}"
echo "idle=${SESSION_SECURITY_IDLE:-?}"
