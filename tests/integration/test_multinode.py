"""Several app nodes behind mod_proxy_balancer (round robin, no
stickiness), sharing sessions through the encrypted cookie and through
mod_session_dbd on PostgreSQL; nodes under a shifted clock (libfaketime).

The flows go through the balancer; where it matters which node answers,
the same browser (one cookie jar) also talks to each node on its own port.
The figures measured here (database writes per 100 page views, the size
of the encrypted cookie) are printed at the end of the run under
"measured figures" (conftest.py)."""
import glob
import math
import os
import re
import socket
import subprocess
import tempfile
import time

import pytest
import requests

from httpd import MODULE, ROOT, Httpd, free_port, httpd_environment
from multinode import (CLEANUP, PG_BIN, Balancer, Cluster, Postgres,
                       dbd_session_conf)

WARN, EXPIRE = 2, 4
RESOLUTION = 1  # the stamp resolution: max(1, min(60, ExpireAfter / 20))
PAGE = "/app/cgi/node.cgi"
PING = "/session_security/ping"
SIGNED_IN = "-user=demo"  # mod_auth_form's "<AuthName>-user" entry
FAKETIME = (sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
            or [None])[0]
# libfaketime and the sanitizer runtime (make sanitize-check preloads it,
# SSEC_PRELOAD) hang httpd at start-up when preloaded together.
needs_faketime = pytest.mark.skipif(
    FAKETIME is None or bool(os.environ.get("SSEC_PRELOAD")),
    reason="libfaketime is not installed, or cannot be preloaded with the "
           "sanitizer runtime")
SKEW = 3  # seconds behind, within the default tolerance of 5 s


# --- helpers -----------------------------------------------------------------
def node_of(response):
    return dict(line.split("=", 1) for line in response.text.split())["node"]


def data_dir(node):
    return os.path.join(node.root, "data")  # what node.cgi reports


def clock_behind(seconds):
    """The environment of a node whose clock is `seconds` behind."""
    return {"LD_PRELOAD": FAKETIME, "FAKETIME": f"-{seconds}s",
            "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_RESET": "1"}


def start_cluster(session_conf=None, passphrase=None, node_env=(None, None),
                  tolerance=None):
    """Two app nodes and the balancer; on a failed start, whatever was
    started is stopped (Cluster.start)."""
    extra = f"SessionSecurityClockTolerance {tolerance}\n" if tolerance else ""
    if session_conf is None and passphrase is None:
        passphrase = "shared-" + os.urandom(8).hex()
    nodes = [Httpd(warn_after=WARN, expire_after=EXPIRE, passphrase=passphrase,
                   session_conf=session_conf, env=env, extra_conf=extra,
                   modules=["dbd", "session_dbd"] if session_conf else ())
             for env in node_env]
    return Cluster(nodes).start()


def sign_in(url):
    """A browser signed in through the login form (inline login) at url."""
    browser = requests.Session()
    response = browser.post(url, data={
        "httpd_username": "demo", "httpd_password": "demo-password"})
    assert response.status_code == 200, response.text[:300]
    return browser


def timed(call):
    """(result, wall clock before, wall clock after)."""
    before = time.time()
    result = call()
    return result, before, time.time()


def wait_until(wall_clock):
    time.sleep(max(0.0, wall_clock - time.time()))


def replay(node, path, cookie):
    """A request carrying a copy of an old session cookie."""
    return requests.get(node.url(path), headers={"Cookie": f"session={cookie}"})


def rows_with_key(postgres, key):
    """How many rows of the session table hold this session id."""
    return int(postgres.sql(
        f"SELECT count(*) FROM session WHERE key = '{key}'"))


def session_cookie_deleted(response):
    return re.search(r"(?:^|,\s*)session=;[^,]*max-age=0",
                     response.headers.get("Set-Cookie", ""), re.I) is not None


def check_nodes_agree(browser, a, b):
    """Node a sees activity, node b reads it; node b merges the browser's
    idleFor, node a reads that. Which node answers is known: each is
    reached on its own port with the browser's cookie jar."""
    response, t0, t1 = timed(lambda: browser.get(a.url(PAGE)))
    assert response.status_code == 200 and node_of(response) == data_dir(a)
    # The stamp is the millisecond of that request (written, or kept by
    # the throttle, less than a resolution before it).
    wait_until(t1 + 2.2)
    idle, t2, t3 = timed(lambda: browser.get(b.url(PING)).json())
    assert math.floor(t2 - t1) <= idle <= math.floor(t3 - t0), (idle, t0, t3)
    assert idle >= 2
    # Another tab of the browser saw input just now: node b merges it ...
    assert browser.get(b.url(PING + "?idleFor=0")).json() == 0
    # ... and node a, which read an idle time of 2 s or more, now reads
    # the merged stamp.
    idle = browser.get(a.url(PING)).json()
    assert idle <= 1, idle


# --- the shared flow, on either store ------------------------------------------
def check_shared_flow(cluster, postgres=None):
    """The single-node behaviour, whichever node answers."""
    front = cluster.front
    one, two = cluster.nodes
    browser = sign_in(front.url(PAGE))
    seen = {node_of(browser.get(front.url(PAGE))) for _ in range(4)}
    assert seen == {data_dir(one), data_dir(two)}, "round robin reached both"

    # Through the balancer: activity, then two passive pings (one per node,
    # round robin) that agree on the idle time.
    _, t0, t1 = timed(lambda: browser.get(front.url(PAGE)))
    wait_until(t1 + 2.2)
    idles, t2, t3 = timed(lambda: [browser.get(front.url(PING)).json()
                                   for _ in range(2)])
    assert all(math.floor(t2 - t1) <= i <= math.floor(t3 - t0)
               for i in idles), idles

    # Deterministic: activity on one node, passive ping on the other; a
    # merging ping on one node, passive ping on the other; both directions.
    check_nodes_agree(browser, one, two)
    check_nodes_agree(browser, two, one)

    # Expiry, found through the balancer, signs the browser out everywhere.
    _, t0, t1 = timed(lambda: browser.get(one.url(PING + "?idleFor=0")))
    old = browser.cookies.get("session")
    wait_until(t1 + EXPIRE + 0.5)  # the stamp is t1 at the latest (ms)
    response = browser.get(front.url(PAGE))
    assert response.status_code == 401
    assert 'id="expired"' in response.text, "the login page says why"
    for node in (one, two):
        assert browser.get(node.url(PAGE)).status_code == 401
        assert browser.get(node.url(PING)).json() == "logout"
    if postgres is not None:
        # The expired session's row is gone.
        assert rows_with_key(postgres, old) == 0
        rows = postgres.sql("SELECT value FROM session")
        assert SIGNED_IN not in rows, rows
    for node in (one, two):
        assert replay(node, PING, old).json() == "logout"


def check_node_loss(cluster):
    front = cluster.front
    browser = sign_in(front.url(PAGE))
    for _ in range(2):
        assert browser.get(front.url(PAGE)).status_code == 200
    cluster.nodes[0].stop()
    for _ in range(6):
        response = browser.get(front.url(PAGE))
        assert response.status_code == 200, "nobody is signed out"
        assert node_of(response) == data_dir(cluster.nodes[1])
        assert isinstance(browser.get(front.url(PING)).json(), int)
        time.sleep(0.3)


def test_cookie_store_behaves_as_one_node(figures):
    cluster = start_cluster()
    try:
        browser = sign_in(cluster.front.url(PAGE))
        assert browser.get(cluster.front.url(PAGE)).status_code == 200
        value = browser.cookies.get("session")
        # Browsers drop cookies over 4096 bytes: far from it.
        assert value and len(value) < 1024, value
        figures.append(
            f"cookie store: encrypted session cookie of a signed-in session "
            f"(mod_auth_form's user and password, two stamps): {len(value)} "
            f"bytes of value ({len('session=') + len(value)} in the Cookie "
            f"header)")
        browser.close()
        check_shared_flow(cluster)
        check_node_loss(cluster)
    finally:
        assert not cluster.stop()


@pytest.fixture(scope="module")
def postgres():
    if not os.path.exists(os.path.join(PG_BIN, "initdb")):
        pytest.skip("PostgreSQL is not installed (scripts/install-deps.sh --tests installs it)")
    pg = Postgres().start()  # stops what it started if it fails
    try:
        yield pg
    finally:
        pg.stop()


def test_database_store_behaves_as_one_node(postgres):
    postgres.sql("TRUNCATE session")
    cluster = start_cluster(session_conf=dbd_session_conf(postgres))
    try:
        check_shared_flow(cluster, postgres)
        check_node_loss(cluster)
    finally:
        assert not cluster.stop()


def test_abandoned_rows_are_cleaned_up(postgres):
    postgres.sql("TRUNCATE session")
    cluster = start_cluster(session_conf=dbd_session_conf(postgres))
    try:
        front = cluster.front
        gone, active = sign_in(front.url(PAGE)), sign_in(front.url(PAGE))
        _, _, left = timed(lambda: gone.get(front.url(PAGE)))
        assert postgres.sql("SELECT count(*) FROM session WHERE value LIKE "
                            f"'%{SIGNED_IN}%'") == "2"
        # One browser went away; the other stays active meanwhile.
        while time.time() < left + EXPIRE + RESOLUTION + 0.5:
            assert active.get(front.url(PAGE)).status_code == 200
            time.sleep(0.3)
        # The cron job, with a margin of ExpireAfter + the resolution.
        postgres.sql(CLEANUP.format(seconds=EXPIRE + RESOLUTION))
        assert postgres.sql("SELECT count(*) FROM session WHERE value LIKE "
                            f"'%{SIGNED_IN}%'") == "1"
        assert gone.get(front.url(PAGE)).status_code == 401
        assert active.get(front.url(PAGE)).status_code == 200
    finally:
        assert not cluster.stop()


def test_database_writes_per_100_page_views(postgres, figures):
    cluster = start_cluster(session_conf=dbd_session_conf(postgres))
    try:
        front = cluster.front
        browser = sign_in(front.url(PAGE))
        before = postgres.writes()
        began = time.monotonic()
        for _ in range(100):  # an active user: a page every 50 ms or so
            assert browser.get(front.url(PAGE)).status_code == 200
            time.sleep(0.05)
        elapsed = time.monotonic() - began
        after = postgres.writes()
        delta = {op: after[op] - before[op] for op in after}
        writes = sum(delta.values())
        # ExpireAfter 4 s: a resolution of 1 s, so the stamp is rewritten
        # once per second of activity: each rewrite is one UPDATE of the
        # row (mod_session_dbd's new id per dirty save rewrites the key).
        assert delta["INSERT"] == delta["DELETE"] == 0, delta
        # At least one rewrite per second of activity (half of them, for
        # a loaded machine where a request may take a second).
        assert writes >= max(3, int(elapsed / RESOLUTION) // 2), (writes, elapsed)
        assert writes <= elapsed / RESOLUTION + 2, (writes, elapsed)
        assert writes <= 25, "far below one write per page view"
        # Passive requests (pings) never write.
        for _ in range(20):
            assert isinstance(browser.get(front.url(PING)).json(), int)
        assert sum(postgres.writes().values()) == sum(after.values())
        figures.append(
            f"database store: {writes} row writes ({delta['UPDATE']} UPDATE) "
            f"per 100 page views of an active user over {elapsed:.1f} s, two "
            f"nodes behind the balancer, ExpireAfter {EXPIRE} s (resolution "
            f"{RESOLUTION} s); 0 writes for 20 passive pings")
    finally:
        assert not cluster.stop()


# --- clock skew ----------------------------------------------------------------
def go_idle_past_expiry(browser, right, slow):
    """A last request to the node with the right clock, then idle until
    just past ExpireAfter there. Checks that the slow node, alone, would
    still accept the session (it reads the idle time minus its skew).
    Returns the session cookie of then and the wall clock before and after
    that request (the stamp lies between them)."""
    _, t0, t1 = timed(lambda: browser.get(right.url(PAGE)))
    old = browser.cookies.get("session")
    wait_until(t1 + EXPIRE + 0.2)
    idle, t2, t3 = timed(lambda: replay(slow, PING, old).json())
    assert isinstance(idle, int), idle
    assert (math.floor(t2 - SKEW - t1 - 0.05) <= idle
            <= math.floor(t3 - SKEW - t0 + 0.05)), idle
    return old, t0, t1


@needs_faketime
def test_clock_skew_within_the_tolerance_cookie_store():
    """Node two is SKEW s behind (default tolerance 5 s)."""
    cluster = start_cluster(node_env=(None, clock_behind(SKEW)))
    try:
        right, slow = cluster.nodes
        browser = sign_in(right.url(PAGE))
        # An active user, stamped by both clocks, is never signed out; a
        # stamp from the node ahead counts as "just now" on the slow one.
        for _ in range(6):
            assert browser.get(right.url(PAGE)).status_code == 200
            assert browser.get(slow.url(PING)).json() == 0
            time.sleep(0.5)
            assert browser.get(slow.url(PAGE)).status_code == 200
            time.sleep(0.5)
        assert "SSEC020" not in slow.error_log()

        # Idle: the node with the right clock finds the session expired;
        # the slow node, which alone would still accept it, signs the
        # browser out too: the cookie was deleted.
        old, t0, t1 = go_idle_past_expiry(browser, right, slow)
        response = browser.get(right.url(PAGE))
        assert response.status_code == 401
        assert session_cookie_deleted(response), response.headers
        assert "session" not in browser.cookies
        assert browser.get(slow.url(PAGE)).status_code == 401
        assert browser.get(slow.url(PING)).json() == "logout"
        # A copy of the old cookie is still accepted by the slow node (a
        # cookie store cannot revoke), at most by its skew:
        assert isinstance(replay(slow, PING, old).json(), int)
        # (all of the above before the slow node expires it on its own)
        assert time.time() < t0 + EXPIRE + SKEW
        wait_until(t1 + EXPIRE + SKEW + 0.2)
        assert replay(slow, PING, old).json() == "logout"
    finally:
        assert not cluster.stop()


def expire_on_the_ping(browser, node):
    """The client script's ping finds the session expired."""
    assert browser.get(node.url(PING)).json() == "logout"


def expire_on_a_page(browser, node):
    """A page finds it expired. The answer is the ErrorDocument (the login
    form) through an internal redirect, where mod_session_dbd looks its
    session up anew: the module saves the cleared session itself then."""
    assert browser.get(node.url(PAGE)).status_code == 401


@needs_faketime
@pytest.mark.parametrize("find_expiry", [expire_on_the_ping, expire_on_a_page])
def test_clock_skew_database_store_expiry_reaches_the_slow_node(
        postgres, find_expiry):
    postgres.sql("TRUNCATE session")
    cluster = start_cluster(session_conf=dbd_session_conf(postgres),
                            node_env=(None, clock_behind(SKEW)))
    try:
        right, slow = cluster.nodes
        browser = sign_in(right.url(PAGE))
        old, t0, _ = go_idle_past_expiry(browser, right, slow)
        # The node with the right clock finds it expired: the row is gone.
        find_expiry(browser, right)
        assert rows_with_key(postgres, old) == 0
        # The OLD cookie, replayed to the slow node: signed out there too.
        assert replay(slow, PING, old).json() == "logout"
        assert replay(slow, PAGE, old).status_code == 401
        # And the browser's own next requests to the slow node.
        assert browser.get(slow.url(PAGE)).status_code == 401
        assert browser.get(slow.url(PING)).json() == "logout"
        assert time.time() < t0 + EXPIRE + SKEW, "before the slow node's own expiry"
        assert SIGNED_IN not in postgres.sql("SELECT value FROM session")
    finally:
        assert not cluster.stop()


def test_database_store_row_goes_however_the_expiry_is_answered(postgres):
    """On one node with SessionSecurityLogoutURL: a page that finds the
    session expired gets the 302, a script request the JSON 401; either
    way the row is deleted (mod_session saves on error answers too)."""
    postgres.sql("TRUNCATE session")
    node = Httpd(warn_after=WARN, expire_after=EXPIRE, logout_url="/bye",
                 session_conf=dbd_session_conf(postgres),
                 modules=["dbd", "session_dbd"])
    with node:
        page, script = sign_in(node.url(PAGE)), sign_in(node.url(PAGE))
        keys = {b.cookies.get("session") for b in (page, script)}
        for key in keys:
            assert rows_with_key(postgres, key) == 1
        time.sleep(EXPIRE + 1.2)
        redirected = page.get(node.url(PAGE), allow_redirects=False)
        assert redirected.status_code == 302
        assert redirected.headers["Location"].endswith("/bye")
        refused = script.get(node.url(PAGE),
                             headers={"X-Requested-With": "XMLHttpRequest"})
        assert refused.status_code == 401
        assert refused.json()["error"] == "signed_out"
        for key in keys:
            assert rows_with_key(postgres, key) == 0
        assert SIGNED_IN not in postgres.sql("SELECT value FROM session")
        assert not node.crashes()


SSEC020_FUTURE = re.compile(
    r"SSEC020: signed out user 'demo' \(activity stamp in the future beyond "
    r"the clock tolerance\): .* stamp (\d+) ms ahead of this server's clock "
    r"\(SessionSecurityClockTolerance (\d+)\)")


@needs_faketime
def test_clock_skew_beyond_the_tolerance_fails_closed():
    # 10 s behind, default tolerance 5 s: signed out, and the log says why.
    cluster = start_cluster(node_env=(None, clock_behind(10)))
    try:
        right, slow = cluster.nodes
        browser = sign_in(right.url(PAGE))
        assert browser.get(right.url(PAGE)).status_code == 200
        response = browser.get(slow.url(PAGE))
        assert response.status_code == 401
        assert session_cookie_deleted(response), response.headers
        found = SSEC020_FUTURE.findall(slow.error_log())
        assert len(found) == 1, slow.error_log()
        skew, tolerance = map(int, found[0])
        assert 9000 <= skew <= 11000 and tolerance == 5, found
        assert browser.get(right.url(PAGE)).status_code == 401  # everywhere
    finally:
        assert not cluster.stop()

    # 10 s behind with SessionSecurityClockTolerance 15: within it.
    cluster = start_cluster(node_env=(None, clock_behind(10)), tolerance=15)
    try:
        right, slow = cluster.nodes
        browser = sign_in(right.url(PAGE))
        for _ in range(4):
            assert browser.get(right.url(PAGE)).status_code == 200
            assert browser.get(slow.url(PING)).json() == 0
            assert browser.get(slow.url(PAGE)).status_code == 200
            time.sleep(0.5)
        assert "SSEC020" not in slow.error_log()
    finally:
        assert not cluster.stop()


# --- failed starts ----------------------------------------------------------------
def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.5).close()
        return True
    except OSError:
        return False


def test_a_failed_cluster_start_stops_what_it_started():
    # The second node cannot start: the first one is stopped.
    good = Httpd(warn_after=WARN, expire_after=EXPIRE)
    bad = Httpd(warn_after=WARN, expire_after=EXPIRE,
                extra_conf="NoSuchDirective here\n")
    with pytest.raises(RuntimeError, match="NoSuchDirective"):
        Cluster([good, bad]).start()
    assert good.process is None and not listening(good.port)
    assert not os.path.exists(good.root) and not os.path.exists(bad.root)

    # The balancer cannot start: both nodes are stopped, and so is it.
    started = []

    class BrokenBalancer(Balancer):
        def conf(self):
            started.append(self)
            return super().conf() + "NoSuchDirective here\n"

    nodes = [Httpd(warn_after=WARN, expire_after=EXPIRE) for _ in range(2)]
    with pytest.raises(RuntimeError, match="NoSuchDirective"):
        Cluster(nodes, balancer=BrokenBalancer).start()
    assert all(n.process is None and not listening(n.port) for n in nodes)
    assert len(started) == 1 and started[0].process is None
    assert started[0].root is None


def test_a_failed_postgres_start_stops_the_cluster():
    if not os.path.exists(os.path.join(PG_BIN, "initdb")):
        pytest.skip("PostgreSQL is not installed")

    # A statement of start() fails after the cluster started.
    class BrokenPostgres(Postgres):
        def sql(self, statement, **kwargs):
            if "CREATE TABLE session" in statement:
                statement = "CREATE TABLE session (broken"
            return super().sql(statement, **kwargs)

    pg = BrokenPostgres()
    with pytest.raises(subprocess.CalledProcessError):
        pg.start()
    assert pg.dir is None and not listening(pg.port)


# --- the conf examples -----------------------------------------------------------
CONF_WRAPPER = """ServerRoot /usr/lib/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {dir}/httpd.pid
ErrorLog {dir}/error.log
DefaultRuntimeDir {dir}
LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authz_core_module modules/mod_authz_core.so
{auth}Include {dir}/example.conf
"""
AUTH_MODULES = "".join(
    f"LoadModule {m}_module modules/mod_{m}.so\n"
    for m in ("authn_core", "authz_user", "authn_file"))


@pytest.mark.parametrize("name", ["multinode-balancer.conf",
                                  "multinode-cookie.conf",
                                  "multinode-dbd.conf"])
def test_conf_examples_pass_configtest(name):
    """`apache2 -t` on the example, inside a minimal main configuration
    (ServerRoot, an MPM, authz_core; the auth modules for the app nodes).
    Nothing is started: -t only parses (no host is resolved, no database
    is reached; mod_dbd only loads the pgsql driver)."""
    with open(os.path.join(ROOT, "conf", name)) as f:
        text = f.read()
    # The module from the build tree rather than an installed one.
    text = text.replace("modules/mod_session_security.so", MODULE)
    with tempfile.TemporaryDirectory(prefix="ssec-conf-") as d:
        with open(os.path.join(d, "example.conf"), "w") as f:
            f.write(text)
        wrapper = os.path.join(d, "httpd.conf")
        with open(wrapper, "w") as f:
            f.write(CONF_WRAPPER.format(
                port=free_port(), dir=d,
                auth="" if "balancer" in name else AUTH_MODULES))
        done = subprocess.run(["apache2", "-t", "-f", wrapper],
                              capture_output=True, text=True, timeout=30,
                              env=httpd_environment())
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "Syntax OK" in output, output
