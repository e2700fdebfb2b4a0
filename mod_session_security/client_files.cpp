// Where the parts of the client are served: pure, unit-tested in
// tests/unit/client_files_test.cpp.
#include "client_script.h"

namespace session_security {

const ClientFile *requested_client_part(std::string_view uri,
                                        std::string_view script_url,
                                        const ClientFile *parts,
                                        std::size_t count) {
  const std::size_t slash = script_url.rfind('/');
  if (slash == std::string_view::npos) return nullptr;
  const std::string_view directory = script_url.substr(0, slash + 1);
  if (uri.size() <= directory.size() ||
      uri.substr(0, directory.size()) != directory) {
    return nullptr;
  }
  // Exactly the name, case and all: the client asks for it so.
  const std::string_view name = uri.substr(directory.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (parts[i].length > 0 && name == parts[i].name) return &parts[i];
  }
  return nullptr;
}

std::string client_url_problem(std::string_view script_url,
                               std::string_view ping_url,
                               const ClientFile *parts, std::size_t count) {
  const std::string script(script_url);
  if (const ClientFile *shadowed =
          requested_client_part(script_url, script_url, parts, count)) {
    return "SessionSecurityScriptURL " + script +
           " is named like a part of the client, which is served beside the "
           "script (" +
           shadowed->name +
           "): the script would be served in its place; choose another name";
  }
  const std::string ping(ping_url);
  if (ping_url == script_url) {
    return "SessionSecurityPingURL " + ping +
           " is also SessionSecurityScriptURL: every ping would get the "
           "script; choose another path";
  }
  if (const ClientFile *part =
          requested_client_part(ping_url, script_url, parts, count)) {
    return "SessionSecurityPingURL " + ping + " is where the part " +
           part->name +
           " of the client is served (beside SessionSecurityScriptURL " +
           script + "): every ping would get it; choose another path";
  }
  return std::string();
}

}  // namespace session_security
