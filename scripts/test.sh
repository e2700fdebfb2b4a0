#!/bin/sh
# The one test command: installs what the tests need (Debian packages and
# playwright-core from npm), builds the module, and runs every suite:
# clang-format and clang-tidy, GoogleTest unit tests, short libFuzzer runs,
# valgrind memcheck of httpd -X, a short soak under wrk, node unit tests of
# the client, browser tests in Debian's headless Chromium, and integration
# tests against real httpds (and a private PostgreSQL cluster); the last
# two at the same time.
# Exits non-zero when any suite fails; the last line is pytest's summary.
set -u
cd "$(dirname "$0")/.."

sh scripts/install-deps.sh --tests || exit 1
[ -f configure ] && [ ! -f config.mk ] && ./configure -q

failed=""
run() {
  name=$1
  shift
  echo "==== $name: $*"
  "$@" || failed="$failed $name"
}

# Before make, which would rebuild a stale client from js/src: the committed
# js/session-security.js must be what js/src builds to.
run client-build make client-check
make -j2 || exit 1

# Two jobs: a clang-tidy, a compiler or a fuzz target per core.
run style make -j2 format-check tidy
run unit make -j2 check
run fuzz make -j2 fuzz FUZZ_SECONDS=${FUZZ_SECONDS:-10}
run memcheck /usr/bin/python3 tests/memcheck/run.py
run soak /usr/bin/python3 tests/soak/soak.py --seconds ${SOAK_SECONDS:-10} --connections 50
if [ -d tests/js ] && ls tests/js/*.test.* >/dev/null 2>&1; then
  run client-unit node --test tests/js/
fi
serial=$(mktemp)
summary=$(mktemp)
browser_log=$(mktemp)
# A pytest run is judged by its summary line: this command installs
# everything the tests need, so a skipped test is a fault.
judge() {
  case "$(tail -n 1 "$1")" in
    *failed* | *error* | *skipped*) failed="$failed $2" ;;
    *passed*) ;;
    *) failed="$failed $2" ;;
  esac
}

# First the integration tests marked serial (the Debian package: dpkg -i,
# a2enmod, a package build), with nothing else running.
echo "==== integration-serial: pytest -m serial tests/integration"
/usr/bin/python3 -m pytest -q -p no:cacheprovider -m serial tests/integration | tee "$serial"
# (a pipe loses pytest's status in sh: its summary line tells.)
judge "$serial" integration-serial

# Then the browser tests and the other integration tests at the same time:
# both mostly wait for WarnAfter and ExpireAfter (together well under a
# core), every server on its own free port and in its own server root.
# Browser tests: two test files at once (each its own Chromium and server),
# if this node has --test-concurrency (20.10 and later). Integration tests:
# pytest-xdist, more workers than cores, each running whole test modules
# (their fixtures, their order, as in a serial run). node runs in the
# background (it stops on Ctrl-C, and serve.py stops its httpd), pytest in
# the foreground; both write to files, shown when both are done, pytest's
# last.
browser=
if [ -d tests/browser ] && ls tests/browser/*.test.* >/dev/null 2>&1; then
  browser="node --test"
  if node --test-concurrency=2 -e '' 2>/dev/null; then
    browser="$browser --test-concurrency=2"
    # (to a file: the reporter a terminal would have got)
    [ -t 1 ] && browser="$browser --test-reporter=spec"
  fi
  browser="$browser tests/browser/"
  $browser >"$browser_log" 2>&1 &
  browser_pid=$!
fi
workers=${PYTEST_WORKERS:-4}
integration="pytest -n $workers --dist loadfile -m 'not serial' tests/integration"
echo "==== browser and integration at the same time: their output follows when both are done"
/usr/bin/python3 -m pytest -q -p no:cacheprovider -n "$workers" --dist loadfile \
  -m "not serial" tests/integration >"$summary" 2>&1
status=$?
if [ -n "$browser" ]; then
  echo "==== browser: $browser"
  wait "$browser_pid" || failed="$failed browser"
  cat "$browser_log"
fi
echo "==== integration: $integration"
cat "$summary"
judge "$summary" integration
if [ "$status" -ne 0 ]; then
  case "$failed " in
    *" integration "*) ;;
    *) failed="$failed integration" ;;
  esac
fi

if [ -n "$failed" ]; then
  echo "FAILED suites:$failed"
  tail -n 1 "$serial"
  tail -n 1 "$summary"  # the run still ends with pytest's own summary line
  rm -f "$serial" "$summary" "$browser_log"
  exit 1
fi
rm -f "$serial" "$summary" "$browser_log"
