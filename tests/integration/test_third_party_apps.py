"""Applications nobody here wrote, from Debian's packages, behind
mod_auth_form and the module (WarnAfter 2, ExpireAfter 4): nagios4-cgi
(REMOTE_USER, self-reloading status pages), cgit over a repository made by
the harness, phpsysinfo (PHP). Their real pages get exactly one client tag
and their own scripts and styles load; their non-HTML responses are
byte-identical to those with SessionSecurityInject Off (the harness turns it
off for requests with `X-Test-Inject: off`);
after the idle time the next request does not reach them as the user.
Run from their installed files (tests/harness/apps.py)."""
import json
import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from apps import NAGIOS_REFRESH
from conftest import EXPIRE, sign_in
from httpd import Httpd

TAG = re.compile(r"<script\b[^>]*\bdata-session-security\b", re.I)

# Pages of each application: (path, text only the signed-in app shows).
PAGES = {
    "nagios": [
        ("/app/nagios4/cgi-bin/status.cgi?host=all", "Logged in as <i>demo</i>"),
        ("/app/nagios4/cgi-bin/tac.cgi", "Logged in as <i>demo</i>"),
        ("/app/nagios4/cgi-bin/extinfo.cgi?type=1&host=web1", "Web server one"),
        ("/app/nagios4/", "Nagios"),
    ],
    "cgit": [
        ("/app/cgit/", "a repository made by the tests"),
        ("/app/cgit/demo/", "Second commit"),
        ("/app/cgit/demo/log/", "First commit"),
        ("/app/cgit/demo/tree/src/hello.c", "puts"),
        ("/app/cgit/demo/diff/", "Second line."),
    ],
    "phpsysinfo": [
        ("/app/phpsysinfo/", "phpSysInfo"),
        ("/app/phpsysinfo/index.php?disp=static", "phpSysInfo"),
    ],
}
# Non-HTML answers of each application, besides the assets its pages load.
NON_HTML = {
    "nagios": ["/app/nagios4/images/favicon.ico",
               "/app/nagios4/cgi-bin/statusjson.cgi?query=hostlist"],
    "cgit": ["/app/cgit/demo/plain/README", "/app/cgit/demo/plain/src/hello.c",
             "/app/cgit/demo/patch/", "/app/cgit/demo/atom/",
             "/app/cgit/demo/snapshot/demo-main.tar.gz",
             "/app/cgit-static/cgit.png"],
    "phpsysinfo": ["/app/phpsysinfo/xml.php", "/app/phpsysinfo/xml.php?json",
                   "/app/phpsysinfo/phpsysinfo.xslt"],
}
# Answers that change from one request to the next (times, load, uptime):
# compared without their changing parts.
DYNAMIC = {
    "/app/nagios4/cgi-bin/statusjson.cgi?query=hostlist":
        re.compile(rb'"(query_time|last_data_update|program_start)": \d+'),
    "/app/phpsysinfo/xml.php": None,
    "/app/phpsysinfo/xml.php?json": None,
}


class Assets(HTMLParser):
    """The scripts, styles and images a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").lower() \
                and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"])


def assets_of(base, html):
    parser = Assets()
    parser.feed(html)
    own = []
    for url in parser.urls:
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.netloc != urlsplit(base).netloc:
            continue  # nothing external is loaded by these pages anyway
        if parts.path.startswith("/session_security/"):
            continue  # the module's own script
        own.append(absolute)
    return own


INJECT_OFF = {"X-Test-Inject": "off"}


STATUS_CONF = """
<Location /server-status>
  SetHandler server-status
  SessionSecurity Off
  Require all granted
</Location>
"""


@pytest.fixture(scope="module")
def apps_server(figures):
    httpd = Httpd(warn_after=2, expire_after=EXPIRE, apps=True,
                  modules=["status"], extra_conf=STATUS_CONF)
    httpd.start()
    yield httpd
    report = requests.get(httpd.url("/server-status?auto"), timeout=10).text
    figures.append("server-status counters after test_third_party_apps.py: "
                   + " ".join(f"{m.group(1)}={m.group(2)}" for m in re.finditer(
                       r"^SessionSecurity(\w+): (\d+)$", report, re.M)))
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.fixture
def user(apps_server):
    b = sign_in(apps_server)
    yield b
    b.close()


@pytest.mark.parametrize("app", sorted(PAGES))
def test_pages_get_one_tag_and_their_assets_load(apps_server, user, app):
    seen = set()
    for path, marker in PAGES[app]:
        page = user.get(apps_server.url(path), allow_redirects=False)
        assert page.status_code == 200, (path, page.status_code, page.text[:300])
        assert page.headers["Content-Type"].startswith("text/html"), path
        assert marker in page.text, (path, page.text[:500])
        assert len(TAG.findall(page.text)) == 1, (path, TAG.findall(page.text))
        # The same page with insertion off: identical but for the tag.
        plain = user.get(apps_server.url(path), allow_redirects=False,
                         headers=INJECT_OFF)
        assert plain.status_code == 200, path
        assert not TAG.search(plain.text)
        assert len(plain.text) < len(page.text)
        for asset in assets_of(page.url, page.text):
            if asset in seen:
                continue
            seen.add(asset)
            got = user.get(asset, allow_redirects=False)
            assert got.status_code == 200, (path, asset, got.status_code)
            assert not TAG.search(got.text), asset
    assert seen, f"{app}: its pages load no script or style of their own"


@pytest.mark.parametrize("app", sorted(PAGES))
def test_non_html_answers_are_byte_identical_to_insertion_off(
        apps_server, user, app):
    urls = [apps_server.url(u) for u in NON_HTML[app]]
    for path, _ in PAGES[app]:
        page = user.get(apps_server.url(path))
        urls += [u for u in assets_of(page.url, page.text) if u not in urls]
    compared = 0
    for url in urls:
        path = url[len(apps_server.base_url):]
        on = user.get(url, allow_redirects=False)
        off = user.get(url, allow_redirects=False, headers=INJECT_OFF)
        assert on.status_code == off.status_code == 200, (path, on.status_code)
        assert not on.headers["Content-Type"].startswith("text/html"), path
        assert on.headers["Content-Type"] == off.headers["Content-Type"], path
        assert not TAG.search(on.text), path
        if path in DYNAMIC:
            pattern = DYNAMIC[path]
            if pattern is None:  # load and uptime: check it parses
                if "json" in path:
                    json.loads(on.content)
                else:
                    assert on.content.lstrip().startswith(b"<?xml"), path
                continue
            assert pattern.sub(b"", on.content) == pattern.sub(b"", off.content)
        else:
            assert on.content == off.content, path
        compared += 1
    assert compared >= 3, urls


def test_nagios_status_page_reloads_itself_unchanged(apps_server, user):
    page = user.get(apps_server.url("/app/nagios4/cgi-bin/status.cgi?host=all"))
    assert page.headers.get("Refresh") == str(NAGIOS_REFRESH)
    assert f"Updated every {NAGIOS_REFRESH} seconds" in page.text


def test_after_the_idle_time_the_next_request_is_not_the_user(apps_server):
    """One idle period for the three: each browser loaded a page, then the
    next request (Nagios' own reload, after its refresh_rate) comes after
    ExpireAfter."""
    browsers = {}
    for app, pages in PAGES.items():
        b = sign_in(apps_server)
        path, marker = pages[0]
        first = b.get(apps_server.url(path))
        assert marker in first.text, app
        browsers[app] = (b, path, marker)
    time.sleep(max(EXPIRE + 1, NAGIOS_REFRESH))
    for app, (b, path, marker) in browsers.items():
        again = b.get(apps_server.url(path), allow_redirects=False)
        assert again.status_code == 401, (app, again.status_code)
        assert marker not in again.text, app
        assert "httpd_password" in again.text  # the login form instead
        b.close()
    log = apps_server.error_log()
    assert not re.search(r"AH01215|Premature end", log), log[-2000:]
