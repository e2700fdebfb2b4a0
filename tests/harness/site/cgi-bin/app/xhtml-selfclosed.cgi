#!/bin/sh
# XHTML served as application/xhtml+xml with self-closed elements that are
# raw text in HTML: an XML parser takes them for empty elements
# (tests/browser/filter_http.test.mjs, tests/integration/test_filter_http.py).
printf 'Content-Type: application/xhtml+xml; charset=utf-8\r\n\r\n'
cat <<'XHTML'
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>self-closed</title>
<script src="/app/self-closed.js"/><style/>
</head>
<body><p>An XHTML page.</p></body></html>
XHTML
