#!/usr/bin/python3
"""Soak: a bounded wrk load (tests/soak/mix.lua) against the real httpd
with the module, mixing page views, pings good and bad, tampered cookies,
expired sessions and anonymous requests. Passes when there is no 5xx, no
crash or "exit signal" in the error log, and the children's memory is flat
between the first and the last part of the run.

    /usr/bin/python3 tests/soak/soak.py --seconds 60 --connections 50
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from httpd import Httpd  # noqa: E402

PAGE = ("<!DOCTYPE html><html><head><title>soak</title></head><body>"
        + "<p>text</p>" * 200 + "</body></html>\n")
SHORT = """
MaxKeepAliveRequests 0
<Location /app>
  # A static login page: the load tests the module, not Python start-up.
  ErrorDocument 401 /login.html
</Location>
<Location /app/short>
  SessionSecurityWarnAfter 1
  SessionSecurityExpireAfter 2
</Location>
"""


WARM_UP_SECONDS = 3


def peak_by_child(samples, start, end):
    """{pid: highest kB} over the samples taken from `start` to `end`."""
    peaks = {}
    for t, by_pid in samples:
        if start <= t <= end:
            for pid, kb in by_pid.items():
                peaks[pid] = max(peaks.get(pid, 0), kb)
    return peaks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    window = max(2, min(10, args.seconds // 4))

    import requests
    with Httpd(warn_after=540, expire_after=600, extra_conf=SHORT,
               log_level="warn") as server:
        server.write_htdocs("app/page.html", PAGE)
        server.write_htdocs("app/short/page.html", PAGE)
        server.write_htdocs("login.html", "<!DOCTYPE html><html><head>"
                            "<title>Sign in</title></head><body><form method="
                            "post><input name=httpd_username><input "
                            "type=password name=httpd_password></form>"
                            "</body></html>\n")
        browser = requests.Session()
        browser.post(server.url("/app/"), data={
            "httpd_username": server.user, "httpd_password": server.password})
        assert browser.get(server.url("/app/page.html")).status_code == 200
        cookie = "session=" + browser.cookies.get("session")

        def run_wrk(seconds):
            env = dict(os.environ, SSEC_COOKIE=cookie)
            return subprocess.run(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s",
                 "-s", os.path.join(HERE, "mix.lua"), server.url("/")],
                capture_output=True, text=True, env=env,
                timeout=seconds + 60)

        # Warm-up, not measured: the MPM starts the children the load
        # needs, and their threads, allocators and caches settle.
        warm_up = run_wrk(WARM_UP_SECONDS)

        samples = []  # (seconds since the start, {child pid: kB})

        def sample():
            start = time.monotonic()
            while time.monotonic() - start < args.seconds + 1:
                samples.append((time.monotonic() - start,
                                server.children_memory_by_pid()))
                time.sleep(1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out = run_wrk(args.seconds)
        sampler.join(timeout=5)
        crashes = server.crashes()
    print(out.stdout)
    match = re.search(r"SOAK requests=(\d+) server_errors=(\d+)", out.stdout)
    warm_up_match = re.search(r"server_errors=(\d+)", warm_up.stdout)
    first = peak_by_child(samples, 0, window)
    last = peak_by_child(samples, args.seconds - window, args.seconds + 1)
    # Children that served the whole run: a leak grows in each of them.
    lasting = sorted(set(first) & set(last))
    first_kb = sum(first[pid] for pid in lasting)
    last_kb = sum(last[pid] for pid in lasting)
    print(f"children anonymous RSS ({len(lasting)} children that lasted the "
          f"run): first {window} s max {first_kb} kB, last {window} s max "
          f"{last_kb} kB; children seen: first {sorted(first)}, "
          f"last {sorted(last)}")
    failures = []
    if not match or not warm_up_match:
        failures.append("wrk printed no summary")
    elif int(warm_up_match.group(1)) != 0:
        failures.append(f"{warm_up_match.group(1)} answers of the warm-up "
                        "were 5xx")
    elif int(match.group(2)) != 0:
        failures.append(f"{match.group(2)} answers were 5xx")
    if crashes:
        failures.append(f"crashes in the error log: {crashes[:3]}")
    # Flat: within 10 % plus 4 MB (threads, malloc arenas and caches warm
    # up in the first seconds; a leak grows with every request).
    if not lasting:
        failures.append("no child lasted the whole run: memory not compared")
    elif last_kb > first_kb * 1.10 + 4096:
        failures.append(f"memory grew from {first_kb} to {last_kb} kB")
    print("soak: " + ("; ".join(failures) if failures else
                      f"passed: {match.group(1)} requests, no 5xx, no crash, "
                      f"memory flat"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
