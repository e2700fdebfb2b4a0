"""The inserter attacked at the HTTP level, against a real httpd: CGI
scripts that write a byte at a time or send a Content-Length that lies,
a reverse-proxied backend (a raw socket server started here, so that the
tests choose the framing byte by byte) that is slow, sends odd pieces,
closes early, compresses, answers 1xx, 204, 206 or 304; conditional and
range requests, HEAD, HTTP/1.0, pipelining; hostile
Content-Security-Policy headers and <meta> policies; odd Content-Types
and charsets; XHTML with self-closed elements; error documents. Every
response is read from the socket and its framing checked (an exact
Content-Length or a well-formed chunked body, never both), the page gets
exactly one tag where one can go, and no child crashes."""
import gzip
import os
import re
import socket
import socketserver
import threading
import time
import urllib.parse

import lxml.etree
import pytest

from conftest import sign_in
from httpd import Httpd
from test_filter import client_tags

PAGE = (b"<!DOCTYPE html><html><head><title>b</title></head>"
        b"<body><p>backend</p></body></html>\n")


# --- the backend: a raw HTTP/1.1 server ---------------------------------------
def http_response(status, headers, body=b""):
    head = f"HTTP/1.1 {status}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    return head.encode() + body


def html(*extra):
    return [("Content-Type", "text/html; charset=utf-8"), *extra]


def answer(status, headers, body=b""):
    """A route that sends one response, Content-Length included."""
    def route(sock, request):
        sock.sendall(http_response(
            status, [*headers, ("Content-Length", len(body))], body))
    return route


def slowly(piece, pause):
    def route(sock, request):
        sock.sendall(http_response("200 OK", html(("Content-Length",
                                                   len(PAGE)))))
        for i in range(0, len(PAGE), piece):
            sock.sendall(PAGE[i:i + piece])
            time.sleep(pause)
    return route


def chunked_in_odd_pieces(sock, request):
    # "</head>" cut into "</", "he", "ad>", and an empty-looking extension.
    at = PAGE.index(b"</head>")
    pieces = [PAGE[:at], PAGE[at:at + 2], PAGE[at + 2:at + 4], PAGE[at + 4:]]
    sock.sendall(http_response("200 OK",
                               html(("Transfer-Encoding", "chunked"))))
    for piece in pieces:
        sock.sendall(b"%x;ext=1\r\n" % len(piece) + piece + b"\r\n")
        time.sleep(0.02)
    sock.sendall(b"0\r\n\r\n")


def closes_early(sock, request):
    """Promises more than it sends, then closes: the client must be told
    (no last chunk), not given a complete-looking page."""
    sock.sendall(http_response("200 OK", html(("Content-Length",
                                               len(PAGE) + 500)), PAGE[:40]))
    time.sleep(0.1)
    sock.shutdown(socket.SHUT_RDWR)


def close_delimited(sock, request):
    sock.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE)
    sock.shutdown(socket.SHUT_RDWR)


def early_hints(sock, request):
    sock.sendall(b"HTTP/1.1 103 Early Hints\r\n"
                 b"Link: </x.css>; rel=preload; as=style\r\n\r\n")
    time.sleep(0.02)
    answer("200 OK", html(), PAGE)(sock, request)


def validated(sock, request):
    if b"if-none-match" in request.lower():
        sock.sendall(http_response("304 Not Modified", [("ETag", '"v1"')]))
    else:
        answer("200 OK", html(("ETag", '"v1"')), PAGE)(sock, request)


ROUTES = {
    "plain": answer("200 OK", html(), PAGE),
    "slow": slowly(7, 0.03),
    "bytewise": slowly(1, 0.002),
    "chunked": chunked_in_odd_pieces,
    "close-early": closes_early,
    "close-delimited": close_delimited,
    "gzip": answer("200 OK", html(("Content-Encoding", "gzip")),
                   gzip.compress(PAGE)),
    "br": answer("200 OK", html(("Content-Encoding", "br")), PAGE),
    "identity": answer("200 OK", html(("Content-Encoding", "identity")),
                       PAGE),
    "content-range": answer("200 OK", html(
        ("Content-Range", f"bytes 0-{len(PAGE) - 1}/{len(PAGE)}")), PAGE),
    "partial": answer("206 Partial Content", html(
        ("Content-Range", f"bytes 0-47/{len(PAGE)}")), PAGE[:48]),
    "204": answer("204 No Content", html()),
    "205": answer("205 Reset Content", html()),
    "103": early_hints,
    "no-type": answer("200 OK", [], PAGE),
    "empty": answer("200 OK", html()),
    "validated": validated,
    "csp-comma": answer("200 OK", html(("Content-Security-Policy",
                                        "script-src 'nonce-X1', script-src "
                                        "'self', img-src 'nonce-img'")), PAGE),
    "csp-two": answer("200 OK", html(
        ("Content-Security-Policy", "script-src 'self'"),
        ("Content-Security-Policy", "img-src *, script-src 'nonce-T2'")),
        PAGE),
    "csp-odd": answer("200 OK", html((
        "Content-Security-Policy",
        "script-src 'nonce-a\"b' 'nonce-c<d>' 'nonce-e f'")), PAGE),
    "csp-default": answer("200 OK", html((
        "Content-Security-Policy", "default-src 'nonce-D3f'")), PAGE),
    "csp-hash": answer("200 OK", html((
        "Content-Security-Policy",
        "script-src 'sha256-AbC+/0=' 'strict-dynamic'; object-src 'none'")),
        PAGE),
    "csp-self-hash": answer("200 OK", html((
        "Content-Security-Policy", "script-src 'self' 'sha256-AbC+/0='")),
        PAGE),
    "csp-inline": answer("200 OK", html((
        "Content-Security-Policy", "script-src 'self' 'unsafe-inline'")),
        PAGE),
    "huge-head": answer("200 OK", html(), PAGE.replace(
        b"<title>b</title>", b"<meta name=x content=y>" * 100000)),
}


class Backend(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), BackendHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def stop(self):
        self.shutdown()
        self.server_close()


class BackendHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1].decode()
        route = ROUTES.get(path.split("?")[0].rsplit("/", 1)[-1])
        try:
            if route is None:
                self.request.sendall(http_response("404 Not Found",
                                                   [("Content-Length", 0)]))
            else:
                route(self.request, data)
        except OSError:
            pass


# --- CGI scripts ------------------------------------------------------------
SH_PAGE = ("<!DOCTYPE html><html><head><title>%s</title></head>"
           "<body>x</body></html>\\n")
META_CSP_CGI = """#!/bin/sh
printf "Content-Type: text/html\\r\\n%s\\r\\n"
cat <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src &#039;self&#039;; script-src &#039;nonce-M3ta&#039; &#039;strict-dynamic&#039;">
<title>meta</title><script nonce="M3ta">var own = 1;</script></head><body>x</body></html>
HTML
"""
ISO_2022_JP_CGI = """#!/usr/bin/python3
import sys
kanji = b"\\x1b$B</head>x\\x1b(B"  # JIS X 0208: four kanji
head = b'<!DOCTYPE html><html><head><meta charset="ISO-2022-JP"><title>t</title>'
where = "%s"
out = sys.stdout.buffer
out.write(b"Content-Type: text/html\\r\\n\\r\\n")
if where == "before":
    out.write(head + b"<p>" + kanji + b"</p></body></html>\\n")
else:
    out.write(head + b"</head><body><p>" + kanji + b"</p></body></html>\\n")
"""
CGI = {
    "bytewise.cgi": """#!/usr/bin/python3
import sys, time
out = sys.stdout.buffer
out.write(b"Content-Type: text/html\\r\\n\\r\\n")
out.flush()
page = b"<!DOCTYPE html><html><head><title>b</title></head><body>one byte at a time</body></html>\\n"
for i in range(len(page)):
    out.write(page[i:i + 1])
    out.flush()
    time.sleep(0.002)
""",
    # Content-Length shorter and longer than the body, written at once or
    # with a pause (then the filter streams).
    "short.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n"
                 "Content-Length: 20\\r\\n\\r\\n'\nprintf '" + SH_PAGE % "s"
                 + "'\n",
    "long.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n"
                "Content-Length: 5000\\r\\n\\r\\n'\nprintf '" + SH_PAGE % "l"
                + "'\n",
    "short-slow.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n"
                      "Content-Length: 20\\r\\n\\r\\n<html><head><title>s'\n"
                      "sleep 0.3\nprintf '</title></head><body>x</body>"
                      "</html>\\n'\n",
    "long-slow.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n"
                     "Content-Length: 5000\\r\\n\\r\\n<html><head><title>l'\n"
                     "sleep 0.3\nprintf '</title></head><body>x</body>"
                     "</html>\\n'\n",
    # A CGI that frames its own body as chunked: httpd treats it as body.
    "own-chunks.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n"
                      "Transfer-Encoding: chunked\\r\\n\\r\\n'\n"
                      "printf '5\\r\\n<html\\r\\n0\\r\\n\\r\\n'\n",
    "killed.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n\\r\\n"
                  "<html><head><title>'\nkill -9 $$\n",
    "etag.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\nETag: "
                "\"cgi1\"\\r\\n\\r\\n'\nprintf '" + SH_PAGE % "e" + "'\n",
    "204.cgi": "#!/bin/sh\nprintf 'Status: 204 No Content\\r\\n"
               "Content-Type: text/html\\r\\n\\r\\n<html><head></head>'\n",
    "no-type.cgi": "#!/bin/sh\nprintf 'X-A: b\\r\\n\\r\\n" + SH_PAGE % "n"
                   + "'\n",
    "nph-page.cgi": "#!/bin/sh\nprintf 'HTTP/1.1 200 OK\\r\\nContent-Type: "
                    "text/html\\r\\nConnection: close\\r\\n\\r\\n" + SH_PAGE % "p"
                    + "'\n",
    "error.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n\\r\\n"
                 + SH_PAGE % "error %s" + "' \"$REDIRECT_STATUS\"\n",
    "huge-head.cgi": """#!/usr/bin/python3
import sys
out = sys.stdout.buffer
out.write(b"Content-Type: text/html\\r\\n\\r\\n<!DOCTYPE html><html><head><title>h</title>")
for i in range(20000):
    out.write(b"<meta name=m%d content='</head><script>alert(1)</script>'>\\n" % i)
out.write(b"</head><body>x</body></html>\\n")
""",
    # XHTML as an XML parser reads it: self-closed elements that are raw
    # text in HTML, a script whose "</head>" is in a CDATA section, a
    # comment that HTML would end early, a processing instruction with '>'.
    "xhtml.cgi": """#!/bin/sh
printf 'Content-Type: application/xhtml+xml; charset=utf-8\\r\\n\\r\\n'
cat <<'XHTML'
<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="data:text/css,p{color:red}" title="a>b"?>
<!DOCTYPE html [ <!ENTITY sign "&#x2192;"> <!-- a ] in a comment --> ]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title/>
<script src="/app.js"/><style/><!--> </head> -->
<script>//<![CDATA[
var end = "</head>";
//]]></script>
</head>
<body><p>&sign; XHTML</p></body></html>
XHTML
""",
    # Several policies: httpd joins a CGI script's headers of one name into
    # one value, "a, b".
    "csp-many.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n'\n"
                    "printf \"Content-Security-Policy: script-src "
                    "'nonce-FIRST1'\\r\\n\"\n"
                    "printf \"Content-Security-Policy: default-src 'self'; "
                    "script-src 'nonce-SECOND2' 'strict-dynamic'\\r\\n\\r\\n\"\n"
                    "printf '" + SH_PAGE % "csp" + "'\n",
    "csp-report-only.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n'\n"
                           "printf \"Content-Security-Policy-Report-Only: "
                           "script-src 'nonce-R3port' 'report-sample'"
                           "\\r\\n\\r\\n\"\n"
                           "printf '" + SH_PAGE % "csp" + "'\n",
    # A policy in a <meta> element (its quotes written as PHP's
    # htmlspecialchars writes them); the same with a header policy too.
    "meta-csp.cgi": META_CSP_CGI % "",
    "meta-csp-and-header.cgi": META_CSP_CGI % (
        "Content-Security-Policy: script-src 'nonce-H3ader'\\r\\n"),
    "meta-csp-and-hashes.cgi": META_CSP_CGI % (
        "Content-Security-Policy: script-src 'sha256-AbC=' "
        "'strict-dynamic'\\r\\n"),
    # ISO-2022-JP declared only in the page: "</head>x" written in JIS X
    # 0208 is four kanji, not an end tag; then the same page with its
    # Japanese after the head.
    "iso-2022-jp.cgi": ISO_2022_JP_CGI % "before",
    "iso-2022-jp-late.cgi": ISO_2022_JP_CGI % "after",
    # The Content-Type its query string names.
    "type.cgi": """#!/usr/bin/python3
import os, sys, urllib.parse
out = sys.stdout.buffer
out.write(b"Content-Type: " +
          urllib.parse.unquote(os.environ["QUERY_STRING"]).encode() +
          b"\\r\\n\\r\\n<!DOCTYPE html><html><head><title>t</title></head>"
          b"<body>x</body></html>\\n")
""",
    # An enforced policy whose nonce is no nonce (CSP's grammar has no
    # '!'), and a report-only one with a good one.
    "csp-report-and-bad.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n'\n"
                              "printf \"Content-Security-Policy: script-src "
                              "'nonce-b!d'\\r\\n\"\n"
                              "printf \"Content-Security-Policy-Report-Only: "
                              "script-src 'nonce-R3port'\\r\\n\\r\\n\"\n"
                              "printf '" + SH_PAGE % "csp" + "'\n",
    "after-html.cgi": "#!/bin/sh\nprintf 'Content-Type: text/html\\r\\n\\r\\n"
                      + SH_PAGE % "a" + "<p>after</p>'\n",
}

EXTRA = r"""
ProxyPass /app/b/ http://127.0.0.1:@BACKEND@/ disablereuse=On
<Location /app/b/inflated/>
  SetOutputFilter INFLATE;DEFLATE
</Location>
# mod_headers may still set a policy after the tag is written: one that
# has nothing to do with it, and one that asks for its own nonce.
<Location /app/cgi/http/meta-csp.cgi>
  Header set X-Frame-Options DENY
</Location>
<Location /app/meta-header/>
  Header set Content-Security-Policy "script-src 'nonce-HdrSet'"
</Location>
ScriptAlias /app/meta-header/ @ROOT@/cgi-bin/app/http/
<Location /app/errors/>
  ErrorDocument 404 /app/cgi/http/error.cgi
</Location>
"""


@pytest.fixture(scope="module")
def backend():
    b = Backend()
    yield b
    b.stop()


@pytest.fixture(scope="module")
def server(backend):
    httpd = Httpd(warn_after=50, expire_after=100,
                  modules=["proxy", "proxy_http"],
                  extra_conf=EXTRA.replace("@BACKEND@", str(backend.port)))
    httpd.start()
    os.makedirs(os.path.join(httpd.cgi, "app", "http"), exist_ok=True)
    for name, text in CGI.items():
        path = os.path.join(httpd.cgi, "app", "http", name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
    httpd.write_htdocs("app/http/page.html", PAGE)
    for name, length in (("short", 10), ("long", 5000)):
        httpd.write_htdocs(f"app/http/{name}.php",
                           f"<?php header('Content-Length: {length}'); ?>"
                           + PAGE.decode())
    # Server-side includes: the head's end, and a <textarea> that makes the
    # page's own "</head>" text, come from included files.
    httpd.write_htdocs("app/http/head.html", "<title>inc</title></head>")
    httpd.write_htdocs("app/http/open.html", "<textarea>")
    httpd.write_htdocs("app/http/ssi.shtml",
                       '<!DOCTYPE html><html><head><!--#include '
                       'virtual="head.html" --><body>x</body></html>\n')
    httpd.write_htdocs("app/http/trap.shtml",
                       '<!DOCTYPE html><html><head><title>t</title><!--#include '
                       'virtual="open.html" --></head></textarea><body>x'
                       '</body></html>\n')
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.fixture(scope="module")
def cookie(server):
    return "session=" + sign_in(server).cookies.get("session")


# --- reading responses off the socket ---------------------------------------
class Response:
    def __init__(self, status, headers, body, complete, interim):
        self.status = status
        self.headers = headers          # [(name, value)] in order
        self.body = body                # de-chunked
        self.complete = complete        # the framing said the body ended
        self.interim = interim          # 1xx status codes before it

    def header(self, name):
        values = self.all(name)
        return values[0] if values else None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def text(self):
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode(errors="replace")

    def tags(self):
        return client_tags(self.text())


def read_response(data, head_request=False):
    """Parses one response off `data`; returns (Response, the rest). Fails
    on framing that is not valid HTTP/1.1."""
    interim = []
    while True:
        head, sep, data = data.partition(b"\r\n\r\n")
        assert sep, f"no end of headers in {head[:200]!r}"
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
        if 100 <= status < 200:
            interim.append(status)
            continue
        break
    response = Response(status, headers, b"", True, interim)
    lengths = response.all("Content-Length")
    codings = response.all("Transfer-Encoding")
    assert len(lengths) <= 1 and len(codings) <= 1, headers
    assert not (lengths and codings), headers
    if head_request or status in (204, 304):
        return response, data
    if codings:
        assert codings[0] == "chunked", codings
        body = b""
        while True:
            size, sep, rest = data.partition(b"\r\n")
            if not sep:
                response.complete = False
                break
            n = int(size.split(b";")[0], 16)
            if n == 0:
                assert rest.startswith(b"\r\n"), rest[:40]
                data = rest[2:]
                break
            assert rest[n:n + 2] == b"\r\n", "chunk not followed by CRLF"
            body += rest[:n]
            data = rest[n + 2:]
        response.body = body
        return response, data
    if lengths:
        n = int(lengths[0])
        assert len(data) >= n, f"Content-Length {n}, {len(data)} bytes sent"
        response.body = data[:n]
        return response, data[n:]
    response.body = data  # delimited by the close
    return response, b""


def exchange(server, requests_bytes, timeout=20):
    with socket.create_connection(("127.0.0.1", server.port),
                                  timeout=timeout) as s:
        s.sendall(requests_bytes)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out
            out += chunk


def request(server, path, cookie=None, method="GET", version="1.1",
            headers=()):
    lines = [f"{method} {path} HTTP/{version}", f"Host: 127.0.0.1:{server.port}"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    lines += [f"{name}: {value}" for name, value in headers]
    if version == "1.1" and not any(n.lower() == "connection"
                                    for n, _ in headers):
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def fetch(server, path, cookie=None, method="GET", version="1.1",
          headers=()):
    data = exchange(server, request(server, path, cookie, method, version,
                                    headers))
    response, rest = read_response(data, head_request=(method == "HEAD"))
    assert rest == b"", f"bytes after the response: {rest[:80]!r}"
    if version == "1.0":
        assert response.header("Transfer-Encoding") is None
    return response


def one_tag(response):
    assert response.status == 200 and response.complete
    tags = response.tags()
    assert len(tags) == 1, response.text()[:600]
    return tags[0]


def untouched(response, original):
    assert b"data-session-security" not in response.body
    if original is not None:
        assert response.body == original


# --- CGI --------------------------------------------------------------------
def test_a_cgi_writing_one_byte_at_a_time(server, cookie):
    response = fetch(server, "/app/cgi/http/bytewise.cgi", cookie)
    one_tag(response)
    assert response.header("Transfer-Encoding") == "chunked"
    assert "</script></head><body>one byte at a time</body>" in response.text()


@pytest.mark.parametrize("name", ["short.cgi", "long.cgi", "short-slow.cgi",
                                  "long-slow.cgi"])
def test_a_content_length_that_lies_is_never_passed_on(server, cookie, name):
    """The page changed: its length is the new one, counted, or none."""
    for version in ("1.1", "1.0"):
        response = fetch(server, f"/app/cgi/http/{name}", cookie,
                         version=version)
        one_tag(response)
        length = response.header("Content-Length")
        assert length is None or int(length) == len(response.body)
        assert response.text().endswith("</body></html>\n")


@pytest.mark.parametrize("name", ["short", "long"])
def test_a_php_content_length_that_lies(server, cookie, name):
    response = fetch(server, f"/app/http/{name}.php", cookie)
    one_tag(response)
    assert int(response.header("Content-Length")) == len(response.body)
    assert response.text().endswith("</body></html>\n")


def test_a_cgi_that_frames_its_own_chunks(server, cookie):
    """httpd takes the CGI's chunk framing for body bytes (and says so in
    its own framing); the response stays valid HTTP."""
    response = fetch(server, "/app/cgi/http/own-chunks.cgi", cookie)
    assert response.status == 200 and response.complete
    assert response.body.startswith(b"5\r\n<html\r\n0\r\n\r\n")


def test_a_cgi_killed_mid_page(server, cookie):
    response = fetch(server, "/app/cgi/http/killed.cgi", cookie)
    assert response.body == b"<html><head><title>"


def test_a_huge_head_streams_and_gets_the_tag_at_its_real_end(server, cookie):
    response = fetch(server, "/app/cgi/http/huge-head.cgi", cookie)
    one_tag(response)
    text = response.text()
    assert text.count("<script src=") == 1
    assert "</script></head><body>x</body></html>\n" in text


def test_output_after_the_html_end_tag_stays_after_it(server, cookie):
    response = fetch(server, "/app/cgi/http/after-html.cgi", cookie)
    one_tag(response)
    assert response.text().endswith("</body></html>\n<p>after</p>")


@pytest.mark.parametrize("name", ["204.cgi", "no-type.cgi", "nph-page.cgi"])
def test_cgi_answers_that_take_no_tag(server, cookie, name):
    response = fetch(server, f"/app/cgi/http/{name}", cookie)
    untouched(response, None)


def test_an_error_document_from_a_cgi_keeps_its_status(server, cookie):
    response = fetch(server, "/app/errors/missing.html", cookie)
    assert response.status == 404 and b"error 404" in response.body
    untouched(response, None)


# --- a reverse-proxied backend ----------------------------------------------
@pytest.mark.parametrize("route", ["plain", "slow", "bytewise", "chunked",
                                   "close-delimited", "103", "huge-head"])
def test_a_proxied_page_gets_one_tag_however_it_arrives(server, cookie, route):
    for version in ("1.1", "1.0"):
        response = fetch(server, f"/app/b/{route}", cookie, version=version)
        one_tag(response)
        assert response.text().endswith("</body></html>\n")


def test_early_hints_go_before_the_tagged_page(server, cookie):
    response = fetch(server, "/app/b/103", cookie)
    assert response.interim == [103]
    one_tag(response)


def test_a_backend_that_closes_early_is_not_made_to_look_complete(server,
                                                                  cookie):
    response = fetch(server, "/app/b/close-early", cookie)
    assert response.header("Content-Length") is None
    assert not response.complete  # no last chunk: the client knows
    assert response.body == PAGE[:40]


@pytest.mark.parametrize("route", ["gzip", "br", "content-range", "partial",
                                   "no-type"])
def test_proxied_answers_that_go_out_untouched(server, cookie, route):
    response = fetch(server, f"/app/b/{route}", cookie)
    assert response.complete
    untouched(response, None)


@pytest.mark.parametrize("route", ["204", "205"])
def test_proxied_answers_without_a_body(server, cookie, route):
    response = fetch(server, f"/app/b/{route}", cookie)
    assert response.status == int(route) and response.body == b""


def test_inflate_then_insert_then_deflate(server, cookie):
    """SetOutputFilter INFLATE;DEFLATE: a backend's gzip is undone before
    the inserter (INFLATE runs before RESOURCE filters) and redone after."""
    response = fetch(server, "/app/b/inflated/gzip", cookie,
                     headers=[("Accept-Encoding", "gzip")])
    assert response.header("Content-Encoding") == "gzip"
    one_tag(response)


def test_a_backend_304_passes_and_the_validator_is_marked(server, cookie):
    response = fetch(server, "/app/b/validated", cookie)
    one_tag(response)
    assert response.header("ETag") == 'W/"v1+ssec"'
    again = fetch(server, "/app/b/validated", cookie,
                  headers=[("If-None-Match", 'W/"v1+ssec"')])
    assert again.status == 304 and again.body == b""


# --- conditional and range requests, HEAD, HTTP/1.0, pipelining --------------
@pytest.mark.parametrize("path", ["/app/http/page.html",
                                  "/app/cgi/http/etag.cgi"])
def test_range_and_conditional_requests(server, cookie, path):
    page = fetch(server, path, cookie)
    one_tag(page)
    etag = page.header("ETag")
    assert etag.startswith('W/"')
    # A weak validator revalidates; a range of the tagged page is never
    # cut from the untagged one.
    assert fetch(server, path, cookie,
                 headers=[("If-None-Match", etag)]).status == 304
    for headers in ([("Range", "bytes=0-10")],
                    [("Range", "bytes=0-10"), ("If-Range", etag)],
                    [("Range", "bytes=0-10"),
                     ("If-Range", "Mon, 01 Jan 2001 00:00:00 GMT")]):
        response = fetch(server, path, cookie, headers=headers)
        assert response.status in (200, 206)
        untouched(response, None)
    head = fetch(server, path, cookie, method="HEAD")
    assert head.status == 200 and head.body == b""


def test_pipelined_requests_keep_their_framing(server, cookie):
    paths = ["/app/http/page.html", "/app/cgi/http/bytewise.cgi",
             "/app/cgi/http/short.cgi", "/app/cgi/http/long-slow.cgi",
             "/app/b/slow", "/app/b/103", "/app/b/chunked",
             "/app/http/page.html"]
    data = b"".join(request(server, p, cookie, headers=[("Connection",
                                                         "keep-alive")])
                    for p in paths)
    data += request(server, "/app/http/page.html", cookie)
    out = exchange(server, data)
    for _ in range(len(paths) + 1):
        response, out = read_response(out)
        one_tag(response)
    assert out == b""


# --- XHTML ------------------------------------------------------------------
def test_xhtml_with_self_closed_elements_gets_one_tag_and_stays_xml(server,
                                                                  cookie):
    """An XML parser takes <script/> and <title/> for empty elements; read
    with the HTML rules, the rest of the page was raw text and the page
    went out without the client."""
    xhtml = "{http://www.w3.org/1999/xhtml}"
    response = fetch(server, "/app/cgi/http/xhtml.cgi", cookie)
    assert response.header("Content-Type").startswith("application/xhtml+xml")
    root = lxml.etree.fromstring(response.body)  # raises when not well-formed
    tags = root.findall(f".//{xhtml}script[@data-session-security]")
    assert len(tags) == 1
    assert tags[0].getparent().tag == xhtml + "head"
    assert tags[0].getnext() is None  # just before </head>
    original = fetch(server, "/app/cgi/http/xhtml.cgi", cookie,
                     headers=[("Sec-Fetch-Dest", "empty")])
    assert b"data-session-security" not in original.body
    assert tags[0].tail is None
    tags[0].getparent().remove(tags[0])
    before = lxml.etree.fromstring(original.body)
    assert lxml.etree.tostring(root) == lxml.etree.tostring(before)


# --- Content-Security-Policy ------------------------------------------------
def governing_nonces(header):
    """Per policy of a header value: the nonces of its directive for
    <script> elements, or None when that directive has none."""
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
                              if s.lower().startswith("'nonce-")} or None)
                break
    return found


def admitted(response, nonce):
    """Whether every enforced policy of the response lets a script with
    this nonce (or none) from this origin run."""
    for header in response.all("Content-Security-Policy"):
        for nonces in governing_nonces(header):
            if nonces is not None and nonce not in nonces:
                return False
    return True


def test_several_policies_of_a_cgi_all_admit_the_tag(server, cookie):
    """Each policy must admit the tag. Joined into one header value, the
    policies' nonces were not found at all: the tag went without one and
    both policies blocked it. They ask for different nonces, so the tag
    gets a fresh one that only it carries, added to both: neither policy
    gains the other's nonce (which would admit the other's scripts)."""
    response = fetch(server, "/app/cgi/http/csp-many.cgi", cookie)
    nonce = one_tag(response).get("nonce")
    assert re.fullmatch(r"[A-Za-z0-9+/]{24}", nonce)
    assert admitted(response, nonce)
    first, second = response.header("Content-Security-Policy").split(",")
    assert "'nonce-FIRST1'" in first and "SECOND2" not in first
    assert "'nonce-SECOND2'" in second and "FIRST1" not in second


def test_an_added_policy_never_gains_the_application_nonce(server, cookie):
    """mod_headers adds a policy of the administrator's (Header set acts on
    the headers a CGI script's are not in): the application's nonce must
    not open it to the application's scripts."""
    response = fetch(server, "/app/meta-header/csp-many.cgi", cookie)
    nonce = one_tag(response).get("nonce")
    policies = response.all("Content-Security-Policy")
    assert f"script-src 'nonce-HdrSet' 'nonce-{nonce}'" in policies
    assert nonce not in ("FIRST1", "SECOND2")
    assert len(policies) == 2 and admitted(response, nonce)


@pytest.mark.parametrize("route,nonce", [("csp-comma", "X1"),
                                         ("csp-two", "T2")])
def test_policies_of_a_backend_admit_the_tag(server, cookie, route, nonce):
    """"script-src 'self', img-src 'nonce-img'": the second policy's
    img-src nonce is not one for scripts."""
    response = fetch(server, f"/app/b/{route}", cookie)
    tag = one_tag(response)
    assert tag.get("nonce") == nonce
    assert admitted(response, nonce)


def test_a_nonce_with_odd_characters_is_never_copied(server, cookie):
    """'nonce-a"b' and 'nonce-c<d>' are no nonces (base64 only): nothing of
    them reaches the tag; a fresh nonce opens the policy to the tag."""
    response = fetch(server, "/app/b/csp-odd", cookie)
    nonce = one_tag(response).get("nonce")
    assert re.fullmatch(r"[A-Za-z0-9+/]{24}", nonce)
    assert response.text().count("<d>") == 0
    assert response.header("Content-Security-Policy") == (
        f"script-src 'nonce-a\"b' 'nonce-c<d>' 'nonce-e f' 'nonce-{nonce}'")


def test_a_default_src_nonce_is_copied(server, cookie):
    response = fetch(server, "/app/b/csp-default", cookie)
    assert one_tag(response).get("nonce") == "D3f"
    assert response.header("Content-Security-Policy") == "default-src 'nonce-D3f'"


def test_a_hash_based_strict_policy_admits_the_tag(server, cookie):
    """A "strict CSP" with hashes and 'strict-dynamic' blocked the tag (an
    external script, no hash, no nonce): a fresh nonce only the tag carries
    opens it to the tag alone ('unsafe-inline' is off there already)."""
    response = fetch(server, "/app/b/csp-hash", cookie)
    nonce = one_tag(response).get("nonce")
    assert re.fullmatch(r"[A-Za-z0-9+/]{24}", nonce)
    assert response.header("Content-Security-Policy") == (
        "script-src 'sha256-AbC+/0=' 'strict-dynamic' "
        f"'nonce-{nonce}'; object-src 'none'")


@pytest.mark.parametrize("route", ["csp-self-hash", "csp-inline"])
def test_policies_that_admit_the_tag_stay_as_they_are(server, cookie, route):
    """'self' admits the tag; a nonce would turn 'unsafe-inline' off."""
    response = fetch(server, f"/app/b/{route}", cookie)
    assert one_tag(response).get("nonce") is None
    assert "nonce" not in response.header("Content-Security-Policy")


def test_a_report_only_nonce_never_goes_into_an_enforced_policy(server,
                                                                 cookie):
    """The enforced policy, whose only nonce is malformed, blocks every
    script: the application's report-only nonce must not open it; a fresh
    nonce opens it to the tag alone."""
    response = fetch(server, "/app/cgi/http/csp-report-and-bad.cgi", cookie)
    nonce = one_tag(response).get("nonce")
    assert nonce != "R3port"
    assert response.header("Content-Security-Policy") == (
        f"script-src 'nonce-b!d' 'nonce-{nonce}'")


def test_a_report_only_policy_gets_its_own_nonce_on_the_tag(server, cookie):
    """Nothing is blocked, but without its nonce the tag was reported as a
    violation on every page view."""
    response = fetch(server, "/app/cgi/http/csp-report-only.cgi", cookie)
    assert one_tag(response).get("nonce") == "R3port"
    assert response.header("Content-Security-Policy-Report-Only") == (
        "script-src 'nonce-R3port' 'report-sample'")


def test_a_meta_policy_gives_the_tag_its_nonce(server, cookie):
    """Browsers apply a <meta> policy to the elements after it: without its
    nonce the tag was blocked. Where mod_headers may still set a policy
    (here only X-Frame-Options), no header policy is made up."""
    response = fetch(server, "/app/cgi/http/meta-csp.cgi", cookie)
    assert one_tag(response).get("nonce") == "M3ta"
    assert response.header("X-Frame-Options") == "DENY"
    assert response.header("Content-Security-Policy") is None


def test_the_header_policy_wins_over_a_meta_one(server, cookie):
    """The tag can carry one nonce: the response header's (the
    application's own) rather than the page's."""
    response = fetch(server, "/app/cgi/http/meta-csp-and-header.cgi", cookie)
    assert one_tag(response).get("nonce") == "H3ader"
    assert response.header("Content-Security-Policy") == (
        "script-src 'nonce-H3ader'")
    assert "SSEC141" in server.error_log()


def test_a_header_policy_that_needs_a_nonce_wins_over_a_meta_one(server,
                                                                 cookie):
    """A hash-based header policy needs the tag's fresh nonce: the tag
    keeps it rather than the page's."""
    response = fetch(server, "/app/cgi/http/meta-csp-and-hashes.cgi", cookie)
    nonce = one_tag(response).get("nonce")
    assert nonce != "M3ta" and admitted(response, nonce)


def test_a_nonce_read_from_the_page_never_goes_into_a_header(server, cookie):
    """Page content (an injected <meta>, say) must not be able to make a
    header policy admit a nonce of its choosing: the tag follows the
    page's policy, the header policy is left as mod_headers set it."""
    response = fetch(server, "/app/meta-header/meta-csp.cgi", cookie)
    assert one_tag(response).get("nonce") == "M3ta"
    assert response.header("Content-Security-Policy") == (
        "script-src 'nonce-HdrSet'")


# --- charsets and content types ----------------------------------------------
def test_iso_2022_jp_declared_in_the_page_is_never_cut_into(server, cookie):
    """Decoded as the <meta> says, the bytes "</head>x" after ESC $ B are
    kanji: the tag went between them, turning the text into garbage. Such
    a page now goes out untouched; one whose Japanese comes after the head
    still gets the tag, and its text decodes as before."""
    response = fetch(server, "/app/cgi/http/iso-2022-jp.cgi", cookie)
    original = fetch(server, "/app/cgi/http/iso-2022-jp.cgi", cookie,
                     headers=[("Sec-Fetch-Dest", "empty")])
    assert response.status == 200
    untouched(response, original.body)
    late = fetch(server, "/app/cgi/http/iso-2022-jp-late.cgi", cookie)
    one_tag(late)
    text = late.body.decode("iso2022_jp")
    assert "<p>" + b"\x1b$B</head>x\x1b(B".decode("iso2022_jp") + "</p>" in text
    assert text.index("data-session-security") < text.index("</head>")


@pytest.mark.parametrize("content_type", [
    "text/html", "TEXT/HTML", "text/html ;charset=utf-8",
    "application/xhtml+xml;charset=utf-8"])
def test_html_types_get_the_tag(server, cookie, content_type):
    response = fetch(server, "/app/cgi/http/type.cgi?" +
                     urllib.parse.quote(content_type), cookie)
    one_tag(response)


@pytest.mark.parametrize("content_type", [
    "text/htmlx", "text/html-sandboxed", "text/html5",
    "application/xhtml+xmlx", "text/html, text/plain", "text/plain",
    'text/html;charset="utf-16"', "text/html; charset=ISO-2022-JP",
    "multipart/x-mixed-replace;boundary=x"])
def test_other_types_go_out_untouched(server, cookie, content_type):
    """Types that only begin like HTML are not rendered as HTML (a browser
    takes the last type of "text/html, text/plain"): the tag would show as
    text."""
    response = fetch(server, "/app/cgi/http/type.cgi?" +
                     urllib.parse.quote(content_type), cookie)
    assert response.status == 200
    untouched(response, None)


def test_a_missing_type_goes_out_untouched(server, cookie):
    for path in ("/app/cgi/http/no-type.cgi", "/app/b/no-type"):
        response = fetch(server, path, cookie)
        assert response.header("Content-Type") is None
        untouched(response, None)


def test_content_encoding_identity_is_no_encoding(server, cookie):
    response = fetch(server, "/app/b/identity", cookie)
    one_tag(response)


# --- the tagged and the untagged copy of a page -------------------------------
NAVIGATION = [("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"),
              ("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-User", "?1")]
FETCH = [("Sec-Fetch-Dest", "empty"), ("Sec-Fetch-Mode", "cors"),
         ("Sec-Fetch-Site", "same-origin")]


@pytest.mark.parametrize("path", ["/app/http/page.html",
                                  "/app/cgi/http/etag.cgi"])
def test_a_page_never_revalidates_its_untagged_copy(server, cookie, path):
    """The page's own fetch() (or a visit before signing in) leaves the
    untagged answer in the browser's cache, under the handler's ETag. A
    navigation revalidating it got a 304, and the browser showed the page
    without the client. Now that copy is not revalidated: the page comes
    in full, with the tag; a tagged copy still gets its 304."""
    untagged = fetch(server, path, cookie, headers=FETCH)
    untouched(untagged, None)
    etag = untagged.header("ETag")
    assert etag and "+ssec" not in etag
    conditions = [("If-None-Match", etag)]
    if path.endswith(".html"):
        conditions.append(("If-Modified-Since",
                           untagged.header("Last-Modified")))
    response = fetch(server, path, cookie, headers=NAVIGATION + conditions)
    one_tag(response)
    tagged = response.header("ETag")
    assert tagged.startswith('W/"') and tagged.endswith('+ssec"')
    again = fetch(server, path, cookie,
                  headers=NAVIGATION + [("If-None-Match", f"{etag}, {tagged}")])
    assert again.status == 304
    # A script's request may revalidate the copy it has.
    assert fetch(server, path, cookie, headers=FETCH + [
        ("If-None-Match", etag)]).status == 304


def test_an_anonymous_request_never_revalidates_a_tagged_copy(server):
    """The other way round: a copy cached while signed in is not shown as
    the answer to a signed-out browser."""
    anonymous = fetch(server, "/index.html")
    etag = anonymous.header("ETag")
    untouched(anonymous, None)
    tagged = 'W/' + etag.replace('W/', '')[:-1] + '+ssec"'
    response = fetch(server, "/index.html",
                     headers=NAVIGATION + [("If-None-Match", tagged)])
    assert response.status == 200


def test_a_prefetched_page_gets_the_tag(server, cookie):
    """<link rel=prefetch>: Sec-Fetch-Dest empty, as a fetch() has, but the
    browser keeps the answer for the navigation that follows."""
    for purpose in (("Sec-Purpose", "prefetch"), ("Purpose", "prefetch")):
        response = fetch(server, "/app/http/page.html", cookie,
                         headers=[("Sec-Fetch-Dest", "empty"),
                                  ("Sec-Fetch-Mode", "no-cors"), purpose])
        one_tag(response)


# --- odds and ends ------------------------------------------------------------
def test_included_files_are_read_as_the_page_they_make(server, cookie):
    """mod_include runs before the inserter: the tag goes where the whole
    page says, after the included head, and not inside an included
    textarea."""
    page = fetch(server, "/app/http/ssi.shtml", cookie)
    one_tag(page)
    assert "<title>inc</title><script src=" in page.text()
    trap = fetch(server, "/app/http/trap.shtml", cookie)
    one_tag(trap)
    assert "<textarea></head></textarea><body>x<script src=" in trap.text()


def test_an_empty_page_gets_the_tag_alone(server, cookie):
    """Content-Length: 0 and text/html: the end of the document is in the
    data state, and a navigation gets the tag there, with its length."""
    response = fetch(server, "/app/b/empty", cookie)
    one_tag(response)
    assert response.text().startswith("<script src=")
    assert int(response.header("Content-Length")) == len(response.body)


@pytest.mark.parametrize("expect", [False, True])
@pytest.mark.parametrize("size", [3, 20000])
def test_a_form_post_to_a_cgi_that_ignores_its_body(server, cookie, expect,
                                                    size):
    """A legacy form handler that never reads its POST body: mod_cgid's
    socket ends with a reset instead of an end, after the whole page. The
    filter, holding the page to send its length, lost it all: the browser
    got an empty answer to every such form a signed-in user submitted."""
    body = b"a=" + b"x" * (size - 2)
    headers = [("Content-Type", "application/x-www-form-urlencoded"),
               ("Content-Length", str(len(body)))]
    if expect:
        headers.append(("Expect", "100-continue"))
    data = request(server, "/app/cgi/http/short.cgi", cookie, method="POST",
                   headers=headers)
    response, rest = read_response(exchange(server, data + body))
    assert rest == b""
    assert response.interim == ([100] if expect else [])
    one_tag(response)
    assert response.text().endswith("</body></html>\n")
    assert int(response.header("Content-Length")) == len(response.body)
