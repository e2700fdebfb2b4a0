"""The signed-out notice where the person lands: with the demo's settings
(LogoutURL /logout, mod_auth_form's logout handler, which sends the browser
on to /signed-out.shtml), a browser signed out for inactivity lands on a
page that says so, whichever way it left; one that signed out itself, or
comes back later, does not."""
import time

import pytest

from conftest import EXPIRE, WARN, sign_in
from httpd import Httpd

NOTICE = 'id="expired"'
PLAIN = 'id="signed-out"'


@pytest.fixture(scope="module")
def demo():
    httpd = Httpd(warn_after=WARN, expire_after=EXPIRE, logout_url="/logout")
    httpd.start()
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


def landing(browser, response):
    assert response.status_code == 200, response.text[:300]
    assert response.url.endswith("/signed-out.shtml"), response.url
    return response.text


def test_signed_out_for_inactivity_lands_on_a_page_that_says_so(demo):
    by_page = sign_in(demo)   # comes back to a page: the server redirects
    by_client = sign_in(demo)  # its client pings, hears "logout", leaves
    late = sign_in(demo)       # goes past the deadline, then signs out
    time.sleep(EXPIRE + 1.2)

    text = landing(by_page, by_page.get(demo.url("/app/")))
    assert NOTICE in text and PLAIN not in text
    # once: a reload of the landing page is an ordinary visit
    again = landing(by_page, by_page.get(demo.url("/signed-out.shtml")))
    assert NOTICE not in again and PLAIN in again

    assert by_client.get(demo.url("/session_security/ping")).json() == "logout"
    text = landing(by_client, by_client.get(demo.url("/logout")))
    assert NOTICE in text

    text = landing(late, late.get(demo.url("/logout")))
    assert NOTICE in text, "the logout URL itself found the session expired"


def test_signing_out_oneself_shows_no_inactivity_notice(demo):
    browser = sign_in(demo)
    assert browser.get(demo.url("/app/")).status_code == 200
    text = landing(browser, browser.get(demo.url("/logout")))
    assert PLAIN in text and NOTICE not in text
    # and the session is gone
    assert browser.get(demo.url("/app/"), allow_redirects=False).status_code == 401


REWRITE = """
<Location /logout>
  AuthFormLogoutLocation /goodbye.html
</Location>
# A static landing page without SSI: mod_rewrite's per-directory rules run
# after the module has set the variable.
<Location /goodbye.html>
  RewriteEngine On
  RewriteCond %{ENV:SESSION_SECURITY_EXPIRED} =1
  RewriteRule ^ /goodbye-inactive.html [L]
</Location>
"""


def test_a_static_landing_page_through_mod_rewrite():
    with Httpd(warn_after=WARN, expire_after=EXPIRE, logout_url="/logout",
               modules=["rewrite"], extra_conf=REWRITE) as httpd:
        httpd.write_htdocs("goodbye.html", "<p>You have signed out.</p>\n")
        httpd.write_htdocs("goodbye-inactive.html",
                           "<p>Signed out after a while without activity.</p>\n")
        idle, active = sign_in(httpd), sign_in(httpd)
        assert "You have signed out" in active.get(httpd.url("/logout")).text
        time.sleep(EXPIRE + 1.2)
        response = idle.get(httpd.url("/app/"))
        assert response.url.endswith("/goodbye.html")
        assert "without activity" in response.text
        assert "You have signed out" in idle.get(httpd.url("/goodbye.html")).text
        assert not httpd.crashes()
