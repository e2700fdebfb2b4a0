#!/bin/sh
# Streams a page in two parts with a pause between them; the "</head>" is
# split across the two writes. Tests check the first part arrives before
# the pause ends and that the tag still goes before "</head>".
[ -n "${SSEC_SIDE_EFFECTS:-}" ] && echo "cgi-stream" >> "$SSEC_SIDE_EFFECTS"
printf 'Content-Type: text/html\r\n\r\n'
printf '<!DOCTYPE html><html><head><title>stream</title><!-- %s --></' "$(head -c 2000 /dev/zero | tr '\0' x)"
sleep "${QUERY_STRING:-2}"
printf 'HeAd><body><p>second part</p></body></html>\n'
