#!/usr/bin/python3
"""Runs the harness httpd until stdin closes (or Ctrl-C), for the browser
tests and the demo. Prints one JSON line: {"base_url", "user", "password",
"root"}. Options: --warn-after N --expire-after N [--logout-url URL]
[--port N] [--extra-conf FILE] [--apps] [--forever]."""
import argparse
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpd import Httpd  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warn-after", type=int, default=2)
    parser.add_argument("--expire-after", type=int, default=4)
    parser.add_argument("--logout-url")
    parser.add_argument("--port", type=int)
    parser.add_argument("--extra-conf", help="a file appended to httpd.conf")
    parser.add_argument("--log-level")
    parser.add_argument("--apps", action="store_true",
                        help="mount nagios4-cgi, cgit and phpsysinfo (apps.py)")
    parser.add_argument("--forever", action="store_true",
                        help="run until SIGTERM or Ctrl-C, ignoring stdin")
    args = parser.parse_args()
    extra = ""
    if args.extra_conf:
        with open(args.extra_conf) as f:
            extra = f.read()
    server = Httpd(warn_after=args.warn_after, expire_after=args.expire_after,
                   logout_url=args.logout_url, port=args.port,
                   extra_conf=extra, log_level=args.log_level,
                   apps=args.apps)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.start()
        print(json.dumps({"base_url": server.url("/app/"), "user": server.user,
                          "password": server.password, "root": server.root}),
              flush=True)
        try:
            if args.forever:
                signal.pause()
            else:
                sys.stdin.read()  # until the caller closes stdin
        except KeyboardInterrupt:
            pass
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
