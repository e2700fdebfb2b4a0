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
