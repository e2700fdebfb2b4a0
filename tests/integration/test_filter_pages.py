"""Issue 10, the pages that the inserter must never change the meaning
of, served by a real httpd (PHP pages, a CGI XHTML application): the DOM
of the output, parsed by an HTML5 parser (html5lib), is the original's
plus one script element of ours in head (or body), or the page is
byte-identical; XHTML output is well-formed XML (lxml)."""
import urllib.parse
import xml.etree.ElementTree as ET

import html5lib
import lxml.etree
import pytest

from conftest import sign_in
from httpd import Httpd

# Escapes what a quoted attribute needs (& and "), which is correct HTML.
ATTRIBUTE_PAGE = """<?php $q = str_replace(['&', '"'], ['&amp;', '&quot;'],
  $_GET['q'] ?? ''); ?><!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="description" content="Results for <?= $q ?>">
<title>Search</title></head>
<body><p>results</p></body></html>
"""
PAGES = {
    "title.html": "<!DOCTYPE html><html><head><title>Why </head> and "
                  "</body> matter</title></head><body><p>x</p></body></html>",
    "textarea.html": "<!DOCTYPE html><html><body><form><textarea name=t>"
                     "</body> in a textarea</textarea></form><p>y</p>"
                     "</body></html>",
    "empty-comments.html": "<!DOCTYPE html><html><head><!--><!--->"
                           "<title>t</title></head><body>z</body></html>",
    "marker-text.html": "<!DOCTYPE html><html><head><title>About "
                        "data-session-security</title></head><body><p>The "
                        "data-session-security attribute</p></body></html>",
    # Some well-known PHP tools end their pages without either end tag.
    "no-end-tags.php": "<!DOCTYPE html><title>Tool</title>"
                       "<p><?= 'output of a tool' ?>\n",
}


@pytest.fixture(scope="module")
def server():
    httpd = Httpd(warn_after=50, expire_after=100)
    httpd.start()
    httpd.write_htdocs("app/pages/attribute.php", ATTRIBUTE_PAGE)
    for name, content in PAGES.items():
        httpd.write_htdocs("app/pages/" + name, content)
    httpd.write_htdocs(
        "app/pages/no-end-tags.xhtml",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>t</title></head></html>\n".replace(
            "<head><title>t</title></head>", "<head/>"))
    yield httpd
    crashes = httpd.crashes()
    httpd.cleanup()
    assert not crashes, crashes


@pytest.fixture(scope="module")
def browser(server):
    return sign_in(server)


def dom(text):
    return html5lib.parse(text, namespaceHTMLElements=False)


def remove_our_script(tree):
    """Removes the one script element of ours, keeping the text around it;
    returns (its parent's tag, its attributes)."""
    found = [(parent, child) for parent in tree.iter() for child in parent
             if child.tag == "script" and "data-session-security" in child.attrib]
    assert len(found) == 1, f"{len(found)} client tags"
    parent, child = found[0]
    index = list(parent).index(child)
    if child.tail:
        if index > 0:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)
    return parent.tag, dict(child.attrib)


def assert_dom_is_original_plus_tag(original, output, where=("head",)):
    before = dom(original)
    after = dom(output)
    parent, attributes = remove_our_script(after)
    assert parent in where
    assert attributes["src"].startswith("/session_security/session-security.js")
    assert ET.tostring(after) == ET.tostring(before)


def source(server, name):
    with open(f"{server.htdocs}/app/pages/{name}") as f:
        return f.read()


def test_end_tag_in_an_attribute_value_creates_no_element(server, browser):
    q = "</head><img src=x onerror=alert(1)>"
    url = server.url("/app/pages/attribute.php?q=" + urllib.parse.quote(q))
    output = browser.get(url).text
    # The original: the same page for a script request (never modified).
    original = browser.get(url, headers={"Sec-Fetch-Dest": "empty"}).text
    assert "data-session-security" not in original
    assert not dom(original).findall(".//img")
    assert_dom_is_original_plus_tag(original, output)
    meta = [m for m in dom(output).iter("meta") if m.get("name")]
    assert meta[0].get("content") == "Results for " + q


@pytest.mark.parametrize("name,where", [
    ("title.html", ("head",)), ("textarea.html", ("body",)),
    ("empty-comments.html", ("head",)), ("marker-text.html", ("head",)),
    ("no-end-tags.php", ("body", "p"))])
def test_page_gets_one_tag_and_no_other_change(server, browser, name, where):
    output = browser.get(server.url("/app/pages/" + name)).text
    original = browser.get(server.url("/app/pages/" + name),
                           headers={"X-Requested-With": "XMLHttpRequest"}).text
    assert "<script src=" not in original
    assert_dom_is_original_plus_tag(original, output, where)


def test_title_and_textarea_text_come_out_as_they_went_in(server, browser):
    title = dom(browser.get(server.url("/app/pages/title.html")).text)
    assert title.find(".//title").text == "Why </head> and </body> matter"
    form = dom(browser.get(server.url("/app/pages/textarea.html")).text)
    assert form.find(".//textarea").text == "</body> in a textarea"


def test_xhtml_output_is_well_formed_xml(server, browser):
    response = browser.get(server.url("/app/cgi/xhtml.cgi"),
                           headers={"Accept": "application/xhtml+xml"})
    assert response.headers["Content-Type"].startswith("application/xhtml+xml")
    root = lxml.etree.fromstring(response.content)  # raises when not
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    tags = root.xpath("//x:script[@data-session-security]", namespaces=ns)
    assert len(tags) == 1
    assert tags[0].getparent().tag == "{http://www.w3.org/1999/xhtml}head"
    assert tags[0].get("defer") is not None
    original = browser.get(server.url("/app/cgi/xhtml.cgi"), headers={
        "Accept": "application/xhtml+xml", "Sec-Fetch-Dest": "empty"})
    before = lxml.etree.fromstring(original.content)
    tags[0].getparent().remove(tags[0])
    assert lxml.etree.tostring(root) == lxml.etree.tostring(before)


def test_xhtml_without_end_tags_gets_nothing_after_its_root(server, browser):
    """Content after the root element is not well-formed XML."""
    response = browser.get(server.url("/app/pages/no-end-tags.xhtml"))
    assert response.headers["Content-Type"].startswith("application/xhtml+xml")
    assert response.text == source(server, "no-end-tags.xhtml")
    lxml.etree.fromstring(response.content)
