"""The RPM spec (Fedora/RHEL): parsed by Debian's rpmspec with the macros
Fedora's httpd-devel defines (Debian's rpm lacks them), and checked against
what `make install` stages under Fedora's layout."""
import os
import re
import subprocess
import tempfile

from httpd import ROOT

SPEC = os.path.join(ROOT, "mod_session_security.spec")
# As Fedora's httpd-devel (macros.httpd) defines them on x86_64.
HTTPD_MACROS = {
    "_libdir": "/usr/lib64",
    "_httpd_mmn": "20120211x8664",
    "_httpd_apxs": "/usr/bin/apxs",
    "_httpd_moddir": "%{_libdir}/httpd/modules",
    "_httpd_modconfdir": "%{_sysconfdir}/httpd/conf.modules.d",
    "_httpd_confdir": "%{_sysconfdir}/httpd/conf.d",
}


def parse():
    command = ["rpmspec", "--parse"]
    for name, value in HTTPD_MACROS.items():
        command += ["-D", f"{name} {value}"]
    done = subprocess.run(command + [SPEC], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def files_section(parsed):
    section = parsed.split("\n%files\n", 1)[1].split("\n%changelog", 1)[0]
    return [line.split()[-1] for line in section.splitlines()
            if line.strip() and not line.startswith("#")]


def test_spec_parses_with_fedora_conventions():
    parsed = parse()
    assert "%{" not in parsed.replace("%{name}", ""), \
        [line for line in parsed.splitlines() if "%{" in line]
    assert re.search(r"^Requires:\s+httpd-mmn = 20120211x8664$", parsed, re.M)
    assert re.search(r"^Requires:\s+mod_session$", parsed, re.M)
    assert re.search(r"^BuildRequires:\s+httpd-devel$", parsed, re.M)
    assert "/usr/lib64/httpd/modules/mod_session_security.so" in parsed
    for conf in ("/etc/httpd/conf.modules.d/10-session_security.conf",
                 "/etc/httpd/conf.d/session_security.conf"):
        assert f"%config(noreplace) {conf}" in parsed


def test_spec_version_matches_configure_and_debian():
    parsed = parse()
    version = re.search(r"^Version:\s+(\S+)$", parsed, re.M).group(1)
    with open(os.path.join(ROOT, "configure.ac")) as f:
        assert f"AC_INIT([mod_session_security], [{version}]" in f.read()
    with open(os.path.join(ROOT, "debian", "changelog")) as f:
        assert f.readline().startswith(
            f"libapache2-mod-session-security ({version}")


def test_spec_files_cover_what_make_install_stages():
    """Every file `make install` puts under Fedora's layout is listed in
    %files (itself, or a directory listed there), and every entry exists."""
    listed = files_section(parse())
    with tempfile.TemporaryDirectory() as stage:
        done = subprocess.run(
            ["make", "-s", "install", f"DESTDIR={stage}",
             "LIBEXECDIR=/usr/lib64/httpd/modules", "SYSCONFDIR=/etc/httpd",
             "DOCDIR=/usr/share/doc/mod_session_security"],
            cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        staged = sorted("/" + os.path.relpath(os.path.join(base, name), stage)
                        for base, _, names in os.walk(stage) for name in names)
    # The spec's own %install writes the two conf files.
    staged += ["/etc/httpd/conf.modules.d/10-session_security.conf",
               "/etc/httpd/conf.d/session_security.conf"]
    for path in staged:
        assert any(path == entry or (entry.endswith("/")
                                     and path.startswith(entry))
                   for entry in listed), (path, listed)
    for entry in listed:
        assert any(path == entry or path.startswith(entry) for path in staged), entry
