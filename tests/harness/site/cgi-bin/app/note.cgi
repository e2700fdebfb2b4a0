#!/bin/sh
# A legacy form handler: records the body it was posted, so tests can tell
# a POST was replayed after signing in again (and never ran while expired).
body=""
if [ "${REQUEST_METHOD:-}" = POST ] && [ -n "${CONTENT_LENGTH:-}" ]; then
  body=$(head -c "$CONTENT_LENGTH")
fi
[ -n "${SSEC_SIDE_EFFECTS:-}" ] && echo "cgi-note:$body" >> "$SSEC_SIDE_EFFECTS"
printf 'Content-Type: text/html; charset=utf-8\r\n\r\n'
printf '<!DOCTYPE html><html><head><title>Note</title></head><body><p id="saved">Saved.</p></body></html>\n'
