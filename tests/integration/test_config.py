"""Configuration: `apachectl configtest` names the faulty directive, and a
server without mod_session, or with sessions off where the module is on,
says so in the error log instead of crashing."""
import re
import time

import pytest
import requests

from conftest import sign_in
from httpd import Httpd


@pytest.fixture(scope="module")
def spare():
    httpd = Httpd()
    yield httpd
    httpd.cleanup()


def configtest(spare, extra):
    return spare.configtest(spare.conf_text() + extra)


def test_the_harness_config_is_valid(spare):
    status, output = configtest(spare, "")
    assert status == 0, output
    assert "Syntax OK" in output


@pytest.mark.parametrize("line,directive", [
    ("SessionSecurityExpireAfter ten", "SessionSecurityExpireAfter"),
    ("SessionSecurityExpireAfter -5", "SessionSecurityExpireAfter"),
    ("SessionSecurityWarnAfter 1e3", "SessionSecurityWarnAfter"),
    ("SessionSecurityWarnAfter", "SessionSecurityWarnAfter"),
    ("SessionSecurityExpireAfter 99999999999999999999",
     "SessionSecurityExpireAfter"),
    ("SessionSecurityMaxLifetime 1h", "SessionSecurityMaxLifetime"),
    ("SessionSecurityLogoutURL logout.html", "SessionSecurityLogoutURL"),
    ("SessionSecurityLogoutURL ftp://example.com/", "SessionSecurityLogoutURL"),
    ("SessionSecurity Maybe", "SessionSecurity"),
    ("SessionSecurityInject sometimes", "SessionSecurityInject"),
    ("SessionSecurityActivity sometimes", "SessionSecurityActivity"),
    ("SessionSecurityActivity", "SessionSecurityActivity"),
    ("SessionSecurityText colour red", "SessionSecurityText"),
    ("SessionSecurityPingURL ping", "SessionSecurityPingURL"),
    ("SessionSecurityScriptURL script.js", "SessionSecurityScriptURL"),
])
def test_bad_directive_fails_configtest_naming_it(spare, line, directive):
    status, output = configtest(spare, line + "\n")
    assert status != 0, output
    assert directive in output, output


def test_warn_not_below_expire_after_merging(spare):
    # Each block alone is fine; merged, /app/x has WarnAfter 600 >= 300.
    status, output = configtest(spare, """
SessionSecurityWarnAfter 100
<Location /app/x>
  SessionSecurityExpireAfter 300
  SessionSecurityWarnAfter 600
</Location>
""")
    assert status != 0
    assert "SessionSecurityWarnAfter" in output
    assert "SessionSecurityExpireAfter" in output


def test_inner_block_overrides_only_what_it_sets(spare):
    status, output = configtest(spare, """
<Location /app/y>
  SessionSecurityExpireAfter 3
</Location>
""")
    # Inherits WarnAfter 2 from the server: 2 < 3 is valid.
    assert status == 0, output
    status, output = configtest(spare, """
<Location /app/z>
  SessionSecurityExpireAfter 2
</Location>
""")
    assert status != 0 and "SessionSecurityWarnAfter" in output


# WarnAfter 600 >= the server's ExpireAfter, written in every kind of block
# httpd merges at request time; each must fail configtest like a <Location>.
BAD = "SessionSecurityWarnAfter 600"
NESTED_BLOCKS = {
    "Files": f"<Files secret.txt>\n  {BAD}\n</Files>",
    "FilesMatch": f'<FilesMatch "\\.php$">\n  {BAD}\n</FilesMatch>',
    "If": f"<If \"%{{QUERY_STRING}} =~ /x/\">\n  {BAD}\n</If>",
    "ElseIf": ("<If \"%{QUERY_STRING} =~ /x/\">\n</If>\n"
               f"<ElseIf \"%{{QUERY_STRING}} =~ /y/\">\n  {BAD}\n</ElseIf>"),
    "Else": ("<If \"%{QUERY_STRING} =~ /x/\">\n</If>\n"
             f"<Else>\n  {BAD}\n</Else>"),
    "Files in Directory": ("<Directory /srv>\n<Files a.cgi>\n"
                           f"  {BAD}\n</Files>\n</Directory>"),
    "If in Location": ("<Location /app/q>\n<If \"-n %{QUERY_STRING}\">\n"
                       f"  {BAD}\n</If>\n</Location>"),
    "Else in Files in Directory": (
        "<Directory /srv>\n<Files b.cgi>\n<If \"-n %{QUERY_STRING}\">\n"
        f"</If>\n<Else>\n  {BAD}\n</Else>\n</Files>\n</Directory>"),
}


@pytest.mark.parametrize("kind", list(NESTED_BLOCKS))
def test_merged_settings_of_every_block_kind_are_checked(spare, kind):
    status, output = configtest(spare, NESTED_BLOCKS[kind] + "\n")
    assert status != 0, output
    assert "SSEC101" in output, output
    assert "SessionSecurityWarnAfter" in output, output
    # The same block with a consistent value passes.
    good = NESTED_BLOCKS[kind].replace(BAD, "SessionSecurityWarnAfter 3")
    status, output = configtest(spare, good + "\n")
    assert status == 0, output


def test_a_block_inside_a_block_merges_over_it(spare):
    # ExpireAfter 900 from the <Location> makes the inner WarnAfter valid.
    status, output = configtest(spare, f"""
<Location /app/long>
  SessionSecurityExpireAfter 900
  <If "-n %{{QUERY_STRING}}">
    {BAD}
  </If>
</Location>
""")
    assert status == 0, output


def test_start_without_mod_session_is_a_clear_error():
    httpd = Httpd()
    httpd.modules = [m for m in httpd.modules
                     if m not in ("session", "session_cookie", "session_crypto",
                                  "auth_form")]
    try:
        httpd._prepare()
        text = httpd.conf_text()
        text = re.sub(r"(?m)^\s*(Session|AuthForm|AuthType form|ErrorDocument 401|KeptBody).*$",
                      "", text)
        status, output = httpd.configtest(text)
        assert status != 0
        assert "SSEC100" in output and "mod_session" in output
    finally:
        httpd.cleanup()


def test_sessions_off_where_protected_is_a_warning():
    extra = """
<Location /unsessioned>
  Session Off
  SessionSecurity On
</Location>
"""
    with Httpd(extra_conf=extra) as httpd:
        httpd.write_htdocs("unsessioned/index.html", "<html><head></head></html>")
        response = requests.get(httpd.url("/unsessioned/"))
        assert response.status_code == 200
        time.sleep(0.2)
        assert "SSEC001" in httpd.error_log()
        assert not httpd.crashes()


def test_persistent_session_cookie_is_warned_about():
    with Httpd(extra_conf="SessionMaxAge 3600\n") as httpd:
        assert "SSEC102" in httpd.error_log()
        sign_in(httpd)


# --- WCAG 2.2.1: at least 20 s between the warning and the sign-out ---------

def ssec111_lines(output):
    return [line for line in output.splitlines() if "SSEC111" in line]


def test_short_warning_is_a_configtest_warning_naming_both_places(spare):
    # The harness's own timings (WarnAfter 2, ExpireAfter 4) leave 2 s.
    status, output = configtest(spare, "")
    assert status == 0 and "Syntax OK" in output, output
    lines = ssec111_lines(output)
    assert len(lines) == 1, output  # once, not once per inheriting block
    conf = re.escape(f"{spare.root}/configtest.conf")
    assert re.search(rf"SessionSecurityWarnAfter 2 \({conf}:\d+\)", lines[0]), lines[0]
    assert re.search(rf"SessionSecurityExpireAfter 4 \({conf}:\d+\)", lines[0]), lines[0]
    assert "WCAG 2.2.1" in lines[0] and "leave 2 s" in lines[0]


@pytest.mark.parametrize("warn,expire,warned", [
    (20, 40, False), (21, 40, True), (540, 600, False), (580, 599, True)])
def test_twenty_seconds_to_act_pass_without_a_warning(spare, warn, expire, warned):
    text = re.sub(r"(?m)^SessionSecurity(WarnAfter|ExpireAfter) .*$", "",
                  spare.conf_text())
    status, output = spare.configtest(
        text + f"SessionSecurityWarnAfter {warn}\nSessionSecurityExpireAfter {expire}\n")
    assert status == 0, output
    assert bool(ssec111_lines(output)) == warned, output


def test_short_warning_in_an_inner_block_names_that_block(spare):
    text = re.sub(r"(?m)^SessionSecurity(WarnAfter|ExpireAfter) .*$", "",
                  spare.conf_text())
    status, output = spare.configtest(text + """
<Location /app/kiosk>
  SessionSecurityWarnAfter 290
  SessionSecurityExpireAfter 300
</Location>
<Location /unprotected>
  SessionSecurity Off
  SessionSecurityWarnAfter 295
  SessionSecurityExpireAfter 300
</Location>
""")
    assert status == 0, output
    lines = ssec111_lines(output)
    assert len(lines) == 1, output  # not for the block that protects nothing
    assert "SessionSecurityWarnAfter 290" in lines[0] and "leave 10 s" in lines[0]


def test_demo_timings_pass_the_wcag_check(spare):
    # scripts/demo.sh's defaults: WARN=20, EXPIRE=40.
    import os
    from httpd import ROOT
    with open(os.path.join(ROOT, "scripts", "demo.sh")) as f:
        demo = f.read()
    warn = int(re.search(r"warn=\$\{WARN:-(\d+)\}", demo).group(1))
    expire = int(re.search(r"expire=\$\{EXPIRE:-(\d+)\}", demo).group(1))
    text = re.sub(r"(?m)^SessionSecurity(WarnAfter|ExpireAfter) .*$", "",
                  spare.conf_text())
    status, output = spare.configtest(
        text + f"SessionSecurityWarnAfter {warn}\nSessionSecurityExpireAfter {expire}\n")
    assert status == 0 and not ssec111_lines(output), output


def test_a_running_server_with_the_short_test_timings_is_not_an_error():
    # The integration tests run with WarnAfter 2 / ExpireAfter 4: the start
    # logs SSEC111 and the server serves as usual.
    with Httpd() as httpd:
        assert requests.get(httpd.url("/")).status_code == 200
        assert not httpd.crashes()


# --- SessionSecurityText per language ---------------------------------------

@pytest.mark.parametrize("line,message", [
    ("SessionSecurityText de colour rot", "unknown text 'colour'"),
    ("SessionSecurityText deutsch title Titel", "not a language tag"),
    ("SessionSecurityText de_AT title Titel", "not a language tag"),
    ("SessionSecurityText de title", "the text is missing"),
    ("SessionSecurityText de title a b", "SessionSecurityText"),
])
def test_bad_language_text_fails_configtest(spare, line, message):
    status, output = configtest(spare, line + "\n")
    assert status != 0, output
    assert message in output, output


def test_language_texts_pass_configtest(spare):
    status, output = configtest(spare, """
SessionSecurityText title "Every language"
SessionSecurityText de title "Ihre Sitzung endet"
SessionSecurityText pt-BR title-warning "Saindo em {seconds} s"
<Location /app>
  SessionSecurityText de stay "Weiter"
</Location>
""")
    assert status == 0, output
