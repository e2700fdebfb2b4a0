#!/bin/sh
# The demo: installs what it needs (Debian packages), builds the module and
# runs a real httpd on http://127.0.0.1:8080/ protecting a PHP app and a CGI
# app behind a login form, with short timeouts (warning after 20 s of
# inactivity, sign-out after 40 s: the 20 s to act that WCAG 2.2.1 asks for)
# so the whole flow shows within a minute.
# Stop it with Ctrl-C. Options: PORT=8081 WARN=20 EXPIRE=40 sh scripts/demo.sh
set -eu
cd "$(dirname "$0")/.."

sh scripts/install-deps.sh
[ -f config.mk ] || ./configure -q
make -j2 >/dev/null

port=${PORT:-8080}
warn=${WARN:-20}
expire=${EXPIRE:-40}
cat <<EOF2

  mod_session_security demo on http://127.0.0.1:$port/
    sign in at  http://127.0.0.1:$port/app/   user: demo   password: demo-password
    the warning comes after $warn s without activity, the sign-out after $expire s;
    open two tabs to see them kept in step; signed out for inactivity, you land
    on a page that says so. /app/de.html and /app/ar.html are pages in German
    and Arabic. Ctrl-C stops the server.

EOF2
exec /usr/bin/python3 tests/harness/serve.py --forever --port "$port" \
  --warn-after "$warn" --expire-after "$expire" --logout-url /logout \
  --log-level "warn session_security:info"
