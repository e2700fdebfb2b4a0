#!/usr/bin/python3
"""Benchmark of mod_session_security (not a test): one real httpd on
127.0.0.1, one signed-in session (mod_auth_form + mod_session_cookie +
mod_session_crypto), and wrk measuring, in ONE run with the configurations
alternated round by round, the same small HTML page served:

  A  mod_session only: the login is checked, this module is off
  B  this module on, insertion off
  C  this module on, insertion on
  D  this module off, mod_substitute inserting the same script tag
  E  the ping endpoint reporting (an idleFor above the server's idle time:
     no rewrite), next to S: a tiny static file (module off)
  M  the ping endpoint merging (idleFor=0): a session rewrite on each ping
  R  this module on, insertion off, a session rewrite (with crypto) on every
     request: what the throttle saves

and the children's memory while a 100 MB HTML page goes through the filter.

    /usr/bin/python3 bench/run.py [--rounds 3] [--seconds 5] [--connections 50]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "harness"))
from httpd import Httpd  # noqa: E402

PAGE = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Bench</title>\n</head>\n<body>\n"
        + "<p>Some text of a small application page.</p>\n" * 40
        + "</body>\n</html>\n")
AUTH = """  AuthType form
  AuthName "Demo application"
  AuthFormProvider file
  AuthUserFile @ROOT@/htpasswd
  Require valid-user
"""


def extra_conf(tag):
    substitute = tag.replace("\\", "\\\\").replace('"', '\\"')
    return f"""
<Location /bench/>
{AUTH}</Location>
<Location /bench/a/>
  SessionSecurity Off
</Location>
<Location /bench/b/>
  SessionSecurityInject Off
</Location>
<Location /bench/d/>
  SessionSecurity Off
  AddOutputFilterByType SUBSTITUTE text/html
  Substitute "s|</head>|{substitute}</head>|i"
</Location>
<Location /bench/r/>
  # Resolution max(1, min(60, 20 / 20)) = 1 s and a cookie more than 1 s
  # old: every request rewrites (and re-encrypts) the session.
  SessionSecurityInject Off
  SessionSecurityWarnAfter 1
  SessionSecurityExpireAfter 20
</Location>
"""


def wrk(url, cookie, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
         "-H", f"Cookie: {cookie}", url],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(bad.group(1)) if bad else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()

    server = Httpd(warn_after=35000, expire_after=36000, log_level="warn",
                    threads=64, password_hash="-s")
    server.start()  # once to learn the tag, then again with the bench config
    browser = requests.Session()
    browser.post(server.url("/app/"), data={"httpd_username": server.user,
                                           "httpd_password": server.password})
    server.write_htdocs("app/page.html", PAGE)
    text = browser.get(server.url("/app/page.html")).text
    tag = re.search(r"<script src=[^>]*></script>", text).group(0)
    server.cleanup()

    server = Httpd(warn_after=35000, expire_after=36000, log_level="warn",
                    threads=64, password_hash="-s")
    server.extra_conf = extra_conf(tag)
    server.start()
    try:
        for name in "abcdr":
            server.write_htdocs(f"bench/{name}/page.html", PAGE)
        server.write_htdocs("bench/a/tiny.txt", "ok\n")
        browser = requests.Session()
        browser.post(server.url("/app/"), data={
            "httpd_username": server.user, "httpd_password": server.password})
        check = {n: browser.get(server.url(f"/bench/{n}/page.html")).text
                 for n in "abcd"}
        assert check["a"] == PAGE and check["b"] == PAGE
        assert check["c"].count("data-session-security") == 1
        if check["c"] != check["d"]:
            import difflib
            print("\n".join(difflib.unified_diff(check["c"].splitlines(), check["d"].splitlines(), lineterm="")))
            raise SystemExit("C and D must serve the same bytes")

        targets = {
            "A": "/bench/a/page.html", "B": "/bench/b/page.html",
            "C": "/bench/c/page.html", "D": "/bench/d/page.html",
            "E": "/session_security/ping?idleFor=99999",
            "M": "/session_security/ping?idleFor=0",
            "S": "/bench/a/tiny.txt",
            "R": "/bench/r/page.html",
        }
        results = {k: [] for k in targets}
        for round_ in range(args.rounds):
            for key, path in targets.items():
                # A fresh cookie for each run, as a browser would keep it:
                # within a run no request is old enough to rewrite the
                # stamp (resolution 60 s), except in R (1 s) by design.
                browser.get(server.url("/session_security/ping?idleFor=0"))
                cookie = "session=" + browser.cookies.get("session")
                time.sleep(1.1 if key == "R" else 0)
                rps, bad = wrk(server.url(path), cookie, args.seconds,
                               args.connections)
                if bad:
                    raise SystemExit(f"{key}: {bad} non-2xx answers")
                results[key].append(rps)
                print(f"round {round_ + 1} {key}: {rps:9.0f} req/s", flush=True)

        # The children's memory around a 100 MB page through the filter.
        big = os.path.join(server.htdocs, "bench", "c", "large.html")
        with open(big, "wb") as f:
            f.write(b"<html><body>")
            line = b"<p>" + b"x" * 1020 + b"\n"
            for _ in range(100 * 1024):
                f.write(line)
            f.write(b"</body></html>\n")
        os.chmod(big, 0o644)
        before = server.children_memory_kb()
        peak = before
        received = 0
        with browser.get(server.url("/bench/c/large.html"), stream=True) as r:
            for i, chunk in enumerate(r.iter_content(chunk_size=1 << 20)):
                received += len(chunk)
                if i % 10 == 0:
                    peak = max(peak, server.children_memory_kb())
        after = server.children_memory_kb()
        os.unlink(big)
    finally:
        server.cleanup()

    med = {k: statistics.median(v) for k, v in results.items()}
    print()
    print(f"median of {args.rounds} rounds, wrk -t2 -c{args.connections} "
          f"-d{args.seconds}s, requests/s:")
    for key in targets:
        print(f"  {key}: {med[key]:9.0f}   ({', '.join(f'{x:.0f}' for x in results[key])})")
    print()
    print(f"B/A = {med['B'] / med['A']:.3f}   (target >= 0.97)")
    print(f"C/A = {med['C'] / med['A']:.3f}   (target >= 0.95)")
    print(f"C/D = {med['C'] / med['D']:.3f}   (target > 1)")
    print(f"E/S = {med['E'] / med['S']:.3f}   (target >= 0.9)")
    print(f"M/S = {med['M'] / med['S']:.3f}   (a merging ping: rewrites the session)")
    print(f"R/B = {med['R'] / med['B']:.3f}   (a rewrite with crypto on every request)")
    print(f"100 MB page through the filter: {received} bytes received; children "
          f"anonymous RSS {before} kB before, peak {peak} kB, {after} kB after")


if __name__ == "__main__":
    main()
