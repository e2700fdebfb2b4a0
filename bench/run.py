#!/usr/bin/python3
"""Benchmark of mod_session_security (not a test): a real httpd on
127.0.0.1, one signed-in session (mod_auth_form + mod_session_cookie), and
wrk measuring, in ONE run with the configurations alternated round by round
(the order rotated each round), the same small HTML page served:

  A  mod_session only: the login is checked, this module is off
  B  this module on, insertion off
  C  this module on, insertion on
  D  this module off, mod_substitute inserting the same script tag
  E  the ping endpoint reporting (an idleFor above the server's idle time:
     no rewrite), next to S: a tiny static file (module off)
  M  the ping endpoint merging (idleFor=0): a session rewrite on each ping
  R  this module on, insertion off, a session rewrite (with crypto) on every
     request: what the throttle saves

first with the session in a mod_session_crypto cookie, as deployed, then
with an unencrypted cookie (A-E and S only), where the decryption no longer
hides what this module and mod_substitute cost; and the children's memory
while a 100 MB HTML page goes through the filter. Ratios are the median of
the ratios measured within each round.

    /usr/bin/python3 bench/run.py [--rounds 5] [--seconds 5] [--connections 50]
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


# As an administrator deploys it: an encrypted cookie. mod_session_crypto's
# key derivation on every request dominates the figures.
CRYPTO_SESSION = None  # the harness default (SessionCryptoPassphrase)
# The same without encryption, so that what this module and mod_substitute
# cost per request is not hidden under the decryption (never deploy this).
PLAIN_SESSION = "Session On\nSessionCookieName session path=/;httponly\n"


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


def sign_in(server):
    browser = requests.Session()
    browser.post(server.url("/app/"), data={
        "httpd_username": server.user, "httpd_password": server.password})
    return browser


def learn_tag(session_conf):
    """The exact tag this module inserts, so that D inserts the same one."""
    with Httpd(warn_after=35000, expire_after=36000, log_level="warn",
               password_hash="-s", session_conf=session_conf) as server:
        server.write_htdocs("app/page.html", PAGE)
        text = sign_in(server).get(server.url("/app/page.html")).text
    tag = re.search(r"<script src=[^>]*></script>", text).group(0)
    # The tag names the page it is on (?page=): D must insert C's own.
    return tag.replace("?page=/app/page.html", "?page=/bench/c/page.html")


def start_server(session_conf):
    server = Httpd(warn_after=35000, expire_after=36000, log_level="warn",
                   threads=64, password_hash="-s", session_conf=session_conf)
    server.extra_conf = extra_conf(learn_tag(session_conf))
    server.start()
    for name in "abcdr":
        server.write_htdocs(f"bench/{name}/page.html", PAGE)
    server.write_htdocs("bench/a/tiny.txt", "ok\n")
    browser = sign_in(server)
    check = {n: browser.get(server.url(f"/bench/{n}/page.html")).text
             for n in "abcd"}
    assert check["a"] == PAGE and check["b"] == PAGE
    assert check["c"].count("data-session-security") == 1
    if check["c"] != check["d"]:
        raise SystemExit("C and D must serve the same bytes")
    return server, browser


def measure(server, browser, targets, args, label):
    """Runs every target once per round, the order rotated each round so
    that no configuration always runs first or last; returns
    {key: [req/s of each round]}."""
    keys = list(targets)
    results = {k: [] for k in keys}
    for round_ in range(args.rounds):
        shift = round_ % len(keys)
        for key in keys[shift:] + keys[:shift]:
            # A fresh cookie for each run, as a browser would keep it:
            # within a run no request is old enough to rewrite the stamp
            # (resolution 60 s), except in R (1 s) by design.
            # httpd may have closed the idle keep-alive connection during wrk.
            browser.close()
            browser.get(server.url("/session_security/ping?idleFor=0"))
            cookie = "session=" + browser.cookies.get("session")
            time.sleep(1.1 if key == "R" else 0)
            rps, bad = wrk(server.url(targets[key]), cookie, args.seconds,
                           args.connections)
            if bad:
                raise SystemExit(f"{label} {key}: {bad} non-2xx answers")
            results[key].append(rps)
            print(f"{label} round {round_ + 1} {key}: {rps:9.0f} req/s",
                  flush=True)
    return results


def ratio(results, top, bottom):
    """Median over the rounds of the ratio measured within each round:
    drift between rounds (a noisy neighbour) cancels out."""
    return statistics.median(
        t / b for t, b in zip(results[top], results[bottom]))


def report(results, args, title, lines):
    print()
    print(f"{title}: wrk -t2 -c{args.connections} -d{args.seconds}s, "
          f"{args.rounds} rounds, requests/s (median, then each round):")
    for key, values in results.items():
        print(f"  {key}: {statistics.median(values):9.0f}   "
              f"({', '.join(f'{x:.0f}' for x in values)})")
    for top, bottom, note in lines:
        print(f"  {top}/{bottom} = {ratio(results, top, bottom):.3f}   {note}")


def large_page_memory(server, browser):
    """The children's memory around a 100 MB page through the filter. The
    page has no </head>: the scanner reads all of it, and the tag goes in
    before the </body> at the very end."""
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
    tail = b""
    with browser.get(server.url("/bench/c/large.html"), stream=True) as r:
        for i, chunk in enumerate(r.iter_content(chunk_size=1 << 20)):
            tail = (tail + chunk)[-4096:]
            received += len(chunk)
            if i % 10 == 0:
                peak = max(peak, server.children_memory_kb())
    after = server.children_memory_kb()
    os.unlink(big)
    print(f"100 MB page through the filter: {received} bytes received "
          f"(tag {'inserted' if b'data-session-security' in tail else 'MISSING'}"
          f" before </body>); "
          f"children anonymous RSS {before} kB before, peak {peak} kB, "
          f"{after} kB after")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()

    page = {k: f"/bench/{k.lower()}/page.html" for k in "ABCD"}
    deployed = {**page,
                "E": "/session_security/ping?idleFor=99999",
                "S": "/bench/a/tiny.txt",
                "M": "/session_security/ping?idleFor=0",
                "R": "/bench/r/page.html"}
    server, browser = start_server(CRYPTO_SESSION)
    try:
        crypto = measure(server, browser, deployed, args, "crypto")
        large_page_memory(server, browser)
    finally:
        server.cleanup()

    isolated = {**page, "E": deployed["E"], "S": deployed["S"]}
    server, browser = start_server(PLAIN_SESSION)
    try:
        plain = measure(server, browser, isolated, args, "plain")
    finally:
        server.cleanup()

    report(crypto, args, "As deployed (mod_session_crypto cookie)", [
        ("B", "A", "(target >= 0.97)"),
        ("C", "A", "(target >= 0.95)"),
        ("C", "D", "(target > 1)"),
        ("E", "S", "(target >= 0.9)"),
        ("M", "S", "(a merging ping: rewrites and re-encrypts the session)"),
        ("R", "B", "(a rewrite with crypto on every request: what the "
                   "throttle saves)"),
    ])
    report(plain, args, "The module's own cost (unencrypted cookie)", [
        ("B", "A", ""), ("C", "A", ""), ("C", "D", ""), ("E", "S", ""),
    ])


if __name__ == "__main__":
    main()
