#!/bin/sh
# A classic CGI application that serves XHTML as application/xhtml+xml to
# browsers that accept it (and as text/html to others). Its script runs
# only if the browser's XML parser accepted the whole page.
case "${HTTP_ACCEPT:-}" in
  *application/xhtml+xml*) type=application/xhtml+xml ;;
  *) type=text/html ;;
esac
printf 'Content-Type: %s; charset=utf-8\r\n\r\n' "$type"
cat <<XHTML
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta http-equiv="Content-Type" content="$type; charset=utf-8" />
<title>XHTML (CGI)</title>
<script type="text/javascript">
//<![CDATA[
window.appScriptRan = 1 < 2 && true;
//]]>
</script>
</head>
<body>
<h1>An XHTML page</h1>
<p>Signed in as <strong id="user">${REMOTE_USER:-}</strong>.<br />
<a href="/app/">The PHP app</a></p>
</body>
</html>
XHTML
