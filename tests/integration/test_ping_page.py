"""Per-location limits hold for the ping (issue 9, point 8). The tag tells
the client the page it is on (data-ping-url="...?page=/reports/x.html"), the
ping sends it back and is judged with that page's settings, when
SessionSecurity is On there and the page passes its access checks; else
with the ping location's own. ExpireAfter 4 server-wide, 8 in /reports,
3 in /strict (short timeouts for 600 / 3600 / a stricter location)."""
import html
import re
import time

import pytest

from conftest import sign_in
from httpd import Httpd

PING = "/session_security/ping"

LIMITS = """
<Location /reports>
  SessionSecurityWarnAfter 6
  SessionSecurityExpireAfter 8
</Location>
<Location /reports/secret>
  Require all denied
  SessionSecurityWarnAfter 90
  SessionSecurityExpireAfter 100
</Location>
<Location /strict>
  SessionSecurityWarnAfter 1
  SessionSecurityExpireAfter 3
</Location>
<Location /app/index.php>
  SessionSecurityWarnAfter 6
  SessionSecurityExpireAfter 8
</Location>
<Location /app/cgi/hello.cgi>
  SessionSecurityWarnAfter 6
  SessionSecurityExpireAfter 8
</Location>
<Location /open>
  SessionSecurity Off
  SessionSecurityWarnAfter 90
  SessionSecurityExpireAfter 100
</Location>
"""

PAGE = "<!doctype html><html><head><title>{0}</title></head><body>{0}</body></html>"


@pytest.fixture(scope="module")
def site():
    httpd = Httpd(warn_after=2, expire_after=4, extra_conf=LIMITS)
    httpd.start()
    for path in ("reports/x.html", "reports/a b.html", "strict/x.html",
                 "open/x.html", "index2.html"):
        httpd.write_htdocs(path, PAGE.format(path))
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


def ping_url_in(page_html):
    match = re.search(r'data-ping-url="([^"]*)"', page_html)
    assert match, page_html[:500]
    return html.unescape(match.group(1))


def open_page(site, path):
    browser = sign_in(site)
    response = browser.get(site.url(path))
    assert response.status_code == 200
    return browser, ping_url_in(response.text)


def test_the_tag_names_its_page(site):
    _, url = open_page(site, "/reports/x.html")
    assert url == PING + "?page=/reports/x.html"
    _, url = open_page(site, "/reports/a%20b.html")
    assert url == PING + "?page=/reports/a%20b.html"
    response = sign_in(site).get(site.url("/reports/x.html"))
    assert 'data-expire-after="8"' in response.text


def test_a_lenient_page_is_not_signed_out_by_its_own_ping(site):
    """Idle 5 s on a page with ExpireAfter 8: its ping keeps the session
    (the server-wide 4 s would have signed it out)."""
    reader, url = open_page(site, "/reports/x.html")
    control, _ = open_page(site, "/reports/x.html")
    time.sleep(5)
    assert reader.get(site.url(url + "&idleFor=0")).json() == 0
    assert control.get(site.url(PING + "?idleFor=0")).json() == "logout"
    # and the session really was kept: the app still runs as the user
    assert reader.get(site.url("/app/cgi/hello.cgi")).status_code == 200


def test_a_ping_never_keeps_a_session_beyond_its_pages_limit(site):
    """Idle 3.4 s on a page with ExpireAfter 3: its ping signs out (the
    server-wide 4 s would have kept it)."""
    reader, url = open_page(site, "/strict/x.html")
    control, _ = open_page(site, "/strict/x.html")
    time.sleep(3.4)
    assert reader.get(site.url(url + "&idleFor=0")).json() == "logout"
    assert reader.get(site.url("/app/cgi/hello.cgi")).status_code == 401
    assert control.get(site.url(PING + "?idleFor=0")).json() == 0


def test_a_page_behind_the_login_form_lends_its_limit(site):
    """The page lookup passes mod_auth_form's check with the session's own
    sign-in, so a page of the application lends its limit too."""
    browser = sign_in(site)
    response = browser.get(site.url("/app/cgi/hello.cgi"))
    assert response.status_code == 200
    time.sleep(5)
    answer = browser.get(site.url(PING + "?page=/app/cgi/hello.cgi&idleFor=0"))
    assert answer.json() == 0


def test_a_php_page_through_mod_actions_names_itself_not_php_cgi(site):
    """mod_actions answers /app/index.php through an internal redirect to
    /php-bin/php-cgi...: the tag still carries the page's own path and
    limits, and its ping is judged by them."""
    browser, url = open_page(site, "/app/index.php")
    assert url == PING + "?page=/app/index.php"
    assert 'data-expire-after="8"' in browser.get(site.url("/app/index.php")).text
    time.sleep(5)
    assert browser.get(site.url(url + "&idleFor=0")).json() == 0


@pytest.mark.parametrize("page", [
    "/open/x.html",            # SessionSecurity Off there
    "/reports/secret/x.html",  # the user may not open it
])
def test_a_client_cannot_pick_a_limit_of_a_page_it_cannot_be_judged_on(
        site, page):
    """Only a page with SessionSecurity On that the session may open lends
    its limit; otherwise the ping location's own (4 s) applies."""
    browser, _ = open_page(site, "/index2.html")
    time.sleep(4.3)
    answer = browser.get(site.url(PING + "?page=" + page + "&idleFor=0"))
    assert answer.json() == "logout"
    assert "SSEC032" in site.error_log()


def test_a_page_under_a_lenient_location_lends_it_only_for_its_own_limit(site):
    """Claiming /reports from anywhere is no more than opening /reports:
    past its 8 s, the ping signs out as well."""
    browser, _ = open_page(site, "/index2.html")
    time.sleep(8.2)
    answer = browser.get(site.url(PING + "?page=/reports/x.html&idleFor=0"))
    assert answer.json() == "logout"


@pytest.mark.parametrize("query", [
    "?page=reports&idleFor=0", "?page=&idleFor=0",
    "?page=/a&page=/b&idleFor=0", "?page=%2Fa%00&idleFor=0",
    "?page=%2Fa%zz&idleFor=0"])
def test_a_bad_page_is_400(site, query):
    browser = sign_in(site)
    response = browser.get(site.url(PING + query))
    assert response.status_code == 400
