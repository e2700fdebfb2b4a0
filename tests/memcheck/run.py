#!/usr/bin/python3
"""Valgrind memcheck of a single-process httpd (-X) with the module loaded,
driven through the requests of the integration tests' flows: sign-in,
pages (PHP, CGI, static, streamed), pings good and bad, tampered cookies,
expiry, the client script. Fails when valgrind reports an error or a
definite leak in a stack that goes through the module.

    /usr/bin/python3 tests/memcheck/run.py      (about a minute)
"""
import os
import re
import sys
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
from httpd import Httpd  # noqa: E402


def exercise(server):
    b = requests.Session()
    signed_in = b.post(server.url("/app/"), data={
        "httpd_username": server.user, "httpd_password": server.password})
    assert signed_in.status_code == 200, signed_in.status_code
    assert "data-session-security" in b.get(server.url("/app/cgi/hello.cgi")).text
    for path in ("/app/", "/app/cgi/hello.cgi", "/app/cgi/env.cgi",
                 "/app/cgi/stream.cgi?0", "/index.html",
                 "/session_security/session-security.js"):
        b.get(server.url(path))
    for query in ("?idleFor=0", "?idleFor=abc", "?idleFor=1&idleFor=2",
                  "?idleFor=-3", "", "?idleFor=99999999999999",
                  "?page=%2Fapp%2Fcgi%2Fhello.cgi&idleFor=0",
                  "?page=%2Findex.html", "?page=reports",
                  "?page=%2F..%2F..%2Fetc%2Fpasswd&idleFor=0",
                  "?page=%2Fapp%2F%252F%3Fx%23y&idleFor=1"):
        b.get(server.url("/session_security/ping" + query))
    b.post(server.url("/session_security/ping?idleFor=0"))
    b.get(server.url("/session_security/ping?idleFor=0"),
          headers={"Origin": "http://evil.example"})
    b.get(server.url("/app/cgi/hello.cgi"),
          headers={"X-Requested-With": "XMLHttpRequest"})
    tampered = requests.Session()
    tampered.cookies.set("session", "AAAA" + (b.cookies.get("session") or ""))
    tampered.get(server.url("/app/"))
    time.sleep(server.options["expire_after"] + 1.5)
    expired = b.get(server.url("/app/cgi/hello.cgi"))
    assert expired.status_code == 401, expired.status_code
    b.get(server.url("/app/"))  # the expired mark consumed
    assert "SSEC020" in server.error_log()


def main():
    log = os.path.join("/tmp", f"ssec-memcheck-{os.getpid()}.log")
    wrapper = ["valgrind", "--tool=memcheck", "--leak-check=full",
               "--show-leak-kinds=definite", "--errors-for-leak-kinds=definite",
               "--trace-children=no", "--num-callers=30", f"--log-file={log}"]
    server = Httpd(warn_after=1, expire_after=3, wrapper=wrapper)
    try:
        server.start()
        exercise(server)
        server.stop()
    finally:
        server.cleanup()
    with open(log) as f:
        report = f.read()
    summary = re.search(r"ERROR SUMMARY: (\d+) errors", report)
    # Blocks of the report (errors and definite leaks) that involve the module.
    blocks = [blk for blk in report.split("\n==") if "session_security" in blk
              and ("definitely lost" in blk or "Invalid" in blk
                   or "uninitialised" in blk)]
    print(f"valgrind log: {log}")
    print(f"valgrind: {summary.group(0) if summary else 'no summary'}; "
          f"{len(blocks)} report(s) involving the module")
    for blk in blocks[:5]:
        print("==" + blk[:2000])
    sys.exit(1 if blocks or not summary else 0)


if __name__ == "__main__":
    main()
