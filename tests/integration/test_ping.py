"""The ping endpoint (SPEC 5), django-session-security compatible."""
import time

import pytest
import requests

from conftest import EXPIRE

PING = "/session_security/ping"


def ping(server, browser, query="", **kwargs):
    return browser.get(server.url(PING + query), **kwargs)


def server_idle(server, browser):
    """The server's idle time, asked passively (never extends)."""
    return ping(server, browser).json()


def test_answer_format(server, browser):
    response = ping(server, browser, "?idleFor=0")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert "no-store" in response.headers["Cache-Control"]
    assert isinstance(response.json(), int) and response.json() == 0


def test_merge_takes_the_smaller_idle_time(server, browser):
    time.sleep(2.2)
    assert server_idle(server, browser) >= 2
    # A tab idle longer than the server does not move the stamp back.
    assert ping(server, browser, "?idleFor=100").json() >= 2
    # A tab active 1 s ago brings the server to 1 s.
    assert ping(server, browser, "?idleFor=1").json() == 1


def test_ping_without_idle_for_never_extends(server, browser):
    for _ in range(3):
        time.sleep(1.6)
        assert ping(server, browser).status_code == 200
    # 4.8 s of passive pings: expired now.
    assert ping(server, browser).json() == "logout"
    assert browser.get(server.url("/app/cgi/hello.cgi")).status_code == 401


def test_expiry_is_checked_before_the_merge(server, browser):
    time.sleep(EXPIRE + 1.5)
    assert ping(server, browser, "?idleFor=0").json() == "logout"
    assert browser.get(server.url("/app/cgi/hello.cgi")).status_code == 401


def test_anonymous_gets_logout_not_a_login_page(server):
    response = requests.get(server.url(PING + "?idleFor=0"))
    assert response.status_code == 200 and response.json() == "logout"


def test_negative_idle_for_counts_as_zero(server, browser):
    time.sleep(1.2)
    assert ping(server, browser, "?idleFor=-5").json() == 0


@pytest.mark.parametrize("query", [
    "?idleFor=abc", "?idleFor=", "?idleFor=99999999999999999999",
    "?idleFor=1&idleFor=2", "?idleFor=1.5", "?idleFor=%00", "?idleFor=+3",
    "?idleFor=0x10"])
def test_bad_idle_for_is_400_and_leaves_the_session(server, browser, query):
    time.sleep(1.1)
    before = server_idle(server, browser)
    response = ping(server, browser, query)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert "error" in response.json()
    assert "Set-Cookie" not in response.headers
    assert server_idle(server, browser) >= before


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_are_405(server, browser, method):
    response = browser.request(method, server.url(PING + "?idleFor=0"))
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_head_is_allowed(server, browser):
    response = browser.head(server.url(PING + "?idleFor=0"))
    assert response.status_code == 200 and response.content == b""


@pytest.mark.parametrize("query", ["?idleFor=0", "", "?idleFor=x"])
def test_answers_are_whole_whatever_the_range(server, browser, query):
    """A JSON answer is one value: a Range must not cut it to a 206."""
    time.sleep(1.1)  # an idle time of 1: "1" is cut by bytes=1-1 to nothing
    for value in ("bytes=0-0", "bytes=1-1", "bytes=-1", "bytes=0-0,2-3"):
        response = ping(server, browser, query, headers={"Range": value})
        assert response.status_code in (200, 400), (value, response.status_code)
        assert "Content-Range" not in response.headers
        response.json()  # the whole value, or the whole error


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://evil.example"},
])
def test_cross_site_ping_is_403_and_does_not_extend(server, browser, headers):
    time.sleep(2.1)
    response = ping(server, browser, "?idleFor=0", headers=headers)
    assert response.status_code == 403
    assert server_idle(server, browser) >= 2


def test_same_origin_ping_is_accepted(server, browser):
    origin = server.base_url
    response = ping(server, browser, "?idleFor=0",
                    headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200 and response.json() == 0


def test_rejected_pings_are_logged(server, browser):
    ping(server, browser, "?idleFor=zzz")
    assert "SSEC040" in server.error_log()
