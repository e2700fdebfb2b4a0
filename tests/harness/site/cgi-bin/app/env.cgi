#!/bin/sh
# Shows a test what the module told the application, as key=value lines.
[ -n "${SSEC_SIDE_EFFECTS:-}" ] && echo "cgi-env" >> "$SSEC_SIDE_EFFECTS"
# A POST's body is read, as an application would: mod_cgid resets the
# connection of a script that exits with it unread.
[ "${CONTENT_LENGTH:-0}" -gt 0 ] && head -c "$CONTENT_LENGTH" > /dev/null
printf 'Content-Type: text/plain\r\n\r\n'
env | grep -E '^(SESSION_SECURITY_|HTTP_X_SESSION_SECURITY_|HTTP_SESSION|REMOTE_USER=)' | sort
# Whether any variable carries the password mod_auth_form keeps in the session.
if env | grep -q 'demo-password'; then echo "PASSWORD_LEAKED=1"; fi
exit 0
