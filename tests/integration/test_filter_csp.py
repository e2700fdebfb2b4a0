"""Issue 10, point 4: the Content-Security-Policy that leaves httpd admits
the nonce on the client's tag, whether the application set the policy
(PHP header()) or mod_headers did after the filter wrote the tag
(`Header set ... 'nonce-%{CSP_NONCE}e'`, the nonce from SetEnv or from
mod_unique_id), and mod_deflate still compresses the page. The policies
are in tests/harness/site/conf/csp.conf; the browser side (the client runs,
no violation) is tests/browser/filter.test.mjs."""
import gzip
import os
import re

import pytest

from conftest import sign_in
from httpd import SITE, Httpd
from test_filter import client_tags

with open(os.path.join(SITE, "conf", "csp.conf")) as f:
    CSP_CONF = f.read()
EXTRA = CSP_CONF + r"""
<Location /app/plain/>
  Header set X-Frame-Options DENY
</Location>
"""
PAGE = ("<!DOCTYPE html><html><head><title>t</title></head>"
        "<body><p>hello</p></body></html>\n")


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=50, expire_after=100, extra_conf=EXTRA,
                  log_level="warn session_security:trace1")
    httpd.start()
    httpd.write_htdocs("app/plain/page.html", PAGE)
    httpd.write_htdocs("app/page.html", PAGE)
    httpd.write_htdocs("app/csp/order/page.html", PAGE)
    httpd.write_htdocs(
        "app/csp/report-only/tagged.html",
        PAGE.replace("</head>", '<script src="/x.js" data-session-security>'
                     "</script></head>"))
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.fixture(scope="module")
def browser(server):
    return sign_in(server)


def policy_nonces(header):
    """The nonces of the directive that governs <script> elements, per
    policy of the header."""
    found = []
    for policy in header.split(","):
        directives = {}
        for directive in policy.split(";"):
            parts = directive.split()
            if parts:
                directives.setdefault(parts[0].lower(), parts[1:])
        for name in ("script-src-elem", "script-src", "default-src"):
            if name in directives:
                found.append({s[7:-1] for s in directives[name]
                              if s.lower().startswith("'nonce-")})
                break
    return found


def get(browser, server, path, **headers):
    response = browser.get(server.url(path), headers={
        "Accept-Encoding": "gzip", **headers}, stream=True)
    raw = response.raw.read()
    encoded = response.headers.get("Content-Encoding") == "gzip"
    text = (gzip.decompress(raw) if encoded else raw).decode()
    return response, raw, text


def the_tag(text):
    tags = client_tags(text)
    assert len(tags) == 1, text[:500]
    return tags[0]


def test_nonce_of_the_application_header_goes_on_the_tag(server, browser):
    response, raw, text = get(browser, server, "/app/csp/php/page.php")
    policy = response.headers["Content-Security-Policy"]
    app_nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert the_tag(text)["nonce"] == app_nonce
    assert policy.count("'nonce-") == 1  # left as the application sent it
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) == len(raw)


def test_nonce_from_header_set_with_setenv(server, browser):
    response, raw, text = get(browser, server, "/app/csp/env/page.php")
    policy = response.headers["Content-Security-Policy"]
    nonce = the_tag(text)["nonce"]
    # The administrator's policy, untouched but for the tag's nonce next
    # to the one from the environment, which the page's own script uses.
    assert policy == ("default-src 'self'; script-src 'nonce-env0nce4Tests' "
                      f"'strict-dynamic' 'nonce-{nonce}'; style-src 'self'")
    assert '<script nonce="env0nce4Tests">' in text
    assert re.fullmatch(r"[A-Za-z0-9+/]{24}", nonce)
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) == len(raw)
    # A fresh nonce for every response.
    _, _, again = get(browser, server, "/app/csp/env/page.php")
    assert the_tag(again)["nonce"] != nonce


def test_fresh_nonce_per_request_from_mod_unique_id(server, browser):
    seen = set()
    for _ in range(2):
        response, _, text = get(browser, server, "/app/cgi/nonce.cgi")
        app_nonce = re.search(r'<p id="nonce">([^<]+)</p>', text).group(1)
        [nonces] = policy_nonces(response.headers["Content-Security-Policy"])
        assert nonces == {app_nonce, the_tag(text)["nonce"]}
        assert response.headers["Content-Encoding"] == "gzip"
        seen.add(app_nonce)
    assert len(seen) == 2


def test_policy_replaced_by_header_set_admits_the_tag(server, browser):
    """The application set one nonce, mod_headers another policy: every
    policy that leaves httpd admits the tag."""
    response, _, text = get(browser, server, "/app/csp/replaced/page.php")
    nonce = the_tag(text)["nonce"]
    policies = policy_nonces(response.headers["Content-Security-Policy"])
    assert policies and all(nonce in nonces for nonces in policies)
    assert "fromHeaderSet" in response.headers["Content-Security-Policy"]


def test_report_only_policy_admits_the_tag_too(server, browser):
    response, _, text = get(browser, server, "/app/csp/report-only/page.html")
    nonce = the_tag(text)["nonce"]
    assert response.headers["Content-Security-Policy-Report-Only"] == (
        f"script-src 'nonce-r3port' 'nonce-{nonce}'")


def test_policy_left_alone_when_nothing_is_inserted(server, browser):
    response, _, text = get(browser, server,
                            "/app/csp/report-only/tagged.html")
    assert text.count("data-session-security") == 1
    assert response.headers["Content-Security-Policy-Report-Only"] == (
        "script-src 'nonce-r3port'")


def test_no_nonce_without_a_policy_to_meet(server, browser):
    """Without a policy, and without mod_headers to set one later, the tag
    carries no nonce: every response of a page is the same (the benchmark
    compares the bytes with mod_substitute's)."""
    texts = {get(browser, server, "/app/page.html")[2] for _ in range(2)}
    assert len(texts) == 1
    assert "nonce" not in the_tag(texts.pop())


def test_nonce_kept_to_the_tag_when_mod_headers_sets_no_policy(server,
                                                               browser):
    """Where mod_headers may still set a policy, the tag gets a nonce;
    when it sets none, no policy is made up."""
    response, _, text = get(browser, server, "/app/plain/page.html")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in response.headers
    assert re.fullmatch(r"[A-Za-z0-9+/]{24}", the_tag(text)["nonce"])


def test_fixup_runs_after_deflate(server, browser):
    """Why the header is edited rather than read before writing the tag:
    mod_headers' FIXUP_HEADERS_OUT runs after DEFLATE has encoded the body
    (it already sees DEFLATE's Content-Encoding)."""
    response, _, _ = get(browser, server, "/app/csp/order/page.html")
    assert response.headers["X-Seen-Encoding"] == "gzip"
