"""The dialog's languages on the server side: the built-in language files
served from memory beside the client script, and SessionSecurityText per
language in the tag."""
import hashlib
import html.parser
import json
import os
import subprocess
import time

import pytest
import requests

from conftest import sign_in
from httpd import ROOT, Httpd

I18N = os.path.join(ROOT, "js", "i18n")
LANGUAGES = sorted(name[:-5] for name in os.listdir(I18N) if name.endswith(".json"))
BASE = "/session_security/i18n/"
OVERRIDES = """
SessionSecurityText stay "Keep going"
SessionSecurityText de title "Ihre Sitzung endet gleich"
SessionSecurityText pt-BR title-warning "Saindo em {seconds} s"
<Location /app/cgi>
  SessionSecurityText de title "Die Sitzung der CGI-App endet"
</Location>
<Location /assets>
  SessionSecurityScriptURL /assets/client.js
</Location>
"""


def texts_version():
    files = sorted(os.path.join(I18N, name) for name in os.listdir(I18N)
                   if name.endswith(".json"))
    return subprocess.run(["sh", os.path.join(ROOT, "scripts", "embed-i18n.sh"),
                           "--version", *files], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=50, expire_after=100, extra_conf=OVERRIDES)
    httpd.start()
    httpd.write_htdocs("app/page.html",
                       "<!DOCTYPE html><html lang=de><head><title>t</title></head>"
                       "<body><p>Seite</p></body></html>\n")
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


def read(code):
    with open(os.path.join(I18N, f"{code}.json"), "rb") as f:
        return f.read()


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_is_served_from_memory(server, code):
    # no session, no cookie: the texts are public
    response = requests.get(server.url(f"{BASE}{code}.json"))
    assert response.status_code == 200
    assert response.content == read(code)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["ETag"] == '"' + hashlib.sha256(read(code)).hexdigest()[:16] + '"'
    assert "Set-Cookie" not in response.headers
    json.loads(response.content)


def test_versioned_texts_are_cached_for_a_year_others_briefly(server, figures):
    version = texts_version()
    versioned = requests.get(server.url(f"{BASE}de.json?v={version}"))
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for query in ("", "?v=0000000000000000", "?x=1"):
        response = requests.get(server.url(f"{BASE}de.json{query}"))
        assert response.headers["Cache-Control"] == "public, max-age=300", query
    again = requests.get(server.url(f"{BASE}de.json?v={version}"),
                         headers={"If-None-Match": versioned.headers["ETag"]})
    assert again.status_code == 304
    sizes = ", ".join(
        f"{code} {len(read(code))}/{len(__import__('gzip').compress(read(code), 9))}"
        for code in LANGUAGES)
    figures.append(f"language files, bytes raw/gzip -9: {sizes}")


def test_language_names_ignore_case(server):
    response = requests.get(server.url(f"{BASE}pt-br.json"))
    assert response.status_code == 200 and response.content == read("pt-BR")


@pytest.mark.parametrize("path", [
    f"{BASE}xx.json", f"{BASE}de-AT.json", f"{BASE}de.js", f"{BASE}.json",
    f"{BASE}de.json.bak", f"{BASE}%2e%2e.json", "/other/i18n/de.json"])
def test_unknown_languages_and_other_paths_are_not_found(server, path):
    response = requests.get(server.url(path))
    assert response.status_code == 404, path
    if path.startswith(BASE + "xx"):
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_only_get_and_head(server):
    assert requests.post(server.url(f"{BASE}de.json")).status_code == 405
    head = requests.head(server.url(f"{BASE}de.json"))
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["Content-Length"]) == len(read("de"))


def test_served_beside_a_custom_script_url(server):
    assert requests.get(server.url("/assets/i18n/fr.json")).content == read("fr")
    assert requests.get(server.url(f"{BASE}fr.json")).status_code == 200


def test_fetching_texts_is_not_activity(server):
    browser = sign_in(server)
    time.sleep(2.2)
    for _ in range(3):
        browser.get(server.url(f"{BASE}de.json"))
    idle = browser.get(server.url("/session_security/ping")).json()
    assert idle >= 2, "the texts' requests did not count as activity"


class TagFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and any(k == "data-session-security" for k, _ in attrs):
            self.tags.append(dict(attrs))


def tag_of(text):
    finder = TagFinder()
    finder.feed(text)
    assert len(finder.tags) == 1, text[:500]
    return finder.tags[0]


def test_language_texts_reach_the_tag_innermost_first(server):
    browser = sign_in(server)
    tag = tag_of(browser.get(server.url("/app/page.html")).text)
    assert tag["data-text-de-title"] == "Ihre Sitzung endet gleich"
    assert tag["data-text-pt-br-title-warning"] == "Saindo em {seconds} s"
    assert tag["data-text-stay"] == "Keep going"
    assert tag["data-confirm-form-discard"] == ""  # the client's language
    cgi = tag_of(browser.get(server.url("/app/cgi/hello.cgi")).text)
    assert cgi["data-text-de-title"] == "Die Sitzung der CGI-App endet"
    assert cgi["data-text-pt-br-title-warning"] == "Saindo em {seconds} s"


def test_tag_size_with_and_without_language_texts(server, figures):
    plain = Httpd(warn_after=50, expire_after=100)
    with plain:
        plain.write_htdocs("app/page.html",
                           "<!DOCTYPE html><html><head><title>t</title></head></html>\n")
        base = tag_of(sign_in(plain).get(plain.url("/app/page.html")).text)
    with_texts = tag_of(sign_in(server).get(server.url("/app/page.html")).text)

    def size(tag):
        return len("".join(f' {k}="{v}"' for k, v in tag.items() if v is not None))

    per_language = {k: v for k, v in with_texts.items() if k.startswith("data-text-")
                    and k.count("-") >= 3 and k != "data-text-title-warning"}
    added = sum(len(f' {k}="{v}"'.encode()) for k, v in per_language.items())
    assert len(per_language) == 2
    figures.append(
        f"tag attributes: {size(base)} bytes by default; 2 per-language texts "
        f"(SessionSecurityText de title, pt-BR title-warning) add {added} bytes "
        f"(about 20 + the text each); the built-in translations add none")
