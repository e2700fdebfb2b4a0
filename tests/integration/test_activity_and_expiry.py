"""Activity, expiry and what the application sees (SPEC 2 and 4), against
a real httpd with WarnAfter 2 s and ExpireAfter 4 s."""
import base64
import re
import time

import requests

from conftest import EXPIRE, sign_in

# A margin on every timing: the stamp has a resolution of one second and
# the machine is shared.
PAST_EXPIRY = EXPIRE + 1.5


def effects_after(server, before):
    return server.side_effects()[len(before):]


def test_signed_in_user_reaches_php_and_cgi(server, browser):
    page = browser.get(server.url("/app/"))
    assert page.status_code == 200
    assert '<strong id="user">demo</strong>' in page.text
    cgi = browser.get(server.url("/app/cgi/hello.cgi"))
    assert cgi.status_code == 200 and "Hello from a CGI script" in cgi.text


def test_expired_user_never_runs_cgi_or_php(server, browser):
    time.sleep(PAST_EXPIRY)
    before = server.side_effects()
    cgi = browser.get(server.url("/app/cgi/hello.cgi"), allow_redirects=False)
    assert cgi.status_code == 401
    assert 'name="httpd_password"' in cgi.text  # mod_auth_form's login form
    php = browser.get(server.url("/app/"), allow_redirects=False)
    assert php.status_code == 401
    assert effects_after(server, before) == []


def test_expiry_clears_the_whole_session(server, browser):
    time.sleep(PAST_EXPIRY)
    response = browser.get(server.url("/app/cgi/hello.cgi"))
    set_cookies = response.headers.get("Set-Cookie", "")
    assert "session=;" in set_cookies and "Max-Age=0" in set_cookies
    # Signing in again is needed: the old cookie no longer works either.
    assert browser.get(server.url("/app/")).status_code == 401


def test_browsing_without_javascript_keeps_the_session(server, browser):
    # Requests 1.5 s apart for three times ExpireAfter: never signed out.
    end = time.monotonic() + 3 * EXPIRE
    while time.monotonic() < end:
        response = browser.get(server.url("/app/cgi/hello.cgi"))
        assert response.status_code == 200
        time.sleep(1.5)


def test_passive_location_does_not_extend(server, browser):
    before = server.side_effects()
    end = time.monotonic() + PAST_EXPIRY
    while time.monotonic() < end:
        poll = browser.get(server.url("/app/cgi/poll.cgi"))
        if poll.status_code != 200:
            break
        time.sleep(1)
    # Polling all along did not keep the user signed in.
    assert browser.get(server.url("/app/cgi/hello.cgi")).status_code == 401
    assert "cgi-poll" in effects_after(server, before)


def test_ping_with_small_idle_for_keeps_the_session(server, browser):
    end = time.monotonic() + 3 * EXPIRE
    while time.monotonic() < end:
        time.sleep(1.5)
        ping = browser.get(server.url("/session_security/ping?idleFor=0"))
        assert ping.status_code == 200 and ping.json() != "logout"
    assert browser.get(server.url("/app/cgi/hello.cgi")).status_code == 200


def test_tampered_cookie_is_anonymous(server, browser):
    cookie = browser.cookies.get("session")
    raw = bytearray(base64.b64decode(cookie + "=" * (-len(cookie) % 4)))
    raw[len(raw) // 2] ^= 0x01
    tampered = base64.b64encode(bytes(raw)).decode()
    for value in (tampered, cookie[:-8], "garbage", "user=demo&_session_security=9999999999"):
        other = requests.Session()
        other.cookies.set("session", value)
        before = server.side_effects()
        response = other.get(server.url("/app/cgi/hello.cgi"),
                             allow_redirects=False)
        assert response.status_code == 401, value
        assert effects_after(server, before) == []


def test_script_request_gets_401_json(server, browser):
    time.sleep(PAST_EXPIRY)
    response = browser.get(server.url("/app/cgi/hello.cgi"),
                           headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "signed_out", "reason": "inactivity"}


def test_app_sees_idle_time_and_expired_mark(server, browser):
    browser.get(server.url("/app/cgi/env.cgi"))
    time.sleep(2.2)
    env = browser.get(server.url("/app/cgi/env.cgi")).text
    idle = dict(line.split("=", 1) for line in env.split())
    assert 2 <= int(idle["SESSION_SECURITY_IDLE"]) <= 3
    assert "PASSWORD_LEAKED=1" not in env
    assert "HTTP_SESSION" not in env  # the session itself is not exposed
    time.sleep(PAST_EXPIRY)
    expired = browser.get(server.url("/app/cgi/env.cgi"))
    assert expired.status_code == 401
    assert 'id="expired"' in expired.text  # the login page says why
    # ... and the browser's next request still knows, once.
    again = browser.get(server.url("/app/"))
    assert 'id="expired"' in again.text
    third = browser.get(server.url("/app/"))
    assert 'id="expired"' not in third.text


def test_client_cannot_forge_the_signals(server, browser):
    env = browser.get(server.url("/app/cgi/env.cgi"), headers={
        "X-Session-Security-Idle": "12345",
        "X-Session-Security-Expired": "1"}).text
    assert "12345" not in env
    assert "SESSION_SECURITY_EXPIRED" not in env


def test_proxied_backend_gets_headers_not_the_session(server, browser):
    time.sleep(1.1)
    response = browser.get(server.url("/app/proxied/headers.cgi"))
    assert response.status_code == 200
    # 1 s and a little more since the sign-in (2 on a slow machine: the
    # stamp is in whole seconds).
    idle = re.search(r"HTTP_X_SESSION_SECURITY_IDLE=(\d+)", response.text)
    assert idle and 1 <= int(idle.group(1)) <= 2, response.text
    assert "PASSWORD_LEAKED" not in response.text


def test_post_is_replayed_after_signing_in_again(server, browser):
    time.sleep(PAST_EXPIRY)
    before = server.side_effects()
    lost = browser.post(server.url("/app/cgi/note.cgi"), data={"note": "typed"})
    assert lost.status_code == 401 and 'name="httpd_password"' in lost.text
    assert effects_after(server, before) == []
    # The login form posts back with the kept request (mod_auth_form's
    # httpd_method/httpd_mimetype/httpd_body): the note is saved then.
    again = browser.post(server.url("/app/cgi/note.cgi"), data={
        "httpd_username": server.user, "httpd_password": server.password,
        "httpd_method": "POST",
        "httpd_mimetype": "application/x-www-form-urlencoded",
        "httpd_body": "note=typed+text"})
    assert again.status_code == 200 and 'id="saved"' in again.text
    assert effects_after(server, before) == ["cgi-note:note=typed+text"]


def test_stamp_rewrites_are_throttled(server, browser):
    # ExpireAfter 4 gives a resolution of 1 s: requests within the same
    # second rewrite the cookie at most once.
    time.sleep(1.1)
    rewrites = 0
    start = time.time()
    for _ in range(10):
        response = browser.get(server.url("/app/cgi/hello.cgi"))
        rewrites += "session=" in response.headers.get("Set-Cookie", "")
    elapsed = time.time() - start
    assert rewrites <= 1 + int(elapsed), (rewrites, elapsed)


def test_logout_url_redirect(tmp_path):
    from httpd import Httpd
    with Httpd(warn_after=1, expire_after=2, logout_url="/?signed-out") as s:
        b = sign_in(s)
        time.sleep(3.5)
        response = b.get(s.url("/app/cgi/hello.cgi"), allow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/?signed-out")
        assert not s.crashes()


def test_max_lifetime_signs_out_an_active_user():
    from httpd import Httpd
    with Httpd(warn_after=8, expire_after=10,
               extra_conf="SessionSecurityMaxLifetime 3\n") as s:
        b = sign_in(s)
        statuses = []
        for _ in range(6):
            statuses.append(b.get(s.url("/app/cgi/hello.cgi"),
                                  allow_redirects=False).status_code)
            time.sleep(1)
        assert statuses[0] == 200
        assert 401 in statuses and statuses[-1] == 401
        assert "SSEC020" in s.error_log() and "lifetime" in s.error_log()


def test_logout_handler_signs_out(server, browser):
    # The client's "Sign out now" goes to the logout URL: mod_auth_form's
    # form-logout-handler there must end the session.
    response = browser.get(server.url("/logout"), allow_redirects=False)
    assert response.status_code == 307
    assert browser.get(server.url("/app/cgi/hello.cgi"),
                       allow_redirects=False).status_code == 401


def lifetime_left(page_html):
    found = re.search(r' data-lifetime-left="(\d+)"', page_html)
    return int(found.group(1)) if found else None


def test_tag_carries_the_lifetime_left_counted_from_sign_in():
    # The warning before MaxLifetime needs the deadline in the page, with no
    # extra request: whole seconds left, rounded up, from the sign-in stamp.
    from httpd import Httpd
    with Httpd(warn_after=8, expire_after=10,
               extra_conf="SessionSecurityMaxLifetime 6\n") as s:
        signed_in_at = time.monotonic()
        b = sign_in(s)
        first = lifetime_left(b.get(s.url("/app/")).text)
        time.sleep(2.2)
        later = lifetime_left(b.get(s.url("/app/")).text)
        elapsed = time.monotonic() - signed_in_at
        assert first is not None and later is not None
        assert 5 <= first <= 6
        # counted down from the same sign-in, not from the last request
        assert later <= first - 2 and later >= 6 - elapsed - 0.5
    with Httpd(warn_after=8, expire_after=10) as s:
        assert lifetime_left(sign_in(s).get(s.url("/app/")).text) is None
