<?php
// A page under a strict policy: only scripts and styles of this origin.
header("Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'");
?><!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP</title></head>
<body><h1>A page with script-src 'self'</h1></body></html>
