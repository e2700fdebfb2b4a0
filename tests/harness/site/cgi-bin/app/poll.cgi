#!/bin/sh
# A status poll that must not count as activity (SessionSecurityPassive).
[ -n "${SSEC_SIDE_EFFECTS:-}" ] && echo "cgi-poll" >> "$SSEC_SIDE_EFFECTS"
printf 'Content-Type: application/json\r\n\r\n{"ok":true}\n'
