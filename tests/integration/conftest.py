"""Fixtures of the integration tests: a real httpd (tests/harness/httpd.py)
with WarnAfter 2 s and ExpireAfter 4 s, and signed-in browsers."""
import hashlib
import os
import sys

import pytest
import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from httpd import Httpd  # noqa: E402

EXPIRE = 4
WARN = 2

# The client as the module embeds it (Makefile's CLIENT_FILES, in order).
CLIENT_FILES = ["session-security.js", "session-security-dialog.js",
                "session-security-language.js", "session-security-drafts.js"]


def client_version(names=CLIENT_FILES):
    """The tag's ?v=, as scripts/embed-client.sh computes it: a SHA-256 of
    every client file's name and content."""
    digest = hashlib.sha256()
    for name in names:
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "js", name), "rb") as f:
            digest.update(name.encode() + b"\n" + f.read())
    return digest.hexdigest()[:16]


def parts_version():
    """The ?v= under which the script asks for its parts, which the build
    writes into it (embed-client.sh --parts-version): the same hash of the
    parts alone."""
    return client_version(CLIENT_FILES[1:])

PROXY_CONF = """
# A reverse-proxied backend: the same server, reached again over HTTP, so
# the tests see the request headers a proxied application would get.
ProxyPass /app/proxied/ http://127.0.0.1:@PORT@/backend/
ScriptAlias /backend/ @ROOT@/cgi-bin/backend/
<Location /app/passive>
  SessionSecurityPassive On
</Location>
<Location /app/cgi/poll.cgi>
  SessionSecurityPassive On
</Location>
<Location /backend/>
  SessionSecurity Off
  Require ip 127.0.0.1
</Location>
"""


def make_server(**options):
    return Httpd(**options)


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=WARN, expire_after=EXPIRE,
                  modules=["proxy", "proxy_http", "authz_host"])
    httpd.extra_conf = PROXY_CONF.replace("@PORT@", str(httpd.port))
    httpd.start()
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, f"crash in the error log: {crashes}"


def sign_in(server, path="/app/"):
    """A browser signed in through the login form (inline login)."""
    browser = requests.Session()
    response = browser.post(server.url(path), data={
        "httpd_username": server.user, "httpd_password": server.password},
        allow_redirects=False)
    assert response.status_code == 200, response.text[:300]
    return browser


@pytest.fixture
def browser(server):
    b = sign_in(server)
    yield b
    b.close()


# --- measured figures --------------------------------------------------------
# Tests append lines (what was measured, with its conditions) to this list
# through the `figures` fixture; they are printed at the end of every run,
# under "measured figures", before pytest's own summary line.
MEASURED_FIGURES = []


@pytest.fixture(scope="session")
def figures():
    return MEASURED_FIGURES


# Under pytest-xdist (scripts/test.sh runs `-n`), the tests run in worker
# processes: each worker hands its figures to the controlling process, which
# prints them all.
def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["measured_figures"] = list(MEASURED_FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    MEASURED_FIGURES.extend(
        getattr(node, "workeroutput", {}).get("measured_figures", []))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "serial: must not run beside any other test (it installs "
        "a Debian package with dpkg); scripts/test.sh runs these first, alone")


def pytest_terminal_summary(terminalreporter):
    if MEASURED_FIGURES:
        terminalreporter.section("measured figures")
        for line in MEASURED_FIGURES:
            terminalreporter.write_line(line)
