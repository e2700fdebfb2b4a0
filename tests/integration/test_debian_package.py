"""The Debian package: built from debian/ in a temp copy of the tree,
checked by lintian, installed with dpkg -i, enabled with a2enmod, used by
the system's apache2 binary (a private server root, never the system's
service) to protect a CGI script, then purged; the machine is left as it
was found (enabled modules, files under /etc/apache2 and /var/lib/apache2).

The rest of the integration suite loads build/mod_session_security.so,
never the installed one."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
import requests

from httpd import MODULES_DIR, ROOT, free_port, run_user

# dpkg -i, a2enmod and a package build (two cores for half a minute) beside
# the timing-sensitive tests of other modules: never; scripts/test.sh runs
# this module alone, before the others (conftest.py).
pytestmark = pytest.mark.serial

PACKAGE = "libapache2-mod-session-security"
STATE_DIRS = ("/etc/apache2", "/var/lib/apache2")
EXPECTED_FILES = {
    "/etc/apache2/mods-available/session_security.conf",
    "/etc/apache2/mods-available/session_security.load",
    "/usr/lib/apache2/modules/mod_session_security.so",
    "/usr/share/mod_session_security/session-security.js",
    "/usr/share/mod_session_security/session-security.js.map",
    "/usr/share/mod_session_security/session-security-dialog.js",
    "/usr/share/mod_session_security/session-security-dialog.js.map",
    "/usr/share/mod_session_security/session-security-language.js",
    "/usr/share/mod_session_security/session-security-language.js.map",
    "/usr/share/mod_session_security/session-security-drafts.js",
    "/usr/share/mod_session_security/session-security-drafts.js.map",
    "/usr/share/mod_session_security/i18n/en.json",
    "/usr/share/mod_session_security/i18n/de.json",
    f"/usr/share/doc/{PACKAGE}/README.md.gz",
    f"/usr/share/doc/{PACKAGE}/DIRECTIVES.md.gz",
    f"/usr/share/doc/{PACKAGE}/copyright",
}
# Modules the private server loads itself; session and session_security
# come from what a2enmod enabled.
OWN_MODULES = ["mpm_event", "authz_core", "authz_user", "authn_core",
               "authn_file", "session_cookie", "session_crypto", "request",
               "auth_form", "mime", "alias", "cgid"]
CGI = """#!/bin/sh
printf 'Content-Type: text/html\\n\\n'
printf '<!DOCTYPE html><html><head><title>t</title></head>'
printf '<body><p>hello %s</p></body></html>\\n' "$REMOTE_USER"
"""


def run(*command, **kw):
    return subprocess.run(command, capture_output=True, text=True, **kw)


def snapshot():
    """Every path under the directories a2enmod and dpkg's conffiles touch,
    with the target of each symlink."""
    found = {}
    for top in STATE_DIRS:
        for base, dirs, files in os.walk(top):
            for name in dirs + files:
                path = os.path.join(base, name)
                found[path] = (os.readlink(path) if os.path.islink(path)
                               else "dir" if os.path.isdir(path) else "file")
    return found


def installed(package):
    done = run("dpkg-query", "-W", "-f=${Status}", package)
    return done.returncode == 0 and "installed" in done.stdout \
        and "not-installed" not in done.stdout


def system_apache_running():
    for pidfile in ("/run/apache2/apache2.pid", "/var/run/apache2/apache2.pid"):
        try:
            with open(pidfile) as f:
                os.kill(int(f.read().strip()), 0)
                return True
        except (OSError, ValueError):
            continue
    return False


def copy_tree(dest):
    """The work tree as git sees it (tracked and untracked, not ignored),
    so build/ and node_modules/ stay out and the work tree stays clean."""
    listed = run("git", "ls-files", "-co", "--exclude-standard", "-z", cwd=ROOT)
    names = [n for n in listed.stdout.split("\0") if n] \
        if listed.returncode == 0 else None
    if not names:
        shutil.copytree(ROOT, dest, symlinks=True, ignore=shutil.ignore_patterns(
            ".git", "build", "build-*", "node_modules", "__pycache__"))
        return
    for name in names:
        source = os.path.join(ROOT, name)
        if not os.path.lexists(source):
            continue  # deleted in the work tree, not yet in the index
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


@pytest.fixture(scope="module")
def built(figures):
    """(directory, .deb path, lintian output)."""
    work = tempfile.mkdtemp(prefix="ssec-deb-")
    source = os.path.join(work, "src")
    copy_tree(source)
    env = dict(os.environ, DEB_BUILD_OPTIONS="nocheck parallel=2")
    done = run("dpkg-buildpackage", "-us", "-uc", "-b", cwd=source, env=env,
               timeout=900)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    debs = [n for n in os.listdir(work)
            if n.startswith(PACKAGE + "_") and n.endswith(".deb")]
    assert len(debs) == 1, os.listdir(work)
    changes = [n for n in os.listdir(work) if n.endswith(".changes")]
    lint = run("lintian", "--allow-root", "--pedantic", "--info",
               "--display-info", "--fail-on", "error",
               os.path.join(work, changes[0]), timeout=600)
    figures.append(f"lintian (--pedantic -I) on {changes[0]}: "
                   + (lint.stdout.strip() or "no tags"))
    listing = run("dpkg-deb", "-c", os.path.join(work, debs[0])).stdout
    figures.append("package files: " + " ".join(
        line.split()[-1].lstrip(".") for line in listing.splitlines()
        if not line.startswith("d")))
    yield work, os.path.join(work, debs[0]), lint
    shutil.rmtree(work, ignore_errors=True)


def test_lintian_reports_no_error(built):
    _, _, lint = built
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert not re.search(r"^E: ", lint.stdout, re.M), lint.stdout


def test_package_holds_the_module_client_and_docs(built):
    _, deb, _ = built
    listing = run("dpkg-deb", "-c", deb).stdout
    files = {line.split()[-1].lstrip(".") for line in listing.splitlines()}
    assert EXPECTED_FILES <= files, listing
    control = run("dpkg-deb", "-I", deb, "postinst").stdout
    assert "apache2-maintscript-helper" in control
    assert re.search(r"for conf in session_security\b.*apache2_invoke enmod",
                     control, re.S), control
    assert not re.search(r"^\s*a2enmod", control, re.M)


def private_conf(root, port):
    user = run_user()
    loads = "\n".join(f"LoadModule {m}_module {MODULES_DIR}/mod_{m}.so"
                      for m in OWN_MODULES)
    users = f"User {user}\nGroup {user}\n" if user else ""
    return f"""ServerRoot {root}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1:{port}
{users}PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn
DefaultRuntimeDir {root}/run
ScriptSock {root}/run/cgid.sock
Mutex file:{root}/run
# Well below the pause past ExpireAfter: the idle connection is closed long
# before it would be used again (at the default 5 s, the close raced the
# next request, which failed with "Remote end closed connection").
KeepAliveTimeout 2
# What a2enmod session_security enabled (mod_session by its Depends line).
Include /etc/apache2/mods-enabled/session.load
{loads}
Include /etc/apache2/mods-enabled/session_security.load
Include /etc/apache2/mods-enabled/session_security.conf
TypesConfig /etc/mime.types
DocumentRoot {root}/htdocs
<Directory />
  Require all denied
</Directory>
<Directory {root}/htdocs>
  Require all granted
</Directory>
Session On
SessionCookieName session path=/;httponly;SameSite=Lax
SessionCryptoPassphrase {os.urandom(16).hex()}
SessionSecurityWarnAfter 2
SessionSecurityExpireAfter 4
ScriptAlias /app/cgi/ {root}/cgi-bin/
<Directory {root}/cgi-bin>
  Require all granted
</Directory>
<Location /app>
  SessionSecurity On
  AuthType form
  AuthName app
  AuthFormProvider file
  AuthUserFile {root}/htpasswd
  Require valid-user
  ErrorDocument 401 /login.html
</Location>
"""


def start_private_apache(root):
    port = free_port()
    for sub in ("run", "htdocs", "cgi-bin"):
        os.makedirs(os.path.join(root, sub))
    os.chmod(root, 0o755)
    with open(os.path.join(root, "htdocs", "login.html"), "w") as f:
        f.write("<!DOCTYPE html><html><body><form method=post>"
                "<input name=httpd_username><input name=httpd_password>"
                "</form></body></html>\n")
    script = os.path.join(root, "cgi-bin", "hello.cgi")
    with open(script, "w") as f:
        f.write(CGI)
    os.chmod(script, 0o755)
    subprocess.run(["htpasswd", "-b", "-c", "-B",
                    os.path.join(root, "htpasswd"), "admin", "secret-pw"],
                   check=True, capture_output=True)
    conf = os.path.join(root, "httpd.conf")
    with open(conf, "w") as f:
        f.write(private_conf(root, port))
    process = subprocess.Popen(["/usr/sbin/apache2", "-f", conf,
                                "-DFOREGROUND"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read().decode(errors="replace"))
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return process, port
        except requests.ConnectionError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("apache2 did not start")


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_install_enable_use_and_purge(built):
    _, deb, _ = built
    assert not installed(PACKAGE), f"{PACKAGE} is installed already"
    if system_apache_running():
        pytest.fail("the system's apache2 service is running: installing the "
                    "package would reload it; run this test where it is not")
    before = snapshot()
    enabled_before = set(os.listdir("/etc/apache2/mods-enabled"))
    root = tempfile.mkdtemp(prefix="ssec-debtest-")
    process = None
    try:
        done = run("dpkg", "-i", deb, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        for path in EXPECTED_FILES:
            assert os.path.exists(path), path
        done = run("a2enmod", "session_security")
        assert done.returncode == 0, done.stdout + done.stderr
        for name in ("session.load", "session_security.load",
                     "session_security.conf"):
            link = os.path.join("/etc/apache2/mods-enabled", name)
            assert os.path.islink(link), name
            assert os.readlink(link) == f"../mods-available/{name}"

        process, port = start_private_apache(root)
        base = f"http://127.0.0.1:{port}"
        browser = requests.Session()
        page = browser.post(base + "/app/cgi/hello.cgi", data={
            "httpd_username": "admin", "httpd_password": "secret-pw"},
            allow_redirects=False, timeout=10)
        assert page.status_code == 200, page.text[:500]
        assert "hello admin" in page.text
        tags = re.findall(r"<script[^>]*session-security\.js[^>]*>", page.text)
        assert len(tags) == 1, page.text
        script = browser.get(base + "/session_security/session-security.js",
                             timeout=10)
        assert script.status_code == 200
        with open("/usr/share/mod_session_security/session-security.js",
                  "rb") as f:
            assert script.content == f.read()

        time.sleep(5)  # past ExpireAfter 4
        after = browser.get(base + "/app/cgi/hello.cgi", timeout=10,
                            allow_redirects=False)
        assert "hello admin" not in after.text
        assert after.status_code == 401, after.status_code
        again = browser.get(base + "/app/cgi/hello.cgi", timeout=10,
                            allow_redirects=False)
        assert again.status_code == 401  # the session is gone, not just hidden
        with open(os.path.join(root, "error.log")) as f:
            log = f.read()
        assert not re.search(r"exit signal|Segmentation", log), log
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(root, ignore_errors=True)
        purge = run("dpkg", "--purge", PACKAGE, timeout=300)
        # a2enmod enabled mod_session as a dependency: disable what this
        # test enabled (and forget a2enmod's record of it).
        for name in sorted(set(os.listdir("/etc/apache2/mods-enabled"))
                           - enabled_before):
            if name.endswith(".load"):
                run("a2dismod", "-q", "-f", "-p", name[:-len(".load")])
        # a2enmod/a2dismod leave empty record directories behind
        # (disabled_by_admin, ...): remove those that were not there.
        for path in sorted(set(snapshot()) - set(before), reverse=True):
            if os.path.isdir(path) and not os.listdir(path):
                os.rmdir(path)
    assert purge.returncode == 0, purge.stdout + purge.stderr
    assert not installed(PACKAGE)
    assert set(os.listdir("/etc/apache2/mods-enabled")) == enabled_before
    for path in EXPECTED_FILES:
        assert not os.path.exists(path), path
    assert not os.path.exists("/usr/share/mod_session_security")
    assert not os.path.exists(f"/usr/share/doc/{PACKAGE}")
    assert snapshot() == before


def test_packaged_conf_comments_every_directive_with_its_default():
    """conf/session_security.conf (installed by the package and by make
    install) names every directive of directives.cpp, commented out, with
    the default docs/DIRECTIVES.md gives."""
    with open(os.path.join(ROOT, "mod_session_security", "directives.cpp")) as f:
        names = set(re.findall(r'AP_INIT_\w+\(\s*"(SessionSecurity\w*)"',
                               f.read()))
    with open(os.path.join(ROOT, "docs", "DIRECTIVES.md")) as f:
        defaults = {name: line for line, name in re.findall(
            r"^\| Default \| `((SessionSecurity\w*) [^`]*)`", f.read(), re.M)}
    with open(os.path.join(ROOT, "conf", "session_security.conf")) as f:
        conf = f.read()
    assert len(names) >= 12 and len(defaults) >= 11, (names, defaults)
    for name in names:
        assert re.search(rf"^\s*#{name} ", conf, re.M), name
    for name, line in defaults.items():
        assert re.search(rf"^\s*#{re.escape(line)}\s*$", conf, re.M), line
