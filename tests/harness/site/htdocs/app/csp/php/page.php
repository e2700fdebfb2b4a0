<?php
// The application sets its own policy with a fresh nonce.
$nonce = base64_encode(random_bytes(12));
header("Content-Security-Policy: default-src 'self'; script-src 'nonce-$nonce' 'strict-dynamic'; style-src 'self'");
?><!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Nonce from PHP</title>
<script nonce="<?= $nonce ?>">window.appScriptRan = true;</script>
</head>
<body><h1>A page whose policy PHP sets</h1>
<p>Lorem ipsum <?= str_repeat('dolor sit amet ', 200) ?></p></body></html>
