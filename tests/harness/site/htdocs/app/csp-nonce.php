<?php
// A page whose policy allows scripts only with this response's nonce: the
// module copies the nonce into the tag it inserts.
$nonce = base64_encode(random_bytes(12));
header("Content-Security-Policy: default-src 'self'; script-src 'nonce-$nonce'; style-src 'self'");
?><!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Nonce CSP</title></head>
<body><h1>A page with a script nonce</h1></body></html>
