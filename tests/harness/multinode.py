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
DBDPrepareSQL "UPDATE session SET value = %s, expiry = %lld, key = %s, updated = now() WHERE key = %s" updatesession
DBDPrepareSQL "DELETE FROM session WHERE expiry != 0 AND expiry < %lld" cleansession"""


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
        return subprocess.run(["runuser", "-u", "postgres", "--"] + args,
                              check=True, capture_output=True, text=True,
                              **kwargs)

    def start(self):
        if not os.path.exists(os.path.join(PG_BIN, "initdb")):
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.dir = tempfile.mkdtemp(prefix="ssec-pg-")
        entry = pwd.getpwnam("postgres")
        os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        data = os.path.join(self.dir, "data")
        self._as_postgres([f"{PG_BIN}/initdb", "-D", data, "-A", "trust",
                           "-U", "postgres", "--no-sync"])
        self._as_postgres([f"{PG_BIN}/pg_ctl", "-D", data, "-w", "-l",
                           os.path.join(self.dir, "log"), "-o",
                           f"-p {self.port} -k {self.dir} -h 127.0.0.1 "
                           "-c fsync=off -c synchronous_commit=off", "start"])
        self.sql(f"CREATE ROLE ssec LOGIN PASSWORD '{self.password}'", db="postgres")
        self.sql("CREATE DATABASE sessions OWNER ssec", db="postgres")
        self.sql(SCHEMA, user="ssec")
        return self

    def sql(self, statement, db="sessions", user="postgres"):
        done = self._as_postgres(
            [f"{PG_BIN}/psql", "-h", self.dir, "-p", str(self.port), "-U", user,
             "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement])
        return done.stdout.strip()

    def writes(self):
        """Rows inserted, updated and deleted in the session table so far."""
        self.sql("SELECT pg_stat_force_next_flush()")
        out = self.sql("SELECT n_tup_ins + n_tup_upd + n_tup_del FROM "
                       "pg_stat_user_tables WHERE relname = 'session'")
        return int(out or 0)

    def stop(self):
        if self.dir:
            subprocess.run(["runuser", "-u", "postgres", "--",
                            f"{PG_BIN}/pg_ctl", "-D",
                            os.path.join(self.dir, "data"), "-m", "immediate",
                            "-w", "stop"], capture_output=True)
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


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
        self.process = subprocess.Popen(
            ["apache2", "-f", path, "-DFOREGROUND"], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=httpd_environment())
        wait_port(self.port, self.process, "the balancer")
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        self.process = None
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
