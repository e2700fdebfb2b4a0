#!/bin/sh
# The demo's CGI application: a legacy script that knows nothing of
# sessions. Records that it ran, so tests can tell it never ran for an
# expired user.
[ -n "${SSEC_SIDE_EFFECTS:-}" ] && echo "cgi-hello" >> "$SSEC_SIDE_EFFECTS"
printf 'Content-Type: text/html; charset=utf-8\r\n\r\n'
cat <<HTML
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hello (CGI)</title>
</head>
<body>
<h1>Hello from a CGI script</h1>
<p>Signed in as <strong id="user">${REMOTE_USER:-}</strong>.
Idle before this request: <span id="idle">${SESSION_SECURITY_IDLE:-?}</span> s.</p>
<p><a href="/app/">The PHP app</a> · <a href="/logout">Sign out</a></p>
</body>
</html>
HTML
