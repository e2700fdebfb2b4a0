"""The parts of the client (js/session-security-PART.js: the dialog, the
languages, drafts), which the script loads when a page needs them: served
from memory beside the script, under the client's one version."""
import os
import time

import pytest
import requests

from conftest import CLIENT_FILES, client_version, parts_version, sign_in
from httpd import ROOT, Httpd

JS = os.path.join(ROOT, "js")
SCRIPT, *PARTS = CLIENT_FILES
BASE = "/session_security/"
CUSTOM = """
<Location /assets>
  SessionSecurityScriptURL /assets/client.js
</Location>
"""


def read(name):
    with open(os.path.join(JS, name), "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=50, expire_after=100, extra_conf=CUSTOM)
    httpd.start()
    httpd.write_htdocs("app/page.html", "<!DOCTYPE html><html><head><title>t</title>"
                       "</head><body><p>page</p></body></html>\n")
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


def test_the_tag_names_the_clients_version(server):
    browser = sign_in(server)
    page = browser.get(server.url("/app/page.html")).text
    assert f'src="{BASE}{SCRIPT}?v={client_version()}"' in page


@pytest.mark.parametrize("name", PARTS)
def test_every_part_is_served_from_memory_under_the_version(server, name, figures):
    # no session, no cookie: the client holds no secret
    url = server.url(f"{BASE}{name}?v={parts_version()}")
    response = requests.get(url)
    assert response.status_code == 200
    assert response.content == read(name)
    # a JavaScript MIME type: browsers refuse a module script without one
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["ETag"] == f'"{parts_version()}"'
    assert "Set-Cookie" not in response.headers
    again = requests.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    head = requests.head(url)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["Content-Length"]) == len(read(name))
    assert requests.post(url).status_code == 405
    figures.append(f"{name}: {len(read(name))} bytes, "
                   f"{len(__import__('gzip').compress(read(name), 9))} gzipped")


def test_another_builds_version_gets_no_part(server):
    """A script of another build (a page loaded before an upgrade, a node of
    a cluster not yet upgraded) asks for the parts it was built with; this
    build's would not fit it (the names it shortened differ). The tag's
    version is not the script's: such a script may run under this build's
    tag, so it is no part's version either."""
    for query in ("?v=0000000000000000", "?v=", "?x=1", f"?v={parts_version()}x",
                  f"?v={client_version()}"):
        response = requests.get(server.url(f"{BASE}{PARTS[0]}{query}"))
        assert response.status_code == 404, query
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert b"createWarningDialog" not in response.content
    assert "SSEC051" in server.error_log()


def test_unversioned_parts_are_served_with_a_short_life(server):
    response = requests.get(server.url(f"{BASE}{PARTS[0]}"))
    assert response.status_code == 200 and response.content == read(PARTS[0])
    assert response.headers["Cache-Control"] == "public, max-age=300"
    # the script itself is served whatever its query (the tag is this build's)
    script = requests.get(server.url(f"{BASE}{SCRIPT}?v=0000000000000000"))
    assert script.status_code == 200 and script.content == read(SCRIPT)
    assert script.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("path", [
    f"{BASE}session-security-other.js", f"{BASE}session-security-DIALOG.js",
    f"{BASE}session-security-dialog.js.map", f"{BASE}i18n/session-security-dialog.js",
    "/other/session-security-dialog.js"])
def test_other_names_are_no_parts(server, path):
    assert requests.get(server.url(path)).status_code == 404, path


def test_served_beside_a_custom_script_url(server):
    response = requests.get(server.url(f"/assets/{PARTS[1]}?v={parts_version()}"))
    assert response.status_code == 200 and response.content == read(PARTS[1])
    assert requests.get(server.url(f"/assets/client.js?v={client_version()}")).content == read(SCRIPT)


def test_fetching_parts_is_not_activity(server):
    browser = sign_in(server)
    time.sleep(2.2)
    for name in PARTS:
        assert browser.get(server.url(f"{BASE}{name}?v={parts_version()}")).status_code == 200
    idle = browser.get(server.url("/session_security/ping")).json()
    assert idle >= 2, "the parts' requests did not count as activity"


@pytest.mark.parametrize("block,directive", [
    # the script would shadow its own part: the dialog would never load
    ("<Location /x>\n  SessionSecurityScriptURL /x/session-security-dialog.js\n</Location>",
     "SessionSecurityScriptURL"),
    ("SessionSecurityScriptURL /session-security-drafts.js", "SessionSecurityScriptURL"),
    # the ping would get the script or a part: every ping would fail
    ("<Location /x>\n  SessionSecurityPingURL /session_security/session-security-language.js\n"
     "</Location>", "SessionSecurityPingURL"),
    ("SessionSecurityScriptURL /s/client.js\nSessionSecurityPingURL /s/client.js",
     "SessionSecurityPingURL"),
])
def test_a_script_or_ping_url_that_is_a_part_fails_configtest(block, directive):
    spare = Httpd()
    try:
        status, output = spare.configtest(spare.conf_text() + block + "\n")
    finally:
        spare.cleanup()
    assert status != 0, output
    assert "SSEC101" in output and directive in output, output


def test_script_urls_beside_the_parts_pass_configtest():
    spare = Httpd()
    try:
        status, output = spare.configtest(spare.conf_text() + (
            "<Location /x>\n  SessionSecurityScriptURL /x/session-security.js\n"
            "  SessionSecurityPingURL /x/ping\n</Location>\n"
            "<Location /y>\n  SessionSecurityScriptURL /y/session-security-dialog.jsx\n</Location>\n"))
    finally:
        spare.cleanup()
    assert status == 0, output


@pytest.mark.parametrize("path", [f"{BASE}{SCRIPT}", f"{BASE}{PARTS[0]}", f"{BASE}i18n/de.json"])
@pytest.mark.parametrize("method", ["POST", "PUT", "OPTIONS", "DELETE"])
def test_other_methods_get_405_saying_get_and_head(server, path, method):
    # RFC 9110 15.5.6: a 405 lists the methods the resource takes
    response = requests.request(method, server.url(path))
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed, response.headers["Allow"]
    assert not allowed & {"POST", "PUT", "DELETE", "OPTIONS"}, response.headers["Allow"]
    assert "Set-Cookie" not in response.headers
