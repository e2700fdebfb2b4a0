<?php
// The demo's PHP application: it knows nothing about mod_session_security
// except the variables the module gives it.
$effects = getenv('SSEC_SIDE_EFFECTS');
if ($effects) file_put_contents($effects, "php-index\n", FILE_APPEND | LOCK_EX);
$saved = null;
if ($_SERVER['REQUEST_METHOD'] === 'POST' && isset($_POST['note'])) {
    $saved = $_POST['note'];
    if ($effects) {
        file_put_contents($effects, 'php-note:' . rawurlencode($saved) . "\n",
                          FILE_APPEND | LOCK_EX);
    }
}
$idle = getenv('SESSION_SECURITY_IDLE');
header('Content-Type: text/html; charset=utf-8');
?><!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Notes (PHP)</title>
</head>
<body>
<h1>Notes, a PHP app</h1>
<p>Signed in as <strong id="user"><?= htmlspecialchars(getenv('REMOTE_USER') ?: (getenv('REDIRECT_REMOTE_USER') ?: '')) ?></strong>.
Idle before this request: <span id="idle"><?= htmlspecialchars($idle === false ? '?' : $idle) ?></span> s.</p>
<?php if ($saved !== null): ?>
<p id="saved">Saved: <?= htmlspecialchars($saved) ?></p>
<?php endif; ?>
<form method="post" action="/app/index.php">
<p><label for="note">Note</label><br>
<textarea id="note" name="note" rows="4" cols="40"></textarea></p>
<p><button type="submit">Save</button></p>
</form>
<p><a href="/app/cgi/hello.cgi">The CGI app</a> · <a href="/logout">Sign out</a></p>
</body>
</html>
