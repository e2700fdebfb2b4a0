#!/bin/sh
# A page that declares its Content-Security-Policy in a <meta> element (its
# quotes written as PHP's htmlspecialchars writes them), with a script of
# its own under the policy's nonce (tests/browser/filter_http.test.mjs).
printf 'Content-Type: text/html; charset=utf-8\r\n\r\n'
cat <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src &#039;self&#039;; script-src &#039;nonce-M3taN0nce&#039; &#039;strict-dynamic&#039;">
<title>A policy in the page</title>
<script nonce="M3taN0nce">window.appScriptRan = true;</script>
</head><body><p>meta policy</p></body></html>
HTML
