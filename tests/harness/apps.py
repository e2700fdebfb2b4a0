"""Third-party applications from Debian's packages, run from their installed
files inside the harness httpd (never enabled in the system's Apache): the
data they need is generated under the server's temp root. Each is mounted
under /app (so behind mod_auth_form and the module); a request with the
header `X-Test-Inject: off` is answered with SessionSecurityInject Off, to
compare answers.

  nagios   nagios4-cgi: status CGIs that rely on REMOTE_USER and reload
           themselves (Refresh header, refresh_rate), over a generated
           config dir, object cache and status file
  cgit     cgit over a git repository made here
  php      phpsysinfo (PHP through php-cgi, no database)
"""
import os
import subprocess
import time

# Seconds between the self-reloads of Nagios' status pages: above the
# tests' ExpireAfter, since every reload is a request, hence activity.
NAGIOS_REFRESH = 6

NAGIOS_OBJECTS = """define timeperiod {
\ttimeperiod_name\t24x7
\talias\tAlways
\tsunday\t00:00-24:00
\tmonday\t00:00-24:00
\ttuesday\t00:00-24:00
\twednesday\t00:00-24:00
\tthursday\t00:00-24:00
\tfriday\t00:00-24:00
\tsaturday\t00:00-24:00
\t}
define command {
\tcommand_name\tcheck-true
\tcommand_line\t/bin/true
\t}
define host {
\thost_name\tweb1
\talias\tWeb server one
\taddress\t127.0.0.1
\tcheck_period\t24x7
\tcheck_command\tcheck-true
\tnotification_period\t24x7
\tmax_check_attempts\t3
\tcheck_interval\t5
\tretry_interval\t1
\tactive_checks_enabled\t1
\t}
define service {
\thost_name\tweb1
\tservice_description\tHTTP
\tcheck_period\t24x7
\tcheck_command\tcheck-true
\tnotification_period\t24x7
\tmax_check_attempts\t3
\tcheck_interval\t5
\tretry_interval\t1
\tactive_checks_enabled\t1
\t}
"""


def _nagios_status(now):
    return f"""info {{
\tcreated={now}
\tversion=4.4.6
\t}}
programstatus {{
\tnagios_pid={os.getpid()}
\tdaemon_mode=1
\tprogram_start={now}
\tenable_notifications=1
\tactive_service_checks_enabled=1
\tactive_host_checks_enabled=1
\t}}
hoststatus {{
\thost_name=web1
\thas_been_checked=1
\tcurrent_state=0
\tplugin_output=PING OK - Packet loss = 0%
\tlast_check={now}
\tnext_check={now + 300}
\tstate_type=1
\tlast_state_change={now}
\tlast_time_up={now}
\tactive_checks_enabled=1
\t}}
servicestatus {{
\thost_name=web1
\tservice_description=HTTP
\thas_been_checked=1
\tcurrent_state=0
\tplugin_output=HTTP OK: HTTP/1.1 200 OK
\tlast_check={now}
\tnext_check={now + 300}
\tstate_type=1
\tlast_state_change={now}
\tactive_checks_enabled=1
\t}}
"""


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o644)


def _prepare_nagios(root, user):
    d = os.path.join(root, "nagios")
    _write(os.path.join(d, "nagios.cfg"), "\n".join([
        f"log_file={d}/nagios.log",
        f"object_cache_file={d}/objects.cache",
        f"status_file={d}/status.dat",
        f"command_file={d}/nagios.cmd",
        f"lock_file={d}/nagios.lock",
        "check_external_commands=0", ""]))
    _write(os.path.join(d, "cgi.cfg"), "\n".join([
        f"main_config_file={d}/nagios.cfg",
        "physical_html_path=/usr/share/nagios4/htdocs",
        "url_html_path=/app/nagios4",
        "use_authentication=1",
        "show_context_help=0",
        f"refresh_rate={NAGIOS_REFRESH}",
        f"authorized_for_system_information={user}",
        f"authorized_for_configuration_information={user}",
        f"authorized_for_all_services={user}",
        f"authorized_for_all_hosts={user}", ""]))
    _write(os.path.join(d, "objects.cache"), NAGIOS_OBJECTS)
    _write(os.path.join(d, "status.dat"), _nagios_status(int(time.time())))


def _prepare_cgit(root):
    repo = os.path.join(root, "repo")
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org",
               GIT_AUTHOR_DATE="2024-01-02T03:04:05Z",
               GIT_COMMITTER_DATE="2024-01-02T03:04:05Z",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")

    def git(*args):
        subprocess.run(["git", "-C", repo, *args], check=True, env=env,
                       capture_output=True)

    os.makedirs(repo)
    git("init", "-q", "-b", "main")
    _write(os.path.join(repo, "README"), "A repository made by the tests.\n")
    _write(os.path.join(repo, "src", "hello.c"),
           '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n')
    git("add", ".")
    git("commit", "-q", "-m", "First commit")
    _write(os.path.join(repo, "README"),
           "A repository made by the tests.\nSecond line.\n")
    git("commit", "-q", "-am", "Second commit")
    for base, dirs, files in os.walk(root + "/repo"):
        for name in dirs:
            os.chmod(os.path.join(base, name), 0o755)
        for name in files:
            os.chmod(os.path.join(base, name), 0o644)
    _write(os.path.join(root, "cgitrc"), "\n".join([
        "css=/app/cgit-static/cgit.css",
        "logo=/app/cgit-static/cgit.png",
        "favicon=/app/cgit-static/favicon.ico",
        "cache-size=0",
        "enable-index-links=1",
        "enable-commit-graph=1",
        "snapshots=tar.gz",
        "root-title=Test repositories",
        "repo.url=demo",
        f"repo.path={repo}/.git",
        "repo.desc=a repository made by the tests", ""]))


def prepare(root, user):
    _prepare_nagios(root, user)
    _prepare_cgit(root)


def conf(root):
    """httpd configuration mounting the three applications, for the harness
    (inside /app: the harness' mod_auth_form and SessionSecurity apply)."""
    n = os.path.join(root, "nagios")
    lines = ["# Third-party applications (tests/harness/apps.py)",
             # The tests compare answers with insertion off: same URL, asked
             # with this header (an <If> also applies after mod_actions'
             # internal redirect of PHP pages to /php-bin/).
             '<If "%{HTTP:X-Test-Inject} == \'off\'">',
             "  SessionSecurityInject Off", "</If>"]
    lines += [
        "ScriptAlias /app/nagios4/cgi-bin /usr/lib/cgi-bin/nagios4",
        "Alias /app/nagios4/stylesheets /etc/nagios4/stylesheets",
        "Alias /app/nagios4 /usr/share/nagios4/htdocs",
        "<Location /app/nagios4>",
        f"  SetEnv NAGIOS_CGI_CONFIG {n}/cgi.cfg",
        "</Location>",
        "ScriptAlias /app/cgit/ /usr/lib/cgit/cgit.cgi/",
        "Alias /app/cgit-static /usr/share/cgit",
        "Alias /app/phpsysinfo /usr/share/phpsysinfo",
    ]
    lines += [
        "<Location /app/cgit/>",
        f"  SetEnv CGIT_CONFIG {root}/cgitrc",
        "</Location>",
        "<Directory /usr/lib/cgi-bin/nagios4>",
        "  Options +ExecCGI",
        "  Require all granted",
        "</Directory>",
        "<Directory /usr/share/nagios4/htdocs>",
        "  Options FollowSymLinks",
        "  DirectoryIndex index.php index.html",
        "  Require all granted",
        "</Directory>",
        "<Directory /etc/nagios4/stylesheets>",
        "  Require all granted",
        "</Directory>",
        "<Directory /usr/lib/cgit>",
        "  Options +ExecCGI",
        "  Require all granted",
        "</Directory>",
        "<Directory /usr/share/cgit>",
        "  Require all granted",
        "</Directory>",
        "<Directory /usr/share/phpsysinfo>",
        "  Options SymLinksIfOwnerMatch",
        "  DirectoryIndex index.php",
        "  Require all granted",
        "</Directory>",
        "<Directory /usr/share/phpsysinfo/data>",
        "  Require all denied",
        "</Directory>",
        "<Directory /usr/share/phpsysinfo/includes>",
        "  Require all denied",
        "</Directory>",
    ]
    return "\n".join(lines) + "\n"
