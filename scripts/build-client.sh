#!/bin/sh
# Builds the shipped client from the ES modules in js/src/ with Debian's
# esbuild, bundled and minified, each file with its source map (FILE.map):
# js/session-security.js, the script of every page (one IIFE), and the parts
# it loads when a page needs them (ES modules, js/src/chunks.js):
# js/session-security-dialog.js, -language.js and -drafts.js. All are
# committed, so that building the module needs no JavaScript tooling.
#
#   sh scripts/build-client.sh          rebuild the files
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
esbuild_version=$("$ESBUILD" --version)
# The parts of the client besides the script (js/session-security-PART.js).
CLIENT_PARTS="dialog language drafts"

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
# One esbuild run per file; the mangle cache gives a shortened property the
# same name in all of them, so that the script and its parts agree.
bundle() { # ENTRY FORMAT OUTFILE [esbuild options]
  entry=$1 format=$2 out=$3
  shift 3
  (cd "$tmp/js" && "$ESBUILD" "src/$entry" --bundle --format="$format" --target=es2020 \
    --minify --mangle-props="^($INTERNAL_PROPERTIES)\$" --mangle-cache=mangle-cache.json \
    --legal-comments=none --banner:js="/*! mod_session_security client, built from js/src */" \
    --sourcemap=external --outfile="$out" --log-level=warning "$@")
}
# The parts that the script loads when a page needs them (js/src/chunks.js):
# ES modules, loaded by import().
for part in $CLIENT_PARTS; do
  case $part in
    dialog) entry=dialog-chunk.js ;;
    *) entry=$part.js ;;
  esac
  bundle "$entry" esm "session-security-$part.js" \
    --define:SESSION_SECURITY_I18N_VERSION="\"$i18n_version\""
done
# The shipped script: one classic script (an IIFE), as the tag loads it.
# It asks for its parts under their own version (the module's
# kClientPartsVersion, embed-client.sh --parts-version), so it gets the
# very parts it was built with, or none, whichever tag loaded it.
parts_version=$(sh scripts/embed-client.sh --parts-version \
  $(for part in $CLIENT_PARTS; do echo "$tmp/js/session-security-$part.js"; done))
bundle main.js iife session-security.js \
  --define:SESSION_SECURITY_PARTS_VERSION="\"$parts_version\""
outputs="session-security.js"
for part in $CLIENT_PARTS; do outputs="$outputs session-security-$part.js"; done

if [ "${1:-}" = "--check" ]; then
  status=0
  for output in $outputs; do
    for f in "$output" "$output.map"; do
      if ! cmp -s "$tmp/js/$f" "js/$f"; then
        echo "client-check: js/$f is not what js/src builds to with esbuild $esbuild_version:" \
          "run 'make client' and commit it" >&2
        status=1
      fi
    done
  done
  [ $status -eq 0 ] && echo "client-check: js/session-security*.js and their maps match js/src (esbuild $esbuild_version)"
  exit $status
fi
for f in $outputs; do
  cp "$tmp/js/$f" "$tmp/js/$f.map" js/
  echo "build-client.sh: js/$f ($(wc -c < "js/$f") bytes, esbuild $esbuild_version)"
done
