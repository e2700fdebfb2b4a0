"""Several app nodes behind a balancer, for the multi-node tests and docs:
a front httpd with mod_proxy_balancer (round robin, no stickiness), app
nodes from httpd.py sharing their sessions through the encrypted cookie
(one SessionCryptoPassphrase) or through mod_session_dbd on a private
PostgreSQL cluster. Everything started here is stopped by its owner."""
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from httpd import MODULES_DIR, free_port, httpd_environment

PG_BIN = (sorted(glob.glob("/usr/lib/postgresql/*/bin")) or [""])[-1]

# mod_session_dbd's statements, as in conf/multinode-dbd.conf and
# docs/MULTINODE.md. The key column is the session id of the cookie; expiry
# is mod_session's own (0: none); updated drives the clean-up of abandoned
# rows.
SCHEMA = """
CREATE TABLE session (
  key     varchar(64) PRIMARY KEY,
  value   text        NOT NULL,
  expiry  bigint      NOT NULL DEFAULT 0,
  updated timestamptz NOT NULL DEFAULT now()
);
"""
DBD_STATEMENTS = """DBDPrepareSQL "SELECT value FROM session WHERE key = %s AND (expiry = 0 OR expiry > %lld)" selectsession
DBDPrepareSQL "DELETE FROM session WHERE key = %s" deletesession
DBDPrepareSQL "INSERT INTO session (value, expiry, key) VALUES (%s, %lld, %s)" insertsession
DBDPrepareSQL "UPDATE session SET value = %s, expiry = %lld, key = %s, updated = now() WHERE key = %s" updatesession"""
# (No "cleansession": mod_session_dbd 2.4 never runs it; its clean-up
# function returns APR_ENOTIMPL. Abandoned rows go by CLEANUP below.)

# Test instrumentation, not part of the documented schema: a trigger that
# records every row written to the session table (one row of session_writes
# per inserted, updated or deleted row, in the same transaction), so the
# tests count writes exactly. (pg_stat_user_tables lags: each backend
# flushes its statistics on its own schedule.)
WRITE_COUNTER = """
CREATE TABLE session_writes (op text NOT NULL);
CREATE FUNCTION count_session_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO session_writes (op) VALUES (TG_OP);
  RETURN NULL;
END $$;
CREATE TRIGGER count_session_writes
  AFTER INSERT OR UPDATE OR DELETE ON session
  FOR EACH ROW EXECUTE FUNCTION count_session_write();
"""


# Deletes rows nobody used for longer than ExpireAfter plus the stamp
# resolution: such a session is expired whatever it holds (an active one
# is rewritten at least once per resolution). Run it from cron.
CLEANUP = "DELETE FROM session WHERE updated < now() - interval '{seconds} seconds'"


def dbd_session_conf(pg):
    return f"""DBDriver pgsql
DBDParams "host=127.0.0.1 port={pg.port} dbname=sessions user=ssec password={pg.password}"
DBDMin 1
DBDKeep 2
DBDMax 10
{DBD_STATEMENTS}
Session On
SessionDBDCookieName session path=/;httponly;SameSite=Lax
SessionDBDPerUser Off"""


def wait_port(port, process, what, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout} s")


class Postgres:
    """A private PostgreSQL cluster on 127.0.0.1 (as user postgres)."""

    def __init__(self):
        self.port = free_port()
        self.password = secrets.token_hex(8)
        self.dir = None

    def _as_postgres(self, args, **kwargs):
        kwargs.setdefault("timeout", 60)
        return subprocess.run(["runuser", "-u", "postgres", "--"] + args,
                              check=True, capture_output=True, text=True,
                              **kwargs)

    def start(self):
        if not os.path.exists(os.path.join(PG_BIN, "initdb")):
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.dir = tempfile.mkdtemp(prefix="ssec-pg-")
        try:
            entry = pwd.getpwnam("postgres")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
            data = os.path.join(self.dir, "data")
            self._as_postgres([f"{PG_BIN}/initdb", "-D", data, "-A", "trust",
                               "-U", "postgres", "--no-sync"])
            self._as_postgres([f"{PG_BIN}/pg_ctl", "-D", data, "-w", "-l",
                               os.path.join(self.dir, "log"), "-o",
                               f"-p {self.port} -k {self.dir} -h 127.0.0.1 "
                               "-c fsync=off -c synchronous_commit=off",
                               "start"], timeout=60)
            self.sql(f"CREATE ROLE ssec LOGIN PASSWORD '{self.password}'",
                     db="postgres")
            self.sql("CREATE DATABASE sessions OWNER ssec", db="postgres")
            self.sql(SCHEMA, user="ssec")
            self.sql(WRITE_COUNTER, user="ssec")
        except BaseException:
            self.stop()  # whatever got started: the cluster, the directory
            raise
        return self

    def sql(self, statement, db="sessions", user="postgres"):
        done = self._as_postgres(
            [f"{PG_BIN}/psql", "-h", self.dir, "-p", str(self.port), "-U", user,
             "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement])
        return done.stdout.strip()

    def writes(self):
        """Rows written to the session table so far, by operation:
        {"INSERT": n, "UPDATE": n, "DELETE": n}, exact (WRITE_COUNTER)."""
        counts = {"INSERT": 0, "UPDATE": 0, "DELETE": 0}
        out = self.sql("SELECT op, count(*) FROM session_writes GROUP BY op")
        for line in out.splitlines():
            op, n = line.split("|")
            counts[op] = int(n)
        return counts

    def stop(self):
        if self.dir:
            data = os.path.join(self.dir, "data")
            if os.path.exists(os.path.join(data, "postmaster.pid")):
                done = subprocess.run(
                    ["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl",
                     "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"],
                    capture_output=True)
                if done.returncode != 0:
                    self._kill_postmaster(data)
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    @staticmethod
    def _kill_postmaster(data):
        """The last resort when pg_ctl could not stop the cluster: an
        immediate shutdown (SIGQUIT), then SIGKILL if it lingers."""
        try:
            with open(os.path.join(data, "postmaster.pid")) as f:
                pid = int(f.readline())
            os.kill(pid, signal.SIGQUIT)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                os.kill(pid, 0)  # raises once it is gone
                time.sleep(0.1)
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass


class Balancer:
    """A front httpd: mod_proxy_balancer, round robin, no stickiness."""

    MODULES = ["mpm_event", "authz_core", "proxy", "proxy_http",
               "proxy_balancer", "lbmethod_byrequests", "slotmem_shm"]

    def __init__(self, node_ports):
        self.node_ports = list(node_ports)
        self.port = free_port()
        self.root = None
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def conf(self):
        loads = "\n".join(f"LoadModule {m}_module {MODULES_DIR}/mod_{m}.so"
                          for m in self.MODULES)
        members = "\n".join(f"  BalancerMember http://127.0.0.1:{p} retry=30"
                            for p in self.node_ports)
        user = "User www-data\nGroup www-data\n" if os.getuid() == 0 else ""
        return f"""ServerRoot {self.root}
Listen 127.0.0.1:{self.port}
ServerName 127.0.0.1:{self.port}
{user}PidFile {self.root}/httpd.pid
ErrorLog {self.root}/error.log
LogLevel warn
DefaultRuntimeDir {self.root}
Mutex file:{self.root}
# As the nodes' (httpd.py): longer than any pause of the tests.
KeepAliveTimeout 30
{loads}
<Proxy "balancer://app">
{members}
  ProxySet lbmethod=byrequests
</Proxy>
ProxyPass "/" "balancer://app/"
ProxyPassReverse "/" "balancer://app/"
ProxyPreserveHost On
"""

    def start(self):
        self.root = tempfile.mkdtemp(prefix="ssec-balancer-")
        os.chmod(self.root, 0o755)
        path = os.path.join(self.root, "httpd.conf")
        with open(path, "w") as f:
            f.write(self.conf())
        output = os.path.join(self.root, "output")
        try:
            with open(output, "w") as out:
                # Its own process group, so that a kill reaches the children.
                self.process = subprocess.Popen(
                    ["apache2", "-f", path, "-DFOREGROUND"], stdout=out,
                    stderr=subprocess.STDOUT, env=httpd_environment(),
                    start_new_session=True)
            wait_port(self.port, self.process, "the balancer")
        except BaseException as e:
            try:
                with open(output, errors="replace") as f:
                    said = f.read()
            except OSError:
                said = ""
            self.stop()
            if isinstance(e, RuntimeError) and said:
                raise RuntimeError(f"{e}:\n{said}") from e
            raise
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except OSError:
                    pass
                self.process.wait()
        self.process = None
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


class Cluster:
    """App nodes (Httpd) behind a Balancer. start() either returns a running
    cluster or stops whatever it had started and raises; stop() stops all
    and returns the crashes found in the nodes' error logs."""

    def __init__(self, nodes, balancer=Balancer):
        self.nodes = list(nodes)
        self.balancer = balancer
        self.front = None

    def start(self):
        try:
            for node in self.nodes:
                node.start()
            self.front = self.balancer([n.port for n in self.nodes]).start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        crashes, errors = [], []
        parts = ([self.front.stop] if self.front is not None else [])
        for node in self.nodes:
            parts += [lambda n=node: crashes.extend(n.crashes() if n.root else []),
                      node.cleanup]
        for part in parts:  # every part, whatever an earlier one raised
            try:
                part()
            except Exception as e:  # noqa: BLE001
                errors.append(e)
        if errors:
            raise errors[0]
        return crashes
