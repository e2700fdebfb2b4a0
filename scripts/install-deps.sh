#!/bin/sh
# Installs what building, the demo and the tests need, from Debian's
# packages (and, with --tests, playwright-core from npm). Run as root.
# Skips apt-get entirely when everything is already there.
set -eu
cd "$(dirname "$0")/.."

packages="apache2 apache2-dev libssl-dev php-cgi g++ make autoconf curl ca-certificates"
if [ "${1:-}" = "--tests" ]; then
  packages="$packages libgtest-dev python3 python3-pytest python3-pytest-xdist python3-requests chromium wrk nodejs npm clang libclang-rt-14-dev valgrind clang-format clang-tidy libgumbo-dev postgresql libaprutil1-dbd-pgsql libfaketime esbuild python3-lxml python3-html5lib dpkg-dev debhelper lintian rpm git nagios4-cgi cgit phpsysinfo"
fi

missing=""
for p in $packages; do
  case "$p" in
    # Node.js may come from elsewhere than Debian's package: accept any node.
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "${1:-}" = "--tests" ] && [ -f package.json ]; then
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
    # Never downloads a browser: the tests drive Debian's /usr/bin/chromium.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  fi
fi
