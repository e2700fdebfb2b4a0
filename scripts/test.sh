#!/bin/sh
# The one test command: installs what the tests need (Debian packages and
# playwright-core from npm), builds the module, and runs every suite:
# clang-format and clang-tidy, GoogleTest unit tests, short libFuzzer runs,
# valgrind memcheck of httpd -X, a short soak under wrk, node unit tests of
# the client, browser tests in Debian's headless Chromium, and integration
# tests against real httpds (and a private PostgreSQL cluster).
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
if [ -d tests/browser ] && ls tests/browser/*.test.* >/dev/null 2>&1; then
  # Two test files at once (each its own Chromium and httpd), if this node
  # has --test-concurrency (20.10 and later); the tests mostly wait.
  concurrency=
  node --test-concurrency=2 -e '' 2>/dev/null && concurrency=--test-concurrency=2
  run browser node --test $concurrency tests/browser/
fi
# Integration: first the tests marked serial (the Debian package: dpkg -i,
# a2enmod), alone; then the others in parallel (pytest-xdist), a test
# module per worker (its fixtures and its order as in a serial run).
# Their time is mostly spent waiting (WarnAfter 2, ExpireAfter 4), so more
# workers than cores.
serial=$(mktemp)
summary=$(mktemp)
# (a pipe loses pytest's status in sh: judge by its summary line). This
# command installs everything the tests need, so a skipped test is a fault.
judge() {
  case "$(tail -n 1 "$1")" in
    *failed* | *error* | *skipped*) failed="$failed $2" ;;
    *passed*) ;;
    *) failed="$failed $2" ;;
  esac
}
echo "==== integration-serial: pytest -m serial tests/integration"
/usr/bin/python3 -m pytest -q -p no:cacheprovider -m serial tests/integration | tee "$serial"
judge "$serial" integration-serial
workers=${PYTEST_WORKERS:-4}
echo "==== integration: pytest -n $workers -m 'not serial' tests/integration"
/usr/bin/python3 -m pytest -q -p no:cacheprovider -n "$workers" --dist loadfile \
  -m "not serial" tests/integration | tee "$summary"
judge "$summary" integration

if [ -n "$failed" ]; then
  echo "FAILED suites:$failed"
  tail -n 1 "$serial"
  tail -n 1 "$summary"  # the run still ends with pytest's own summary line
  rm -f "$serial" "$summary"
  exit 1
fi
rm -f "$serial" "$summary"
