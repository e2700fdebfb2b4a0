<?php
// A page of the application with a form of every kind of field, for the
// drafts (SessionSecurityKeepDrafts, tests/browser/drafts.test.mjs): the
// fields a draft keeps and those it never keeps. It counts the input and
// change events it receives, as an application that validates as you type.
header('Content-Type: text/html; charset=utf-8');
?><!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A letter (PHP)</title>
</head>
<body>
<h1>Write a letter</h1>
<p>Signed in as <strong id="user"><?= htmlspecialchars(getenv('REMOTE_USER') ?: (getenv('REDIRECT_REMOTE_USER') ?: '')) ?></strong>.</p>
<form id="letter" method="post" action="/app/drafts.php">
<p><label>Subject <input id="subject" name="subject"></label></p>
<p><label>Letter <textarea id="body" name="body" rows="4" cols="50"></textarea></label></p>
<p><label>Priority <select id="priority" name="priority"><option>low</option><option>normal</option><option>high</option></select></label></p>
<p><label><input type="checkbox" id="urgent" name="urgent"> urgent</label></p>
<p><label>Password <input type="password" id="password" name="password"></label></p>
<p><label>One-time code <input id="otp" name="otp" autocomplete="off"></label></p>
<p><label>Card number <input id="card" name="card" autocomplete="cc-number"></label></p>
<p data-session-security-no-draft><label>Private note <input id="private" name="private"></label></p>
<input type="hidden" id="token" name="token" value="t0k3n">
<p><button type="submit">Send</button></p>
</form>
<output id="events">0</output>
<script>
// counted only when not typed: events fired by the client
var seen = 0;
['input', 'change'].forEach(function (type) {
  document.addEventListener(type, function (e) {
    if (!e.isTrusted) document.getElementById('events').textContent = String(++seen);
  });
});
</script>
</body>
</html>
