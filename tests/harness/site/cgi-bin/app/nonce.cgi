#!/bin/sh
# A legacy CGI page under a policy that mod_headers sets with a fresh nonce
# per request (conf/csp.conf); its own inline script uses that nonce.
printf 'Content-Type: text/html; charset=utf-8\r\n\r\n'
cat <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Nonce from mod_unique_id</title>
<script nonce="${CSP_NONCE:-}">window.appScriptRan = true;</script>
</head>
<body><h1>A CGI page under a per-request nonce</h1><p id="nonce">${CSP_NONCE:-}</p></body></html>
HTML
