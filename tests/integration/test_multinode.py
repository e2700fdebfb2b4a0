"""Several app nodes behind mod_proxy_balancer (round robin, no
stickiness), sharing sessions through the encrypted cookie and through
mod_session_dbd on PostgreSQL; one node under a shifted clock."""
import os
import time

import pytest
import requests

from httpd import Httpd
from multinode import CLEANUP, PG_BIN, Balancer, Postgres, dbd_session_conf

WARN, EXPIRE = 2, 4
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def node_of(response):
    return dict(line.split("=", 1) for line in response.text.split())["node"]


def idle_of(response):
    return int(dict(line.split("=", 1) for line in response.text.split())["idle"])


def sign_in(front):
    browser = requests.Session()
    response = browser.post(front.url("/app/cgi/node.cgi"), data={
        "httpd_username": "demo", "httpd_password": "demo-password"})
    assert response.status_code == 200, response.text[:300]
    return browser


class Cluster:
    def __init__(self, nodes, balancer):
        self.nodes, self.front = nodes, balancer

    def stop(self):
        self.front.stop()
        crashes = [c for n in self.nodes for c in n.crashes()]
        for node in self.nodes:
            node.cleanup()
        return crashes


def start_cluster(session_conf=None, passphrase=None, node_env=(None, None),
                  tolerance=None):
    extra = f"SessionSecurityClockTolerance {tolerance}\n" if tolerance else ""
    nodes = [Httpd(warn_after=WARN, expire_after=EXPIRE, passphrase=passphrase,
                   session_conf=session_conf, env=env, extra_conf=extra,
                   modules=["dbd", "session_dbd"] if session_conf else ())
             for env in node_env]
    for node in nodes:
        node.start()
    front = Balancer([n.port for n in nodes]).start()
    return Cluster(nodes, front)


def check_shared_flow(cluster):
    """The single-node behaviour, whichever node answers."""
    front = cluster.front
    browser = sign_in(front)
    seen = {node_of(browser.get(front.url("/app/cgi/node.cgi"))) for _ in range(4)}
    assert len(seen) == 2, "round robin reached both nodes"
    # Activity on one node, a passive ping answered by the other: they agree.
    browser.get(front.url("/app/cgi/node.cgi"))
    time.sleep(2.2)
    idles = [browser.get(front.url("/session_security/ping")).json()
             for _ in range(2)]
    assert all(2 <= i <= 3 for i in idles), idles
    # The merge works on either node: idleFor=0 then a passive read.
    for _ in range(2):
        assert browser.get(front.url("/session_security/ping?idleFor=0")).json() == 0
    assert browser.get(front.url("/session_security/ping")).json() <= 1
    # Expiry found by any node signs the browser out everywhere.
    time.sleep(EXPIRE + 1.5)
    assert browser.get(front.url("/app/cgi/node.cgi")).status_code == 401
    for _ in range(2):
        assert browser.get(front.url("/app/cgi/node.cgi")).status_code == 401
        assert browser.get(front.url("/session_security/ping")).json() == "logout"


def check_node_loss(cluster):
    front = cluster.front
    browser = sign_in(front)
    for _ in range(2):
        assert browser.get(front.url("/app/cgi/node.cgi")).status_code == 200
    cluster.nodes[0].stop()
    for _ in range(6):
        response = browser.get(front.url("/app/cgi/node.cgi"))
        assert response.status_code == 200, "nobody is signed out"
        assert node_of(response) == os.path.join(cluster.nodes[1].root, "data")
        time.sleep(0.3)


def test_cookie_store_behaves_as_one_node():
    cluster = start_cluster(passphrase="shared-" + os.urandom(8).hex())
    try:
        check_shared_flow(cluster)
        check_node_loss(cluster)
    finally:
        assert not cluster.stop()


@pytest.fixture(scope="module")
def postgres():
    if not os.path.exists(os.path.join(PG_BIN, "initdb")):
        pytest.skip("PostgreSQL is not installed (scripts/install-deps.sh --tests installs it)")
    pg = Postgres().start()
    yield pg
    pg.stop()


SIGNED_IN = "-user=demo"  # mod_auth_form's "<AuthName>-user" entry


def test_database_store_behaves_as_one_node(postgres):
    postgres.sql("TRUNCATE session")
    cluster = start_cluster(session_conf=dbd_session_conf(postgres))
    try:
        check_shared_flow(cluster)
        # The expired session's row is gone: nothing signed in stays.
        rows = postgres.sql("SELECT value FROM session")
        assert SIGNED_IN not in rows, rows
        check_node_loss(cluster)
    finally:
        assert not cluster.stop()


def test_abandoned_rows_are_cleaned_up(postgres):
    postgres.sql("TRUNCATE session")
    cluster = start_cluster(session_conf=dbd_session_conf(postgres))
    try:
        browser = sign_in(cluster.front)
        browser.get(cluster.front.url("/app/cgi/node.cgi"))
        assert SIGNED_IN in postgres.sql("SELECT value FROM session")
        time.sleep(EXPIRE + 1.5)  # the browser went away
        postgres.sql(CLEANUP.format(seconds=EXPIRE + 1))
        assert SIGNED_IN not in postgres.sql("SELECT value FROM session")
        assert browser.get(cluster.front.url("/app/cgi/node.cgi")).status_code == 401
    finally:
        assert not cluster.stop()


def test_database_writes_per_100_page_views(postgres):
    cluster = start_cluster(session_conf=dbd_session_conf(postgres))
    try:
        browser = sign_in(cluster.front)
        start = postgres.writes()
        began = time.monotonic()
        for _ in range(100):  # an active user: a page every 50 ms for ~6 s
            assert browser.get(cluster.front.url("/app/cgi/node.cgi")).status_code == 200
            time.sleep(0.05)
        elapsed = time.monotonic() - began
        writes = postgres.writes() - start
        # ExpireAfter 4 s: a resolution of 1 s, so at most one stamp rewrite
        # per second (each a delete and an insert: a new id per dirty save).
        print(f"\n{writes} row writes for 100 page views in {elapsed:.1f} s")
        assert writes <= 3 * (elapsed + 1), writes
        assert writes < 100
    finally:
        assert not cluster.stop()


@pytest.mark.skipif(not os.path.exists(FAKETIME), reason="libfaketime missing")
def test_clock_skew_within_and_beyond_the_tolerance():
    # Node B's clock is 3 s behind: within the default tolerance of 5 s.
    behind = {"LD_PRELOAD": FAKETIME, "FAKETIME": "-3s", "FAKETIME_NO_CACHE": "1",
              "FAKETIME_DONT_RESET": "1"}
    cluster = start_cluster(passphrase="skew-" + os.urandom(8).hex(),
                            node_env=(None, behind))
    try:
        front = cluster.front
        browser = sign_in(front)
        # An active user, stamped by both clocks, is never signed out.
        for _ in range(12):
            assert browser.get(front.url("/app/cgi/node.cgi")).status_code == 200
            time.sleep(0.5)
        # Idle: the slow node keeps the session alive at most by its skew.
        slow = cluster.nodes[1]
        ping = f"http://127.0.0.1:{slow.port}/session_security/ping"
        browser.get(f"http://127.0.0.1:{cluster.nodes[0].port}/app/cgi/node.cgi")
        time.sleep(EXPIRE + 0.5)
        idle = browser.get(ping).json()  # passive: reads, never extends
        assert isinstance(idle, int) and idle <= 2, idle
        time.sleep(3.5)  # past ExpireAfter + skew: expired there too
        assert browser.get(ping).json() == "logout"
        assert browser.get(front.url("/app/cgi/node.cgi")).status_code == 401
    finally:
        assert not cluster.stop()

    # 10 s behind, tolerance 5 s: fails closed and says why.
    far = dict(behind, FAKETIME="-10s")
    cluster = start_cluster(passphrase="skew2-" + os.urandom(8).hex(),
                            node_env=(None, far))
    try:
        front = cluster.front
        browser = requests.Session()
        fast, slow = cluster.nodes
        # Sign in on the node with the right clock, then reach the other.
        browser.post(f"http://127.0.0.1:{fast.port}/app/cgi/node.cgi", data={
            "httpd_username": "demo", "httpd_password": "demo-password"})
        browser.get(f"http://127.0.0.1:{fast.port}/app/cgi/node.cgi")
        response = browser.get(f"http://127.0.0.1:{slow.port}/app/cgi/node.cgi")
        assert response.status_code == 401
        log = slow.error_log()
        assert "SSEC020" in log and "ahead of this server's clock" in log
        assert "SessionSecurityClockTolerance 5" in log
    finally:
        assert not cluster.stop()
