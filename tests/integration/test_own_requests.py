"""Only this site's own requests count as activity (issue 9, point 4): the
ping takes Sec-Fetch-Site same-origin or none (or none at all), its Origin
must be this server's scheme, host and port; any other request from another
site, or a sibling site's subresource, is judged but never stamps."""
import re
import time

import pytest
import requests

from conftest import sign_in
from httpd import Httpd

PING = "/session_security/ping"


def server_idle(server, browser):
    return browser.get(server.url(PING)).json()


@pytest.mark.parametrize("headers", [
    {}, {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "@BASE@"},
])
def test_own_pings_are_accepted(server, browser, headers):
    headers = {k: v.replace("@BASE@", server.base_url)
               for k, v in headers.items()}
    time.sleep(1.1)
    response = browser.get(server.url(PING + "?idleFor=0"), headers=headers)
    assert response.status_code == 200 and response.json() == 0


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "something-new"},
    {"Origin": "https://@HOSTPORT@"},        # another scheme
    {"Origin": "http://127.0.0.1:1"},        # another port
    {"Origin": "http://localhost:@PORT@"},   # another host
    {"Origin": "null"},
])
def test_other_pings_get_403_and_never_extend(server, browser, headers):
    headers = {k: v.replace("@HOSTPORT@", f"127.0.0.1:{server.port}")
               .replace("@PORT@", str(server.port)) for k, v in headers.items()}
    time.sleep(2.1)
    response = browser.get(server.url(PING + "?idleFor=0"), headers=headers)
    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("application/json")
    assert server_idle(server, browser) >= 2


NOT_OWN = [
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document",
     "Sec-Fetch-Mode": "navigate"},
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "image"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "script"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "style"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "font"},
]


@pytest.mark.parametrize("headers", NOT_OWN)
def test_requests_of_other_sites_never_stamp(server, browser, headers):
    time.sleep(2.1)
    response = browser.get(server.url("/app/cgi/env.cgi"), headers=headers)
    assert response.status_code == 200  # still signed in: judged, not stamped
    assert re.search(r"^SESSION_SECURITY_IDLE=[23]$", response.text, re.M)
    assert server_idle(server, browser) >= 2


@pytest.mark.parametrize("origin", [
    "http://evil.example", "https://@HOSTPORT@", "http://127.0.0.1:1", "null"])
def test_other_sites_forms_never_stamp_in_browsers_without_sec_fetch(
        server, browser, origin):
    """A browser that predates Sec-Fetch-* still sends Origin with a
    cross-origin POST: another site's auto-submitted form must not keep the
    user signed in."""
    origin = origin.replace("@HOSTPORT@", f"127.0.0.1:{server.port}")
    time.sleep(2.1)
    response = browser.post(server.url("/app/cgi/env.cgi"), data={"a": "1"},
                            headers={"Origin": origin})
    assert response.status_code == 200  # judged, still signed in
    assert re.search(r"^SESSION_SECURITY_IDLE=[23]$", response.text, re.M)
    assert server_idle(server, browser) >= 2


def test_own_forms_stamp_in_browsers_without_sec_fetch(server, browser):
    time.sleep(2.1)
    assert browser.post(server.url("/app/cgi/env.cgi"), data={"a": "1"},
                        headers={"Origin": server.base_url}).status_code == 200
    assert server_idle(server, browser) == 0


# Navigations a person started (Sec-Fetch-User ?1): under
# SessionSecurityActivity human, the default here, a subresource or a
# navigation without a user gesture never stamps (test_human_activity.py,
# which also shows this site's own subresources stamping under `any`).
@pytest.mark.parametrize("headers", [
    {},
    {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "document",
     "Sec-Fetch-User": "?1"},
    {"Sec-Fetch-Site": "none", "Sec-Fetch-Dest": "document",
     "Sec-Fetch-User": "?1"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "document",
     "Sec-Fetch-User": "?1"},
])
def test_own_requests_and_sibling_navigations_stamp(server, browser, headers):
    time.sleep(2.1)
    assert browser.get(server.url("/app/cgi/env.cgi"),
                       headers=headers).status_code == 200
    assert server_idle(server, browser) == 0


def test_requests_of_other_sites_are_still_judged(server, browser):
    """An <img> on another site, after ExpireAfter: the session is signed
    out, and the application never runs as the user."""
    time.sleep(4.3)
    before = server.side_effects().count("cgi-env")
    response = browser.get(server.url("/app/cgi/env.cgi"), headers=NOT_OWN[2],
                           allow_redirects=False)
    assert response.status_code == 401  # the login form, not the app
    assert server.side_effects().count("cgi-env") == before
    assert server_idle(server, browser) == "logout"


def test_scheme_is_what_httpd_believes_behind_a_tls_proxy():
    """Behind a proxy that ends TLS, `ServerName https://...` makes httpd
    (ap_http_scheme) and so the Origin check take the scheme the browser
    used: the https origin is accepted, the plain one refused."""
    httpd = Httpd(warn_after=2, expire_after=4)
    httpd.extra_conf = f"ServerName https://127.0.0.1:{httpd.port}\n"
    httpd.start()
    try:
        browser = sign_in(httpd)
        hostport = f"127.0.0.1:{httpd.port}"
        ok = browser.get(httpd.url(PING + "?idleFor=0"),
                         headers={"Origin": f"https://{hostport}"})
        assert ok.status_code == 200, ok.text
        refused = browser.get(httpd.url(PING + "?idleFor=0"),
                              headers={"Origin": f"http://{hostport}"})
        assert refused.status_code == 403
    finally:
        crashes = httpd.crashes()
        httpd.cleanup()
    assert not crashes, crashes
