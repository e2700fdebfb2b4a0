"""Drafts (issue 12, part 1): the key endpoint beside the ping. GET only,
this site's own requests only, a signed-in and unexpired session only, a
key per user, no-store, and fetching it is no activity."""
import os
import re
import subprocess
import time

import pytest
import requests

from conftest import EXPIRE, WARN
from httpd import Httpd

KEY = "/session_security/draft-key"
PING = "/session_security/ping"
SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef"
OTHER, OTHER_PASSWORD = "other-user", "other-password"


def drafts_conf(root):
    path = os.path.join(root, "draft-secret")
    with open(path, "w") as f:
        f.write(SECRET + "\n")
    return f"""
SessionSecurityKeepDrafts On
SessionSecurityDraftSecret {path}
SessionSecurityDraftLifetime 600
"""


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=WARN, expire_after=EXPIRE)
    httpd.conf_text()  # prepares the root
    httpd.extra_conf = drafts_conf(httpd.root)
    subprocess.run(["htpasswd", "-b", "-B", os.path.join(httpd.root,
                                                          "htpasswd"),
                    OTHER, OTHER_PASSWORD], check=True, capture_output=True)
    httpd.start()
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, f"crash in the error log: {crashes}"


def sign_in(server, user=None, password=None):
    browser = requests.Session()
    response = browser.post(server.url("/app/"), data={
        "httpd_username": user or server.user,
        "httpd_password": password or server.password},
        allow_redirects=False)
    assert response.status_code == 200, response.text[:300]
    return browser


def key_of(server, browser, **kwargs):
    return browser.get(server.url(KEY), allow_redirects=False, **kwargs)


def test_signed_in_user_gets_a_key_not_to_be_stored(server):
    response = key_of(server, sign_in(server))
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"].startswith("application/json")
    key = response.json()["key"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key), key


def test_the_same_user_gets_the_same_key_and_another_user_another(server):
    first = key_of(server, sign_in(server)).json()["key"]
    again = key_of(server, sign_in(server)).json()["key"]
    other = key_of(server, sign_in(server, OTHER, OTHER_PASSWORD)).json()
    assert first == again
    assert other["key"] != first


def test_the_key_is_the_documented_derivation(server):
    import base64
    import hashlib
    import hmac
    expected = base64.urlsafe_b64encode(hmac.new(
        SECRET.encode(), b"mod_session_security drafts v1\0" +
        server.user.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    assert key_of(server, sign_in(server)).json()["key"] == expected


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "HEAD"])
def test_only_get(server, method):
    browser = sign_in(server)
    response = browser.request(method, server.url(KEY),
                               allow_redirects=False)
    assert response.status_code == 405
    assert '"key"' not in response.text


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "http://127.0.0.1:1"},
    {"Origin": "null"},
])
def test_other_sites_get_403(server, headers):
    response = key_of(server, sign_in(server), headers=headers)
    assert response.status_code == 403
    assert "key" not in response.json()


def test_anonymous_gets_no_key(server):
    response = requests.get(server.url(KEY), allow_redirects=False)
    assert response.status_code == 401
    assert response.json() == {"error": "signed_out"}
    assert response.headers["Cache-Control"] == "no-store"


def test_expired_session_gets_no_key_and_is_signed_out(server):
    browser = sign_in(server)
    time.sleep(EXPIRE + 1.2)
    response = key_of(server, browser)
    assert response.status_code == 401
    assert response.json() == {"error": "signed_out"}
    # The sign-out was saved: the page asks to sign in again.
    assert browser.get(server.url(PING)).json() == "logout"


def test_fetching_the_key_never_stamps(server):
    browser = sign_in(server)
    time.sleep(2.2)
    cookie = browser.cookies.get("session")
    assert key_of(server, browser).status_code == 200
    assert browser.cookies.get("session") == cookie  # nothing was written
    assert browser.get(server.url(PING)).json() >= 2


def test_the_page_tag_tells_of_drafts_but_holds_no_key(server):
    browser = sign_in(server)
    page = browser.get(server.url("/app/")).text
    tag = re.search(r"<script[^>]*data-session-security[^>]*>", page).group(0)
    assert 'data-drafts="600"' in tag
    assert f'data-draft-key-url="{KEY}"' in tag
    key = key_of(server, browser).json()["key"]
    assert key not in page and SECRET not in page


def test_off_by_default_the_url_is_not_the_modules():
    with Httpd() as httpd:
        browser = sign_in(httpd)
        assert key_of(httpd, browser).status_code == 404
        page = browser.get(httpd.url("/app/")).text
        assert "data-drafts" not in page


@pytest.fixture(scope="module")
def spare():
    httpd = Httpd()
    yield httpd
    httpd.cleanup()


def test_keep_drafts_without_a_secret_fails_configtest(spare):
    status, output = spare.configtest(spare.conf_text() + """
<Location /app/notes>
  SessionSecurityKeepDrafts On
</Location>
""")
    assert status != 0, output
    assert "SessionSecurityDraftSecret" in output, output


@pytest.mark.parametrize("content,message", [
    ("short\n", "at least 32"),
    ("x" * 40 + "\0" + "y", "NUL"),
])
def test_bad_secret_files_fail_configtest(spare, content, message):
    path = os.path.join(spare.root, "bad-secret")
    with open(path, "w") as f:
        f.write(content)
    status, output = spare.configtest(
        spare.conf_text() + f"SessionSecurityDraftSecret {path}\n")
    assert status != 0 and "SessionSecurityDraftSecret" in output, output
    assert message in output, output


def test_missing_secret_file_fails_configtest(spare):
    status, output = spare.configtest(
        spare.conf_text() + "SessionSecurityDraftSecret /nonexistent/secret\n")
    assert status != 0 and "SessionSecurityDraftSecret" in output, output
