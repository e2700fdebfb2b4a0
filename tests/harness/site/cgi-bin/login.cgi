#!/usr/bin/python3
# The login form of the demo and the tests, shown by "ErrorDocument 401"
# (an internal redirect) for any page of /app asked without a session. It
# posts back to the page that was asked for: mod_auth_form's inline login
# signs the user in and serves that page. A login form may also carry
# httpd_method, httpd_mimetype and httpd_body: mod_auth_form then replays
# that request after signing in (tests/integration/test_expiry.py).
import html
import os

env = os.environ
target = env.get("REDIRECT_URL", "/app/")
query = env.get("REDIRECT_QUERY_STRING")
if query:
    target += "?" + query

notice = ""
if env.get("SESSION_SECURITY_EXPIRED") == "1":
    notice = ('<p role="status" id="expired">You were signed out after a '
              'period of inactivity. Please sign in again.</p>')

print("Status: 401 Unauthorized")
print("Content-Type: text/html; charset=utf-8")
print()
print(f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1>Sign in</h1>
{notice}
<form method="post" action="{html.escape(target)}">
<p><label>User <input type="text" name="httpd_username" autocomplete="username"></label></p>
<p><label>Password <input type="password" name="httpd_password" autocomplete="current-password"></label></p>
<p><button type="submit">Sign in</button></p>
</form>
</body>
</html>""")
