"""Attacks that found holes, kept as regression tests (security review,
SSEC140-149): each starts a real httpd, lets a session expire and checks
that no application ran with the old identity."""
import os
import time

import pytest
import requests

from conftest import EXPIRE
from httpd import Httpd
from multinode import PG_BIN, Postgres, dbd_session_conf
from test_request_paths import raw

PAST_EXPIRY = EXPIRE + 1.5

# Only /app is protected; /open pages include it through SSI.
PARTLY_PROTECTED = """
SessionSecurityWarnAfter 2
SessionSecurityExpireAfter 4
<Location /app>
  SessionSecurity On
</Location>
<Location /session_security/>
  SessionSecurity On
</Location>
"""

# An unprotected page that includes an unprotected page that includes the
# protected CGI (a nested subrequest), then includes a protected CGI itself.
INNER = '<p>inner</p><!--#include virtual="/app/cgi/env.cgi" -->\n'
OUTER = ('<p>outer</p><!--#include virtual="/open/inner.shtml" -->\n'
         '<p>second</p><!--#include virtual="/app/cgi/hello.cgi" -->\n')
AS_USER = '<strong id="user">demo</strong>'


@pytest.fixture(scope="module")
def postgres():
    if not os.path.exists(os.path.join(PG_BIN, "initdb")):
        pytest.skip("PostgreSQL is not installed "
                    "(scripts/install-deps.sh --tests installs it)")
    pg = Postgres().start()
    try:
        yield pg
    finally:
        pg.stop()


def signed_in_cookie(server):
    response = requests.post(server.url("/app/"), data={
        "httpd_username": server.user, "httpd_password": server.password},
        allow_redirects=False)
    assert response.status_code == 200, response.text[:300]
    return response.cookies["session"]


@pytest.fixture(scope="module")
def dbd_server(postgres):
    httpd = Httpd(security=False, extra_conf=PARTLY_PROTECTED,
                  session_conf=dbd_session_conf(postgres),
                  modules=["dbd", "session_dbd"])
    httpd.start()
    try:
        httpd.write_htdocs("open/inner.shtml", INNER)
        httpd.write_htdocs("open/outer.shtml", OUTER)
        yield httpd
    finally:
        crashes = httpd.crashes()
        httpd.cleanup()
        assert not crashes, crashes


def test_nested_subrequest_does_not_judge_the_chain_with_its_own_record(
        dbd_server):
    # mod_session_dbd gives the nested include a record of its own (empty:
    # the cookie was taken out of its parent's headers). Judged "not signed
    # in" on that record, the chain let the later include run as the user
    # although the session had expired.
    cookie = signed_in_cookie(dbd_server)
    time.sleep(PAST_EXPIRY)
    before = dbd_server.error_log()
    status, text = raw(dbd_server, "GET", "/open/outer.shtml", cookie=cookie)
    assert status == 200, text
    assert "<p>second</p>" in text, text
    assert AS_USER not in text, text
    assert "SSEC020: signed out user 'demo'" in \
        dbd_server.error_log()[len(before):]


COOKIE_CGI = """#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
echo "HTTP_COOKIE=$HTTP_COOKIE"
echo "EXPIRED=$SESSION_SECURITY_EXPIRED"
echo "REMOTE_USER=$REMOTE_USER"
"""


@pytest.fixture(scope="module")
def cookie_server():
    httpd = Httpd(security=False, extra_conf=PARTLY_PROTECTED)
    httpd.start()
    try:
        path = os.path.join(httpd.cgi, "app", "cookie.cgi")
        with open(path, "w") as f:
            f.write(COOKIE_CGI)
        os.chmod(path, 0o755)
        yield httpd
    finally:
        crashes = httpd.crashes()
        httpd.cleanup()
        assert not crashes, crashes


MARK = "session_security_expired"


@pytest.mark.parametrize("lines", [
    # Two values: a cookie set for the parent domain beside our own.
    ["{mark}=1; session={session}; {mark}=2"],
    # Cookie header lines merged by httpd, crumbs without a space.
    ["{mark}=1", "session={session}", "{mark}=2"],
    ["session={session};{mark}=1;{mark}=0"],
])
def test_every_copy_of_the_mark_leaves_the_cookie_header(cookie_server, lines):
    session = signed_in_cookie(cookie_server)
    headers = [("Cookie", line.format(mark=MARK, session=session))
               for line in lines]
    status, text = raw(cookie_server, "GET", "/app/cgi/cookie.cgi",
                       headers=headers)
    assert status == 200 and "REMOTE_USER=demo" in text, text
    assert MARK not in text, text
    assert f"session={session}" in text, text
    assert "EXPIRED=\n" in text, text  # a signed-in session's mark is stale


def test_a_mark_sent_twice_is_believed_without_a_session(cookie_server):
    status, text = raw(cookie_server, "GET", "/app/cgi/env.cgi",
                       headers=[("Cookie", f"{MARK}=1; a=b; {MARK}=x")])
    assert status == 401 and 'id="expired"' in text, text


ENV_PHP = """<?php
header('Content-Type: text/plain');
foreach (getenv() as $name => $value) {
    if (stripos($name, 'SESSION_SECURITY') !== false) echo "$name=$value\\n";
}
"""
FAILING_CGI = "#!/bin/sh\nexit 1\n"
FAILS_INTO_PHP = """
<Directory @ROOT@/htdocs/open>
  Options +ExecCGI
  AddHandler cgi-script .cgi
</Directory>
<Location /open/fails.cgi>
  ErrorDocument 500 /app/env.php
</Location>
"""


@pytest.fixture(scope="module")
def redirect_server():
    httpd = Httpd(security=False, extra_conf=PARTLY_PROTECTED + FAILS_INTO_PHP)
    httpd.start()
    try:
        httpd.write_htdocs("open/fails.cgi", FAILING_CGI, 0o755)
        httpd.write_htdocs("app/env.php", ENV_PHP)
        yield httpd
    finally:
        crashes = httpd.crashes()
        httpd.cleanup()
        assert not crashes, crashes


def test_forged_signals_renamed_by_a_redirect_are_stripped(redirect_server):
    # The unprotected CGI exports the client's headers (HTTP_X_...); its
    # ErrorDocument, a protected PHP page reached through mod_actions,
    # received them as REDIRECT_REDIRECT_HTTP_X_SESSION_SECURITY_*.
    status, text = raw(redirect_server, "GET", "/open/fails.cgi",
                       cookie=signed_in_cookie(redirect_server),
                       headers=[("X-Session-Security-Expired", "1"),
                                ("X-Session-Security-Idle", "999")])
    assert status == 500, text
    assert "SESSION_SECURITY_IDLE=" in text, text  # the module's own
    assert "999" not in text and "EXPIRED" not in text, text


LOGIN_HANDLER = """
<Location /dologin>
  SetHandler form-login-handler
  AuthType form
  AuthName "Demo application"
  AuthFormProvider file
  AuthUserFile @ROOT@/htpasswd
  AuthFormLoginSuccessLocation /index.html
  Require all granted
</Location>
"""


def test_a_sign_in_outside_protection_does_not_inherit_old_stamps(
        cookie_server_with_login):
    # Signed out and in again through handlers in unprotected locations
    # (mod_auth_form's logout and login handlers): the old stamp stayed
    # in the session and the fresh sign-in was signed out at once.
    server = cookie_server_with_login
    browser = requests.Session()
    assert browser.post(server.url("/app/"), data={
        "httpd_username": server.user, "httpd_password": server.password},
        allow_redirects=False).status_code == 200
    time.sleep(PAST_EXPIRY)
    assert browser.get(server.url("/logout"),
                       allow_redirects=False).status_code == 307
    response = browser.post(server.url("/dologin"), data={
        "httpd_username": server.user, "httpd_password": server.password},
        allow_redirects=False)
    assert response.status_code == 302, response.text
    response = browser.get(server.url("/app/cgi/env.cgi"))
    assert response.status_code == 200, response.text
    assert "REMOTE_USER=demo" in response.text, response.text


@pytest.fixture
def cookie_server_with_login():
    httpd = Httpd(security=False, extra_conf=PARTLY_PROTECTED + LOGIN_HANDLER)
    httpd.start()
    try:
        yield httpd
    finally:
        crashes = httpd.crashes()
        httpd.cleanup()
        assert not crashes, crashes
