#include "dom_compare.h"

#include <gumbo.h>

#include <cstring>
#include <vector>

namespace session_security::testing {
namespace {

// A parsed document in a shape easy to compare: a label per node.
struct Node {
  enum class Kind { document, element, text, other };
  Kind kind = Kind::other;
  std::string label;  // "<svg:g a=\"1\">", "\"text\"", "<!-- c -->"...
  std::string name;   // elements: lower-case tag name
  bool html = false;  // elements: in the HTML namespace
  bool is_template = false;
  bool ours = false;  // an HTML script with data-session-security
  std::vector<Node> children;
};

std::string lower(std::string s) {
  for (char &c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

std::string quoted(const char *text) {
  std::string out = "\"";
  for (const char *p = text; *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\') out += '\\';
    out += *p;
  }
  return out + '"';
}

std::string tag_name(const GumboElement &e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  return lower(std::string(piece.data, piece.length));
}

Node convert(const GumboNode *node);

void convert_children(const GumboVector &children, Node *into) {
  for (unsigned i = 0; i < children.length; ++i) {
    into->children.push_back(
        convert(static_cast<const GumboNode *>(children.data[i])));
  }
}

Node convert(const GumboNode *node) {
  Node out;
  switch (node->type) {
    case GUMBO_NODE_DOCUMENT: {
      const GumboDocument &d = node->v.document;
      out.kind = Node::Kind::document;
      out.label = "#document";
      if (d.has_doctype) {
        out.label += " <!DOCTYPE " + quoted(d.name) + " " +
                     quoted(d.public_identifier) + " " +
                     quoted(d.system_identifier) + ">";
      }
      out.label += " quirks=" + std::to_string(d.doc_type_quirks_mode);
      convert_children(d.children, &out);
      break;
    }
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const GumboElement &e = node->v.element;
      static const char *const kNamespaces[] = {"", "svg:", "math:"};
      out.kind = Node::Kind::element;
      out.name = tag_name(e);
      out.html = e.tag_namespace == GUMBO_NAMESPACE_HTML;
      out.is_template = node->type == GUMBO_NODE_TEMPLATE;
      out.label = std::string("<") + kNamespaces[e.tag_namespace] + out.name;
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        const auto *a =
            static_cast<const GumboAttribute *>(e.attributes.data[i]);
        out.label += " " + std::to_string(a->attr_namespace) + ":" + a->name +
                     "=" + quoted(a->value);
        if (out.html && out.name == "script" &&
            std::string(a->name) == "data-session-security") {
          out.ours = true;
        }
      }
      out.label += ">";
      convert_children(e.children, &out);
      break;
    }
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
      out.kind = Node::Kind::text;
      out.label = node->v.text.text;
      break;
    case GUMBO_NODE_CDATA:
      out.label = "<![CDATA[" + quoted(node->v.text.text) + "]]>";
      break;
    case GUMBO_NODE_COMMENT:
      out.label = "<!--" + quoted(node->v.text.text) + "-->";
      break;
  }
  return out;
}

// Adjacent text nodes are one text in the DOM's meaning (a script between
// two runs of text splits them).
void merge_text(Node *node) {
  std::vector<Node> merged;
  for (Node &child : node->children) {
    merge_text(&child);
    if (child.kind == Node::Kind::text && !merged.empty() &&
        merged.back().kind == Node::Kind::text) {
      merged.back().label += child.label;
    } else {
      merged.push_back(std::move(child));
    }
  }
  node->children = std::move(merged);
}

void serialize(const Node &node, int depth, std::string *out) {
  out->append(static_cast<std::size_t>(depth) * 2, ' ');
  *out +=
      node.kind == Node::Kind::text ? quoted(node.label.c_str()) : node.label;
  *out += '\n';
  for (const Node &child : node.children) serialize(child, depth + 1, out);
}

struct Parsed {
  Node document;
  explicit Parsed(std::string_view page) {
    // Tag names read differently from what gumbo would make of them (the
    // header says why); same length, so nothing else moves.
    std::string text(page);
    static const char *const kRenames[][2] = {{"noscript", "noframes"},
                                              {"form", "fxrm"}};
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '<') continue;
      const std::size_t at =
          i + 1 + (i + 1 < text.size() && text[i + 1] == '/');
      for (const auto &rename : kRenames) {
        const std::size_t n = std::strlen(rename[0]);
        if (lower(text.substr(at, n)) == rename[0]) {
          text.replace(at, n, rename[1]);
        }
      }
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // not needed: saves time
    GumboOutput *output =
        gumbo_parse_with_options(&options, text.data(), text.size());
    document = convert(output->document);
    gumbo_destroy_output(&options, output);
  }
};

struct Location {
  Node *parent = nullptr;
  std::size_t index = 0;
  std::vector<const Node *> ancestors;  // from the document down
};

void find_ours(Node *node, std::vector<const Node *> *path,
               std::vector<Location> *found) {
  path->push_back(node);
  for (std::size_t i = 0; i < node->children.size(); ++i) {
    Node &child = node->children[i];
    if (child.ours) found->push_back(Location{node, i, *path});
    find_ours(&child, path, found);
  }
  path->pop_back();
}

std::string placement_problem(const Location &at, Placement placement) {
  // ancestors: document, html, head|body, ...
  const auto &a = at.ancestors;
  if (a.size() < 3 || !a[1]->html || a[1]->name != "html" || !a[2]->html ||
      (a[2]->name != "head" && a[2]->name != "body")) {
    return "the script is not under head or body";
  }
  if (placement == Placement::head_or_body_child && a.size() != 3) {
    return "the script is not a child of head or body but of " +
           a.back()->label;
  }
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (!a[i]->html) return "the script is inside foreign content";
    if (a[i]->is_template) return "the script is inside a template";
  }
  return {};
}

bool has_frameset(const Node &document) {
  for (const Node &html : document.children) {
    for (const Node &child : html.children) {
      if (child.html && child.name == "frameset") return true;
    }
  }
  return false;
}

std::string same_dom(Node *before, Node *after) {
  merge_text(before);
  merge_text(after);
  std::string a;
  std::string b;
  serialize(*before, 0, &a);
  serialize(*after, 0, &b);
  if (a == b) return {};
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '\n') ++line;
    ++i;
  }
  const std::size_t from = i == 0 ? 0 : a.rfind('\n', i - 1) + 1;
  return "the DOM changed from line " + std::to_string(line + 1) +
         " on:\n--- input\n" + a.substr(from, 600) +
         "\n--- output without the script\n" + b.substr(from, 600);
}

}  // namespace

std::string compare_pages(std::string_view input, std::string_view output,
                          std::string_view tag, bool inserted,
                          Placement placement) {
  if (!inserted) {
    return input == output ? std::string()
                           : "nothing inserted, yet the output differs";
  }
  // Gumbo reads <noscript> as <noframes> (Parsed): in a page that has both,
  // their end tags would end each other's raw text, which no browser does,
  // so such a page is only checked to be the input with the tag once more.
  const std::string folded = lower(std::string(input));
  if (folded.find("noscript") != std::string::npos &&
      folded.find("noframes") != std::string::npos) {
    const std::size_t at = output.find(tag);
    const bool same = at != std::string_view::npos &&
                      output.size() == input.size() + tag.size() &&
                      output.substr(0, at) == input.substr(0, at) &&
                      output.substr(at + tag.size()) == input.substr(at);
    return same ? std::string()
                : "the output is not the input with the tag inserted once";
  }
  // The tag on its own, parsed the same way, gives the element expected.
  Parsed alone(std::string("<!DOCTYPE html><head>") + std::string(tag));
  std::vector<const Node *> path;
  std::vector<Location> expected;
  find_ours(&alone.document, &path, &expected);
  if (expected.size() != 1) return "the tag itself is not one script element";
  const std::string want =
      expected[0].parent->children[expected[0].index].label;
  // A tag already in the page after the anchor is not looked for (the
  // scanner stops at the anchor); one before it must have been seen.
  auto exactly_ours = [&want](std::vector<Location> *found) {
    std::vector<Location> same;
    for (const Location &at : *found) {
      if (at.parent->children[at.index].label == want) same.push_back(at);
    }
    *found = same;
  };
  Parsed before(input);
  Parsed after(output);
  std::vector<Location> theirs;
  find_ours(&before.document, &path, &theirs);
  exactly_ours(&theirs);
  if (!theirs.empty()) return "the input has this very tag already";
  std::vector<Location> ours;
  find_ours(&after.document, &path, &ours);
  std::vector<Location> all_ours = ours;
  exactly_ours(&ours);
  if (ours.empty() && has_frameset(after.document)) {
    // A <frameset> later in the page replaces the body, with the script
    // inserted in it: the parser drops both, nothing else may change.
    return same_dom(&before.document, &after.document);
  }
  if (ours.size() != 1) {
    return "the output has " + std::to_string(ours.size()) +
           " script elements with the tag's attributes, not 1 (" +
           std::to_string(all_ours.size()) + " with data-session-security)";
  }
  const Location &at = ours[0];
  const Node &script = at.parent->children[at.index];
  if (!script.children.empty()) return "the script got content";
  if (std::string problem = placement_problem(at, placement);
      !problem.empty()) {
    return problem;
  }
  at.parent->children.erase(at.parent->children.begin() +
                            static_cast<std::ptrdiff_t>(at.index));
  return same_dom(&before.document, &after.document);
}

}  // namespace session_security::testing
