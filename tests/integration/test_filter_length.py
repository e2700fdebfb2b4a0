"""Issue 10, point 6: when the first brigade ends the response (a static
file, most CGI and PHP pages), the page goes out with its exact
Content-Length instead of chunked; a script still writing streams as
before; a static file is read only as far as the scan needs, the rest goes
on as a file bucket (told by SSEC073 at trace2)."""
import gzip
import os
import re
import socket
import time

import pytest

from conftest import sign_in
from httpd import Httpd
from test_filter import PAGE, client_tags

EXTRA = r"""
<Location /app/deflated/>
  SetOutputFilter DEFLATE
</Location>
"""


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=50, expire_after=100, extra_conf=EXTRA,
                  log_level="warn session_security:trace2")
    httpd.start()
    httpd.write_htdocs("app/page.html", PAGE)
    httpd.write_htdocs("app/deflated/page.html", PAGE * 50)
    httpd.write_htdocs("app/page.php", "<?php $t = 'PHP'; ?>" + PAGE.replace(
        "<p>hello</p>", "<p><?= str_repeat('hello ', 500) ?></p>"))
    # Past the 256 KiB that are held to learn a body's length.
    httpd.write_htdocs("app/long.php", PAGE.replace(
        "<p>hello</p>", "<p><?= str_repeat('0123456789', 40000) ?></p>"))
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.fixture(scope="module")
def browser(server):
    return sign_in(server)


def exact_length(response, body):
    assert "Transfer-Encoding" not in response.headers
    assert int(response.headers["Content-Length"]) == len(body)


def test_static_page_has_its_exact_length(server, browser):
    response = browser.get(server.url("/app/page.html"))
    assert len(client_tags(response.text)) == 1
    exact_length(response, response.content)


def test_php_page_has_its_exact_length(server, browser):
    response = browser.get(server.url("/app/page.php"))
    assert len(client_tags(response.text)) == 1
    assert "hello " * 500 in response.text
    exact_length(response, response.content)


def test_cgi_page_has_its_exact_length(server, browser):
    response = browser.get(server.url("/app/cgi/hello.cgi"))
    assert len(client_tags(response.text)) == 1
    exact_length(response, response.content)


def test_compressed_page_has_the_compressed_length(server, browser):
    response = browser.get(server.url("/app/deflated/page.html"),
                           headers={"Accept-Encoding": "gzip"}, stream=True)
    raw = response.raw.read()
    assert response.headers["Content-Encoding"] == "gzip"
    exact_length(response, raw)
    assert len(client_tags(gzip.decompress(raw).decode())) == 1


def test_a_long_php_page_streams(server, browser):
    response = browser.get(server.url("/app/long.php"))
    assert response.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in response.headers
    assert len(client_tags(response.text)) == 1
    assert "0123456789" * 40000 in response.text


def test_a_streaming_cgi_still_streams_chunked(server, browser):
    """stream.cgi writes its head, sleeps 2 s, then the rest: the first
    part goes out at once, chunked."""
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
        while chunk:
            chunk = s.recv(65536)
            first += chunk
    assert first_at < 1.0, f"first part after {first_at:.2f} s"
    head = first.split(b"\r\n\r\n", 1)[0].lower()
    assert b"transfer-encoding: chunked" in head
    assert b"content-length" not in head
    assert first.count(b"data-session-security") == 1


def test_the_rest_of_a_large_file_stays_a_file_bucket(server, browser):
    """A 20 MB static page with its </head> near the start: the filter
    reads the first 64 KiB piece only; the other 20 MB go on as a file
    bucket (the filter says so at trace2), and the length is exact."""
    size = 20 * 1024 * 1024
    path = os.path.join(server.htdocs, "app", "large-early.html")
    with open(path, "wb") as f:
        f.write(b"<html><head><title>large</title></head><body>")
        block = b"<p>" + b"y" * 1020 + b"\n"
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b"</body></html>\n")
    os.chmod(path, 0o644)
    original = os.path.getsize(path)
    received = 0
    with browser.get(server.url("/app/large-early.html"),
                     stream=True) as response:
        for chunk in response.iter_content(chunk_size=1 << 20):
            received += len(chunk)
    os.unlink(path)
    tag_length = received - original
    assert 100 < tag_length < 2000
    assert int(response.headers["Content-Length"]) == received
    notes = re.findall(r"SSEC073: the rest of the body went on unread: "
                       r"(\d+) file bucket\(s\), (\d+) bytes",
                       server.error_log())
    assert notes, "no SSEC073 note in the error log"
    files, unread = map(int, notes[-1])
    assert files >= 1 and original - 64 * 1024 <= unread < original
