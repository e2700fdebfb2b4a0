<?php
// The application's policy, which mod_headers replaces (conf/csp.conf).
header("Content-Security-Policy: script-src 'nonce-fromPhp'");
?><!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Replaced policy</title></head>
<body><h1>Replaced</h1></body></html>
