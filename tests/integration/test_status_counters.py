"""server-status counters (mod_status loaded) and the request note
%{session-security}n: each kind of request moves its own counter by one,
the counters are those of all children, they survive a graceful restart,
and the access log carries every request's verdict."""
import os
import re
import subprocess
import time

import pytest
import requests

from conftest import EXPIRE, sign_in
from httpd import Httpd

STATUS_CONF = """
<Location /server-status>
  SetHandler server-status
  SessionSecurity Off
  Require all granted
</Location>
<Location /app/short>
  SessionSecurityMaxLifetime 2
</Location>
LogFormat "%r %>s %{session-security}n" verdicts
CustomLog @ROOT@/verdicts.log verdicts
"""


@pytest.fixture(scope="module")
def status_server(figures):
    httpd = Httpd(warn_after=2, expire_after=EXPIRE, modules=["status"],
                  extra_conf=STATUS_CONF)
    httpd.start()
    httpd.write_htdocs("app/short/index.html",
                       "<!DOCTYPE html><html><head><title>s</title></head>"
                       "<body>short</body></html>\n")
    httpd.write_htdocs("app/notes.txt", "plain text\n")
    yield httpd
    figures.append("server-status counters after test_status_counters.py: "
                   + " ".join(f"{k[len('SessionSecurity'):]}={v}"
                              for k, v in counters(httpd).items()))
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


def auto(server):
    return requests.get(server.url("/server-status?auto"), timeout=10).text


def counters(server):
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^(SessionSecurity\w+): (\d+)$", auto(server), re.M)}


def delta(server, action):
    """The counters that `action()` moved, and by how much."""
    before = counters(server)
    action()
    # The counter is bumped before the response is sent, but the log and
    # a child's last writes may trail it a little.
    time.sleep(0.05)
    after = counters(server)
    return {k: after[k] - before[k] for k in after if after[k] != before[k]}


def verdicts(server, status_page=False):
    """The access log's lines (path, status, note), without the reads of
    server-status unless asked for."""
    with open(os.path.join(server.root, "verdicts.log")) as f:
        # "GET /app/ HTTP/1.1 200 active": path, status, note
        lines = [[w[1].split("?")[0], w[3], w[4]] for w in
                 (line.split() for line in f.read().splitlines())]
    return [line for line in lines
            if status_page or line[0] != "/server-status"]


def one_stamp(moved):
    """A request of an active user either rewrites the stamp or is held
    back by the throttle (1 s here), depending on where the clock's second
    turned: take whichever it was out of `moved`."""
    written = moved.pop("SessionSecurityStampsWritten", 0)
    throttled = moved.pop("SessionSecurityStampsThrottled", 0)
    assert written + throttled == 1, (written, throttled)
    return "stamped" if written else "active"


def ping_url(server, query=""):
    return server.url("/session_security/ping" + query)


def test_auto_lists_every_counter(status_server):
    found = counters(status_server)
    expected = {"SignOutsInactivity", "SignOutsLifetime", "SignOutsInvalid",
                "PingsAnswered", "PingsRejectedMethod",
                "PingsRejectedCrossSite", "PingsRejectedBadQuery",
                "StampsWritten", "StampsThrottled", "PagesTagged",
                "PagesUntouchedNotHtml", "PagesUntouchedHead"}
    assert {"SessionSecurity" + name for name in expected} <= set(found), found


def test_html_page_has_a_section(status_server):
    page = requests.get(status_server.url("/server-status"), timeout=10).text
    assert "<h2><a name=\"session_security\">mod_session_security</a></h2>" \
        in page
    assert re.search(r"<td>given the tag</td><td align=\"right\">\d+</td>",
                     page)


def test_each_request_moves_its_counter(status_server):
    s = status_server
    browser = requests.Session()
    signed = delta(s, lambda: browser.post(s.url("/app/"), data={
        "httpd_username": s.user, "httpd_password": s.password}))
    assert signed == {"SessionSecurityStampsWritten": 1,
                      "SessionSecurityPagesTagged": 1}, signed
    page = delta(s, lambda: browser.get(s.url("/app/")))
    page_verdict = one_stamp(page)
    assert page == {"SessionSecurityPagesTagged": 1}, page
    text = delta(s, lambda: browser.get(s.url("/app/notes.txt")))
    one_stamp(text)
    assert text == {"SessionSecurityPagesUntouchedNotHtml": 1}, text
    head = delta(s, lambda: browser.head(s.url("/app/")))
    one_stamp(head)
    assert head == {"SessionSecurityPagesUntouchedHead": 1}, head
    time.sleep(1.1)  # past the throttle (ExpireAfter 4: 1 s)
    stamped = delta(s, lambda: browser.get(s.url("/app/notes.txt")))
    assert stamped == {"SessionSecurityStampsWritten": 1,
                       "SessionSecurityPagesUntouchedNotHtml": 1}, stamped

    ping = delta(s, lambda: browser.get(ping_url(s, "?idleFor=0")))
    assert ping == {"SessionSecurityPingsAnswered": 1}, ping
    post = delta(s, lambda: browser.post(ping_url(s, "?idleFor=0")))
    assert post == {"SessionSecurityPingsRejectedMethod": 1}, post
    cross = delta(s, lambda: browser.get(ping_url(s, "?idleFor=0"), headers={
        "Sec-Fetch-Site": "cross-site"}))
    assert cross == {"SessionSecurityPingsRejectedCrossSite": 1}, cross
    bad = delta(s, lambda: browser.get(ping_url(s, "?idleFor=soon")))
    assert bad == {"SessionSecurityPingsRejectedBadQuery": 1}, bad

    time.sleep(EXPIRE + 0.5)
    expired = delta(s, lambda: browser.get(s.url("/app/")))
    assert expired == {"SessionSecuritySignOutsInactivity": 1}, expired

    log = verdicts(s)
    assert ["/app/", "200", "signed-in"] in log, log
    assert ["/app/", "200", page_verdict] in log
    assert ["/app/notes.txt", "200", "stamped"] in log
    assert ["/session_security/ping", "200", "ping:reported"] in log \
        or ["/session_security/ping", "200", "ping:merged"] in log
    assert ["/session_security/ping", "405", "ping:rejected:405"] in log
    assert ["/session_security/ping", "403", "ping:rejected:403"] in log
    assert ["/session_security/ping", "400", "ping:rejected:400"] in log
    # The expired request ends in the login form (an ErrorDocument, an
    # internal redirect): the final request's note is the verdict too.
    assert log[-1] == ["/app/", "401", "expired:inactivity"], log[-3:]
    assert ["/server-status", "200", "-"] in verdicts(s, status_page=True)


def test_lifetime_sign_out_is_counted(status_server):
    s = status_server
    browser = sign_in(s)
    for _ in range(2):  # active all along: never idle
        time.sleep(1.1)
        browser.get(s.url("/app/"))
    time.sleep(0.3)
    moved = delta(s, lambda: browser.get(s.url("/app/short/")))
    assert moved == {"SessionSecuritySignOutsLifetime": 1}, moved
    assert verdicts(s)[-1] == ["/app/short/", "401", "expired:lifetime"]


def test_counters_survive_a_graceful_restart(status_server):
    s = status_server
    sign_in(s).get(s.url("/app/"))
    before = counters(s)
    generation = re.search(r"ParentServerConfigGeneration: (\d+)", auto(s))
    assert generation, auto(s)
    done = subprocess.run(["apache2", "-k", "graceful", "-f", s.conf],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 15
    while True:
        try:
            now = re.search(r"ParentServerConfigGeneration: (\d+)", auto(s))
            if now and int(now.group(1)) > int(generation.group(1)):
                break
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, "no graceful restart seen"
        time.sleep(0.1)
    after = counters(s)
    assert after == before, (before, after)
    assert after["SessionSecurityPagesTagged"] > 0
    moved = delta(s, lambda: sign_in(s))
    assert moved.get("SessionSecurityPagesTagged") == 1, moved
