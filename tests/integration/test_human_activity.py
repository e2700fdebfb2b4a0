"""Background traffic never keeps an idle user signed in (issue 12, part 3):
under SessionSecurityActivity human (the default where the client is
inserted) only requests a person started stamp the session; polls and
self-refreshing pages are judged (expiry enforced) but never stamp, and the
page's tag tells the client the session's real idle time (data-idle-ms)."""
import re
import time

import pytest

from conftest import sign_in
from httpd import Httpd

PING = "/session_security/ping"
PAGE = "/app/cgi/env.cgi"

NAVIGATION = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate",
              "Sec-Fetch-Dest": "document"}
CLICKED = dict(NAVIGATION, **{"Sec-Fetch-User": "?1"})
FETCH = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors",
         "Sec-Fetch-Dest": "empty"}
XHR = dict(FETCH, **{"X-Requested-With": "XMLHttpRequest"})

NOBODY = {
    # <meta http-equiv="refresh">, location.reload() from a timer
    "refresh": NAVIGATION,
    "fetch-poll": FETCH,
    "xhr-poll": XHR,
    "jquery-poll-old-browser": {"X-Requested-With": "XMLHttpRequest"},
    "own-iframe": dict(NAVIGATION, **{"Sec-Fetch-Dest": "iframe"}),
    "own-image": {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors",
                  "Sec-Fetch-Dest": "image"},
}


def server_idle(server, browser):
    return browser.get(server.url(PING)).json()


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=2, expire_after=4, extra_conf="""
<Location /app/any>
  SessionSecurityActivity any
</Location>
<Location /app/noclient>
  SessionSecurityInject Off
</Location>
<Location /app/noclient-human>
  SessionSecurityInject Off
  SessionSecurityActivity human
</Location>
ScriptAlias /app/any/ @ROOT@/cgi-bin/app/
ScriptAlias /app/noclient/ @ROOT@/cgi-bin/app/
ScriptAlias /app/noclient-human/ @ROOT@/cgi-bin/app/
""")
    httpd.start()
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.mark.parametrize("kind", NOBODY)
def test_requests_nobody_started_do_not_stamp(server, browser, kind):
    time.sleep(2.1)
    response = browser.get(server.url(PAGE), headers=NOBODY[kind])
    assert response.status_code == 200, response.text  # judged: still in
    assert re.search(r"^SESSION_SECURITY_IDLE=[23]$", response.text, re.M)
    assert server_idle(server, browser) >= 2


@pytest.mark.parametrize("method,headers", [
    ("GET", CLICKED),                 # a click, the address bar
    ("POST", CLICKED),                # a form a person submits
    ("POST", NAVIGATION),             # a form a script submits
    ("GET", {}),                      # a browser without Sec-Fetch-*
    ("POST", {}),
])
def test_requests_a_person_started_stamp(server, browser, method, headers):
    time.sleep(2.1)
    path = "/app/cgi/note.cgi" if method == "POST" else PAGE  # reads a body
    response = browser.request(method, server.url(path), headers=headers,
                               data={"q": "1"} if method == "POST" else None)
    assert response.status_code == 200, response.text
    assert server_idle(server, browser) == 0


def test_a_poll_every_second_never_keeps_an_idle_user_in(server, browser):
    statuses = []
    for _ in range(5):
        time.sleep(1.0)
        statuses.append(browser.get(server.url("/app/cgi/poll.cgi"),
                                    headers=XHR).status_code)
    # ExpireAfter 4: the fifth poll, about 5 s after sign-in, is refused
    assert statuses[:3] == [200, 200, 200], statuses
    assert statuses[-1] == 401, statuses
    assert server_idle(server, browser) == "logout"


def test_a_refresh_past_expire_after_is_signed_out(server, browser):
    time.sleep(4.3)
    response = browser.get(server.url(PAGE), headers=NAVIGATION,
                           allow_redirects=False)
    assert response.status_code == 401  # the login form, not the app
    assert "REMOTE_USER" not in response.text


def test_activity_any_counts_every_own_request(server, browser):
    time.sleep(2.1)
    assert browser.get(server.url("/app/any/env.cgi"),
                       headers=NAVIGATION).status_code == 200
    assert server_idle(server, browser) == 0
    time.sleep(2.1)
    assert browser.get(server.url("/app/any/poll.cgi"),
                       headers=XHR).status_code == 200
    assert server_idle(server, browser) == 0
    time.sleep(2.1)
    assert browser.get(server.url("/app/any/env.cgi"),
                       headers=NOBODY["own-image"]).status_code == 200
    assert server_idle(server, browser) == 0


def test_without_the_client_scripts_requests_count(server, browser):
    """SessionSecurityInject Off: nothing reports keyboard and mouse, so the
    default is `any`; `human` set there is obeyed."""
    time.sleep(2.1)
    assert browser.get(server.url("/app/noclient/poll.cgi"),
                       headers=FETCH).status_code == 200
    assert server_idle(server, browser) == 0
    time.sleep(2.1)
    assert browser.get(server.url("/app/noclient-human/poll.cgi"),
                       headers=FETCH).status_code == 200
    assert server_idle(server, browser) >= 2


def idle_ms_in_tag(html):
    found = re.findall(r'<script [^>]*data-session-security[^>]*>', html)
    assert len(found) == 1, html[-500:]
    match = re.search(r' data-idle-ms="(\d+)"', found[0])
    assert match, found[0]
    return int(match.group(1))


def test_the_tag_carries_the_sessions_idle_time(server, browser):
    # within the throttle (1 s) of the sign-in: counted, the stamp kept, and
    # the page load is the last activity all the same
    throttled = browser.get(server.url("/app/form.html"), headers=CLICKED)
    assert idle_ms_in_tag(throttled.text) == 0
    time.sleep(2.2)
    refreshed = browser.get(server.url("/app/form.html"), headers=NAVIGATION)
    assert refreshed.status_code == 200
    assert 2200 <= idle_ms_in_tag(refreshed.text) < 3500
    clicked = browser.get(server.url("/app/form.html"), headers=CLICKED)
    assert idle_ms_in_tag(clicked.text) == 0  # this request is the activity


def test_a_refresh_gets_the_whole_page_never_a_stale_304(server, browser):
    """A 304 would keep the tag of the first answer, whose idle time is out of
    date: a navigation that does not stamp is answered in full."""
    first = browser.get(server.url("/app/form.html"), headers=CLICKED)
    validators = {"If-None-Match": first.headers["ETag"],
                  "If-Modified-Since": first.headers["Last-Modified"]}
    clicked = browser.get(server.url("/app/form.html"),
                          headers=dict(CLICKED, **validators))
    assert clicked.status_code == 304  # a person's reload: stamped, cached
    time.sleep(2.2)
    refreshed = browser.get(server.url("/app/form.html"),
                            headers=dict(NAVIGATION, **validators))
    assert refreshed.status_code == 200
    assert 2200 <= idle_ms_in_tag(refreshed.text) < 3500
    assert "SSEC130" in server.error_log()
