<?php
// The policy comes from mod_headers (conf/csp.conf) with the nonce in
// CSP_NONCE; the page's own script carries the same nonce.
$nonce = htmlspecialchars(getenv('CSP_NONCE') ?: '');
?><!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Nonce from Header set</title>
<script nonce="<?= $nonce ?>">window.appScriptRan = true;</script>
</head>
<body><h1>A page whose policy mod_headers sets</h1>
<p>Lorem ipsum <?= str_repeat('dolor sit amet ', 200) ?></p></body></html>
