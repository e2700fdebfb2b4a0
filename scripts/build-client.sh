#!/bin/sh
# Builds the shipped client, js/session-security.js and its source map
# js/session-security.js.map, from the ES modules in js/src/ with Debian's
# esbuild (bundled into one IIFE and minified). Both files are committed, so
# that building the module needs no JavaScript tooling.
#
#   sh scripts/build-client.sh          rebuild both files
#   sh scripts/build-client.sh --check  fail unless the committed files are
#                                       exactly what the build produces
#
# Reproducible: the build runs in a temporary copy of js/src laid out like
# js/, so the paths in the source map are relative (src/...) whatever the
# checkout's location, and esbuild's output depends on nothing else.
set -eu
cd "$(dirname "$0")/.."

ESBUILD=${ESBUILD:-esbuild}
command -v "$ESBUILD" >/dev/null 2>&1 || {
  echo "build-client.sh: $ESBUILD not found (Debian package esbuild)" >&2
  exit 1
}
version=$("$ESBUILD" --version)

# Property names that never leave the script are shortened too: a name
# missing here only costs bytes, but one that the DOM, the public API or a
# message between tabs reads must never be listed (warnedFor,
# keepAliveFrom and lifetimeWarned travel in the messages, but no tab reads them there).
INTERNAL_PROPERTIES='warnAfter|expireAfter|pingUrl|logoutUrl|confirmFormDiscard|texts|countActivity|idleSeconds|hasSignedOut|isOpen|showSecondsLeft|ignores|withSignOut|onStay|onSignOut|wakeAt|markAt|action|warnedFor|keepAliveFrom|isLifetime|onClose|lifetimeLeft|lifetimeWarned|draftKeyUrl|drafts|idleMs|keyUrl|lifetime|restoredText|save'

# The version of js/i18n/ (the ?v= of the language files' URLs), the same
# that the module embeds (scripts/embed-i18n.sh, in the Makefile's order).
i18n_version=$(sh scripts/embed-i18n.sh --version $(LC_ALL=C ls js/i18n/*.json))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/js"
cp -R js/src "$tmp/js/src"
(cd "$tmp/js" && "$ESBUILD" src/main.js --bundle --format=iife --target=es2020 \
  --define:SESSION_SECURITY_I18N_VERSION="\"$i18n_version\"" \
  --minify --mangle-props="^($INTERNAL_PROPERTIES)\$" --legal-comments=none \
  --banner:js="/*! mod_session_security client, built from js/src */" \
  --sourcemap=external --outfile=session-security.js --log-level=warning)

if [ "${1:-}" = "--check" ]; then
  status=0
  for f in session-security.js session-security.js.map; do
    if ! cmp -s "$tmp/js/$f" "js/$f"; then
      echo "client-check: js/$f is not what js/src builds to with esbuild $version:" \
        "run 'make client' and commit it" >&2
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "client-check: js/session-security.js and its map match js/src (esbuild $version)"
  exit $status
fi
cp "$tmp/js/session-security.js" "$tmp/js/session-security.js.map" js/
echo "build-client.sh: js/session-security.js ($(wc -c < js/session-security.js) bytes, esbuild $version)"
