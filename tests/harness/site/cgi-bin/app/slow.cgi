#!/bin/sh
# A long request: works QUERY_STRING seconds (default 2) before it answers.
sleep "${QUERY_STRING:-2}"
printf 'Content-Type: text/html\r\n\r\n<!DOCTYPE html><html><head><title>slow</title></head><body>done</body></html>\n'
