"""Activity is saved whatever the store and the path (issue 9, point 2):
with mod_session_dbd, a request that httpd internally redirects (php-cgi
through mod_actions, a front-controller rewrite) saves the session record of
the redirect, not the one first judged; with either store, the restamp at
response start must reach the session that is saved. Both stores, against
a real httpd with php-cgi and CGI scripts; the database store on the
private PostgreSQL of tests/harness/multinode.py."""
import os
import threading
import time

import pytest
import requests

from conftest import EXPIRE, WARN
from httpd import Httpd
from multinode import PG_BIN, Postgres, dbd_session_conf

PING = "/session_security/ping"

# A front controller: every URL of /app that is not a file goes to
# index.php (through mod_actions to php-cgi), and one goes to a CGI.
FRONT_CONTROLLER = """
<Directory @ROOT@/htdocs/app>
  RewriteEngine On
  RewriteRule ^cgi-route$ /app/cgi/env.cgi [L]
  RewriteCond %{REQUEST_FILENAME} !-f
  RewriteRule ^ index.php [L]
</Directory>
"""

SLOW_PHP = """<?php
// A long PHP page: works three seconds before it answers.
sleep(3);
header('Content-Type: text/html; charset=utf-8');
?><!DOCTYPE html><html><head><title>slow</title></head><body>done</body></html>
"""

PATHS = {
    "PHP through mod_actions": "/app/index.php",
    "front-controller rewrite to PHP": "/app/some/route",
    "rewrite to a CGI": "/app/cgi-route",
    "CGI": "/app/cgi/env.cgi",
}
SLOW_PATHS = {
    "slow PHP through mod_actions": "/app/slow.php",
    "slow CGI": "/app/cgi/slow.cgi?3",
}


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


def start_server(session_conf=None):
    modules = ["rewrite"] + (["dbd", "session_dbd"] if session_conf else [])
    httpd = Httpd(warn_after=WARN, expire_after=EXPIRE, modules=modules,
                  session_conf=session_conf, extra_conf=FRONT_CONTROLLER)
    httpd.start()
    httpd.write_htdocs("app/slow.php", SLOW_PHP)
    return httpd


@pytest.fixture(scope="module", params=["cookie", "dbd"])
def store(request):
    conf = None
    if request.param == "dbd":
        conf = dbd_session_conf(request.getfixturevalue("postgres"))
    httpd = start_server(conf)
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


def sign_in(server):
    # Inline login at the PHP app: /app/ -> index.php -> php-cgi through
    # mod_actions. With mod_session_dbd, mod_auth_form writes the sign-in
    # into the first request's record, which only reaches the database
    # because the redirect takes that record over.
    browser = requests.Session()
    response = browser.post(server.url("/app/"), data={
        "httpd_username": server.user, "httpd_password": server.password})
    assert response.status_code == 200, response.text[:300]
    return browser


def server_idle(browser, server):
    """The server's idle time, read with a passive ping (never extends)."""
    idle = browser.get(server.url(PING)).json()
    assert isinstance(idle, int), idle
    return idle


@pytest.mark.parametrize("name", list(PATHS))
def test_a_request_on_any_path_counts_as_activity(store, name):
    browser = sign_in(store)
    # Idle for most of ExpireAfter (whole-second stamps: up to 3 s).
    time.sleep(2.5)
    page = browser.get(store.url(PATHS[name]))
    assert page.status_code == 200, page.text[:300]
    assert "demo" in page.text, page.text[:300]
    # The request was saved as activity: the session is (nearly) fresh.
    assert server_idle(browser, store) <= 1
    time.sleep(1.8)  # past ExpireAfter since the sign-in, not since the page
    assert browser.get(store.url("/app/cgi/hello.cgi")).status_code == 200


def tab_of(browser):
    tab = requests.Session()
    tab.cookies.update(browser.cookies)
    return tab


@pytest.mark.parametrize("name", list(SLOW_PATHS))
def test_a_slow_page_never_writes_back_a_stamp_older_than_a_ping(store, name):
    browser = sign_in(store)
    time.sleep(1.2)  # past the throttle: the slow page stamps the session
    slow = {}

    def slow_tab():
        response = tab_of(browser).get(store.url(SLOW_PATHS[name]))
        slow["status"], slow["cookie"] = (response.status_code,
                                          response.cookies.get("session"))

    thread = threading.Thread(target=slow_tab)
    thread.start()
    time.sleep(1.0)  # the slow page is running; another tab pings
    ping = tab_of(browser).get(store.url(PING + "?idleFor=0"))
    assert ping.json() == 0
    ping_time = time.time()
    thread.join()
    assert slow["status"] == 200
    # The browser keeps the cookie of the response that arrived last.
    final = tab_of(browser)
    domain = list(browser.cookies)[0].domain
    for cookie in (ping.cookies.get("session"), slow["cookie"]):
        if cookie is not None:
            final.cookies.set("session", cookie, domain=domain, path="/")
    # Restamped as the response started, 2 s after the ping: idle 0 (1
    # across a whole second); the stamp of the page's start would say 3.
    assert server_idle(final, store) <= 1


def test_an_unreadable_stamp_signs_a_script_request_out_as_invalid(
        postgres):
    server = start_server(dbd_session_conf(postgres))
    try:
        browser = sign_in(server)
        postgres.sql("UPDATE session SET value = regexp_replace(value, "
                     "'_session_security=[^&]*', '_session_security=junk')")
        response = browser.get(server.url("/app/cgi/hello.cgi"),
                               headers={"X-Requested-With": "XMLHttpRequest"})
        assert response.status_code == 401, response.text
        assert response.json() == {"error": "signed_out", "reason": "invalid"}
    finally:
        crashes = server.crashes()
        server.cleanup()
        assert not crashes, crashes
