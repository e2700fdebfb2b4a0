"""The output filter that inserts the client (SPEC 6, issue 3), against a
real httpd: static files, CGI streaming, PHP with flush() and with its own
gzip, mod_deflate after the filter, and every case that must stay
untouched."""
import gzip
import html.parser
import os
import socket
import time
import xml.etree.ElementTree

import pytest
import requests

from conftest import client_version, sign_in
from httpd import ROOT, Httpd

PAGE = ("<!DOCTYPE html><html><head><title>t</title></head>"
        "<body><p>hello</p></body></html>\n")
EXTRA = r"""
<Location /app/deflated/>
  SetOutputFilter DEFLATE
</Location>
<Location /app/passive/>
  SessionSecurityPassive On
</Location>
<Location /app/noinject/>
  SessionSecurityInject Off
</Location>
<Location /app/hostile/>
  SessionSecurityLogoutURL "/bye?a=\"><x>"
  SessionSecurityText title "It's <b>\"late\"</b> & over"
</Location>
"""


# Issue 10: "</head>" and "</body>" where they are not end tags to a
# browser (an attribute value escaped the usual way, RCDATA, an empty
# comment), and the module's name as text.
HOSTILE = (
    '<!DOCTYPE html><html><head><!--><!--->'
    '<meta name="description" content="Results for </head><img src=x onerror=alert(1)>">'
    "<title></head> data-session-security</title>"
    "</head><body><form><textarea></body></textarea></form>"
    "<p>data-session-security</p></body></html>\n"
)

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>XHTML</title></head>
<body><p>An application serving XHTML.</p></body></html>
"""


class TagFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "data-session-security" in attrs:
            self.tags.append(attrs)


def client_tags(text):
    finder = TagFinder()
    finder.feed(text)
    return finder.tags


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=50, expire_after=100, extra_conf=EXTRA)
    httpd.start()
    files = {
        "app/page.html": PAGE,
        "app/body-only.html": "<html><body><p>x</p></body></html>\n",
        "app/no-anchor.html": "<p>a fragment </hea with no anchor</p>\n",
        "app/tagged.html": PAGE.replace(
            "</head>", '<script src="/x.js" data-session-security></script></head>'),
        "app/hostile.html": HOSTILE,
        "app/page.xhtml": XHTML,
        "app/notes.txt": "plain text with </head> inside\n",
        "app/data.json": '{"html": "</head>"}\n',
        "app/deflated/page.html": PAGE,
        "app/passive/page.html": PAGE,
        "app/hostile/page.html": PAGE,
        "index.html": PAGE,
        "app/flush.php": "<?php while (ob_get_level()) ob_end_flush();\n"
                         "echo '<!DOCTYPE html><html><head><title>f</title></he';\n"
                         "flush(); sleep(2);\n"
                         "echo 'ad><body>flushed</body></html>';\n",
        "app/gzip.php": "<?php ob_start('ob_gzhandler'); ?>" + PAGE,
        "app/attachment.php": "<?php header('Content-Disposition: attachment; "
                              "filename=page.html'); ?>" + PAGE,
        "app/csp-nonce.php": "<?php header(\"Content-Security-Policy: "
                             "script-src 'self' 'nonce-abc123'\"); ?>" + PAGE,
        "app/csp-default.php": "<?php header(\"Content-Security-Policy: "
                               "default-src 'self' 'nonce-Zm9v'; img-src *\"); ?>"
                               + PAGE,
        "app/not-found.php": "<?php http_response_code(404); ?>" + PAGE,
        "app/plain.php": "<?php ?>" + PAGE,
        "app/noinject/page.html": PAGE,
        "app/noinject/page.php": "<?php ?>" + PAGE,
        # ASCII bytes under a UTF-16 label: what the browser decodes is not
        # what the scanner would read, and ASCII inserted would corrupt it.
        "app/utf16.php": "<?php header('Content-Type: text/html; "
                         "charset=UTF-16LE'); ?>" + PAGE,
    }
    for path, content in files.items():
        written = httpd.write_htdocs(path, content)
        # An hour old: the core then gives the file a strong ETag (a file
        # changed within the last second gets a weak one).
        old = time.time() - 3600
        os.utime(written, (old, old))
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.fixture(scope="module")
def browser(server):
    return sign_in(server)


def test_one_tag_before_head_end_of_a_static_page(server, browser):
    response = browser.get(server.url("/app/page.html"))
    assert response.status_code == 200
    tags = client_tags(response.text)
    assert len(tags) == 1
    assert response.text.count("data-session-security") == 1
    before, after = response.text.split("<script src=", 1)
    assert before == PAGE.split("</head>")[0]
    assert after.split("</script>", 1)[1] == "</head>" + PAGE.split("</head>")[1]
    tag = tags[0]
    assert tag["data-warn-after"] == "50" and tag["data-expire-after"] == "100"
    assert tag["data-ping-url"] == "/session_security/ping?page=/app/page.html"
    # Valued attributes: valid HTML and well-formed XML (XHTML pages).
    assert tag["defer"] == "defer" and tag["data-session-security"] == ""
    tag_text = "<script src=" + after.split("</script>", 1)[0] + "</script>"
    element = xml.etree.ElementTree.fromstring(tag_text)
    assert element.get("data-session-security") == ""


def test_hostile_markup_gets_the_tag_at_the_real_head_end(server, browser):
    text = browser.get(server.url("/app/hostile.html")).text
    before, tag_and_after = text.split("<script src=", 1)
    # Everything up to the real </head> as it was, the tag, then the rest.
    assert before == HOSTILE.split("</title>")[0] + "</title>"
    assert tag_and_after.split("</script>", 1)[1] == "</head>" + HOSTILE.split("</title></head>")[1]
    assert len(client_tags(text)) == 1


def test_xhtml_stays_well_formed_xml(server, browser):
    response = browser.get(server.url("/app/page.xhtml"))
    assert response.headers["Content-Type"].startswith("application/xhtml+xml")
    root = xml.etree.ElementTree.fromstring(response.content)
    ns = "{http://www.w3.org/1999/xhtml}"
    scripts = root.find(ns + "head").findall(ns + "script")
    assert len(scripts) == 1 and scripts[0].get("data-session-security") == ""
    assert scripts[0].get("defer") == "defer"


def test_before_body_end_when_there_is_no_head_end(server, browser):
    text = browser.get(server.url("/app/body-only.html")).text
    assert "<p>x</p><script src=" in text and text.endswith("</script></body></html>\n")


def test_navigation_without_anchor_gets_the_tag_at_the_end(server, browser):
    response = browser.get(server.url("/app/no-anchor.html"))
    body = "<p>a fragment </hea with no anchor</p>\n"
    assert response.text.startswith(body)
    tags = client_tags(response.text[len(body):])
    assert len(tags) == 1 and response.text.endswith("></script>")
    assert int(response.headers["Content-Length"]) == len(response.content)


SCRIPT_REQUESTS = [{"Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors"},
                   {"X-Requested-With": "XMLHttpRequest"},
                   {"Accept": "application/json"}]


@pytest.mark.parametrize("headers", SCRIPT_REQUESTS)
@pytest.mark.parametrize("path", ["/app/no-anchor.html", "/app/page.html"])
def test_script_requests_get_the_page_unmodified(server, browser, headers,
                                                 path):
    """An application's fetch() of an HTML fragment (or of a whole page)
    gets the bytes and headers the handler sent, whatever anchors it has."""
    with open(os.path.join(server.htdocs, path.lstrip("/")), "rb") as f:
        original = f.read()
    response = browser.get(server.url(path), headers=headers)
    assert response.status_code == 200
    assert response.content == original
    assert int(response.headers["Content-Length"]) == len(original)
    # The file's own validator, as the core makes it (strong: the file is
    # an hour old).
    assert response.headers["ETag"].startswith('"')
    assert response.headers["ETag"] == browser.head(
        server.url(path)).headers["ETag"]


def test_page_that_already_has_the_tag_gets_no_second_one(server, browser):
    text = browser.get(server.url("/app/tagged.html")).text
    assert text.count("data-session-security") == 1


def test_length_and_validator(server, browser):
    response = browser.get(server.url("/app/page.html"))
    assert "Transfer-Encoding" not in response.headers
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert len(response.content) > len(PAGE)
    assert response.headers["ETag"].startswith('W/"')
    again = browser.get(server.url("/app/page.html"),
                        headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_cgi_streams_before_the_insertion_point(server, browser):
    """stream.cgi writes the head, sleeps 2 s, then the rest; "</HeAd>" is
    split across the two writes."""
    cookie = "session=" + browser.cookies.get("session")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall((f"GET /app/cgi/stream.cgi?2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   f"Cookie: {cookie}\r\nConnection: close\r\n\r\n").encode())
        start = time.monotonic()
        first = b""
        while b"<title>stream</title>" not in first:
            chunk = s.recv(65536)
            assert chunk, "connection closed early"
            first += chunk
        first_at = time.monotonic() - start
        rest = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        total = time.monotonic() - start
    assert first_at < 1.0, f"first part after {first_at:.2f} s"
    assert total >= 1.9
    body = (first + rest).split(b"\r\n\r\n", 1)[1]
    assert b'data-session-security' in body
    assert body.count(b"data-session-security") == 1
    assert b"</script></HeAd><body><p>second part</p>" in body


def test_php_flush_streams_and_gets_the_tag(server, browser):
    start = time.monotonic()
    response = browser.get(server.url("/app/flush.php"), stream=True)
    chunks = response.iter_content(chunk_size=None)
    first = next(chunks)
    first_at = time.monotonic() - start
    rest = b"".join(chunks)
    assert first_at < 1.5, first_at
    text = (first + rest).decode()
    assert len(client_tags(text)) == 1
    assert "</script></head><body>flushed</body>" in text


def test_php_gzip_is_passed_on_untouched(server, browser):
    response = browser.get(server.url("/app/gzip.php"),
                           headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    assert response.text == PAGE  # requests decompressed it: no tag inside


def test_mod_deflate_after_the_filter_still_compresses(server, browser):
    response = browser.get(server.url("/app/deflated/page.html"),
                           headers={"Accept-Encoding": "gzip"}, stream=True)
    raw = response.raw.read()
    assert response.headers.get("Content-Encoding") == "gzip"
    text = gzip.decompress(raw).decode()
    assert len(client_tags(text)) == 1


def test_head_request_is_untouched(server, browser):
    response = browser.head(server.url("/app/page.html"))
    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) == len(PAGE)


def test_attachment_is_untouched(server, browser):
    response = browser.get(server.url("/app/attachment.php"))
    assert response.text == PAGE


@pytest.mark.parametrize("path", ["/app/notes.txt", "/app/data.json"])
def test_other_types_are_untouched(server, browser, path):
    response = browser.get(server.url(path))
    assert "data-session-security" not in response.text
    assert "</head>" in response.text


def test_error_statuses_are_untouched(server, browser):
    response = browser.get(server.url("/app/not-found.php"))
    assert response.status_code == 404
    assert "data-session-security" not in response.text


def test_range_request_is_untouched(server, browser):
    response = browser.get(server.url("/app/page.html"),
                           headers={"Range": "bytes=0-20"})
    assert response.status_code == 206
    assert response.content == PAGE.encode()[:21]


def test_anonymous_gets_no_tag(server):
    assert "data-session-security" not in requests.get(server.url("/index.html")).text
    login = requests.get(server.url("/app/page.html"))
    assert login.status_code == 401 and "data-session-security" not in login.text


def test_passive_location_gets_no_tag(server, browser):
    response = browser.get(server.url("/app/passive/page.html"))
    assert response.status_code == 200 and response.text == PAGE


def test_values_are_escaped(server, browser):
    text = browser.get(server.url("/app/hostile/page.html")).text
    tags = client_tags(text)
    assert len(tags) == 1
    assert tags[0]["data-logout-url"] == '/bye?a="><x>'
    assert tags[0]["data-text-title"] == "It's <b>\"late\"</b> & over"
    assert "<x>" not in text and "<b>" not in text


@pytest.mark.parametrize("path,nonce", [("/app/csp-nonce.php", "abc123"),
                                        ("/app/csp-default.php", "Zm9v")])
def test_csp_nonce_is_copied_into_the_tag(server, browser, path, nonce):
    tags = client_tags(browser.get(server.url(path)).text)
    assert len(tags) == 1 and tags[0]["nonce"] == nonce


def test_script_is_served_from_memory_with_long_caching(server, browser):
    tag = client_tags(browser.get(server.url("/app/page.html")).text)[0]
    src = tag["src"]
    with open(os.path.join(ROOT, "js", "session-security.js"), "rb") as f:
        script = f.read()
    assert src.endswith("?v=" + client_version())
    response = requests.get(server.url(src))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.content == script
    etag = response.headers["ETag"]
    assert etag.startswith('"')  # a strong validator
    again = requests.get(server.url(src), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert requests.post(server.url(src)).status_code == 405


def test_large_page_is_served_whole_in_constant_memory(server, browser):
    size = 100 * 1024 * 1024
    path = os.path.join(server.htdocs, "app", "large.html")
    with open(path, "wb") as f:
        f.write(b"<html><body>")
        block = b"<p>" + b"x" * 1020 + b"\n"
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b"</body></html>\n")  # the anchor at the very end
    os.chmod(path, 0o644)
    original = os.path.getsize(path)
    browser.get(server.url("/app/page.html"))  # warm up the children
    before = server.children_memory_kb()
    received = 0
    tail = b""
    with browser.get(server.url("/app/large.html"), stream=True) as response:
        assert response.status_code == 200
        for chunk in response.iter_content(chunk_size=1 << 20):
            received += len(chunk)
            tail = (tail + chunk)[-4096:]
    after = server.children_memory_kb()
    os.unlink(path)
    tag_length = received - original
    assert b"data-session-security" in tail and tail.endswith(b"</body></html>\n")
    assert 100 < tag_length < 2000
    # The 100 MB went through without the children growing with it.
    assert after - before < 8 * 1024, (before, after)


def test_inject_off_in_a_location_holds_for_its_php_pages(server, browser):
    # PHP runs through mod_actions, an internal redirect to /php-bin/: the
    # page's <Location> still decides.
    for path in ("/app/noinject/page.html", "/app/noinject/page.php"):
        response = browser.get(server.url(path))
        assert response.status_code == 200, path
        assert response.text == PAGE, path
    # The same PHP page outside that location does get the tag.
    response = browser.get(server.url("/app/plain.php"))
    assert len(client_tags(response.text)) == 1


def test_a_page_in_a_wide_charset_is_left_alone(server, browser):
    response = browser.get(server.url("/app/utf16.php"))
    assert response.status_code == 200
    assert "utf-16" in response.headers["Content-Type"].lower()
    assert response.content == PAGE.encode()
