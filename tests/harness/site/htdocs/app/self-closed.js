// The script of tests/harness/site/cgi-bin/app/xhtml-selfclosed.cgi.
window.appScriptRan = true;
