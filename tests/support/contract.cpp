#include "contract.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

namespace habitd::test {

namespace json = boost::json;

const json::object& openapi_document() {
  static const json::object loaded = [] {
    std::ifstream in(HABITD_OPENAPI_JSON);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
  }();
  return loaded;
}

const json::value& resolve_ref(const json::value& node) {
  const json::value* current = &node;
  while (current->is_object() && current->as_object().contains("$ref")) {
    std::string_view rest = current->as_object().at("$ref").as_string();
    rest.remove_prefix(2);  // "#/"
    const json::value* walk = nullptr;
    while (!rest.empty()) {
      const auto slash = std::min(rest.find('/'), rest.size());
      const std::string key(rest.substr(0, slash));
      walk = walk ? &walk->as_object().at(key) : &openapi_document().at(key);
      rest.remove_prefix(std::min(slash + 1, rest.size()));
    }
    current = walk;
  }
  return *current;
}

namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t pos = path.empty() || path.front() != '/' ? 0 : 1;
  while (pos <= path.size()) {
    const auto slash = std::min(path.find('/', pos), path.size());
    parts.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return parts;
}

bool path_matches(const std::string& templ, const std::string& path) {
  const auto want = split(templ);
  const auto have = split(path);
  if (want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const bool param = want[i].size() > 2 && want[i].front() == '{';
    if (!param && want[i] != have[i]) return false;
  }
  return true;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

bool has_type(const json::value& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_bool();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "integer")
    return value.is_int64() || value.is_uint64() || (value.is_double() && std::trunc(value.as_double()) == value.as_double());
  if (type == "number") return value.is_number();
  return false;
}

void check(const json::value& schema_node, const json::value& value, const std::string& where,
           std::vector<std::string>& problems) {
  const json::value& resolved = resolve_ref(schema_node);
  if (!resolved.is_object()) return;
  const auto& schema = resolved.as_object();
  const auto fail = [&](const std::string& what) {
    problems.push_back(where + ": " + what + " (got " + json::serialize(value).substr(0, 120) + ")");
  };
  if (const auto* one_of = schema.if_contains("oneOf")) {
    std::size_t matching = 0;
    for (const auto& option : one_of->as_array()) {
      std::vector<std::string> scratch;
      check(option, value, where, scratch);
      if (scratch.empty()) ++matching;
    }
    if (matching != 1) fail("matches " + std::to_string(matching) + " of oneOf's schemas");
  }
  if (const auto* any_of = schema.if_contains("anyOf")) {
    bool any = false;
    for (const auto& option : any_of->as_array()) {
      std::vector<std::string> scratch;
      check(option, value, where, scratch);
      any = any || scratch.empty();
    }
    if (!any) fail("matches none of anyOf's schemas");
  }
  if (const auto* all_of = schema.if_contains("allOf"))
    for (const auto& part : all_of->as_array()) check(part, value, where, problems);
  if (const auto* type = schema.if_contains("type")) {
    bool ok = false;
    if (type->is_string())
      ok = has_type(value, type->as_string());
    else
      for (const auto& t : type->as_array()) ok = ok || has_type(value, t.as_string());
    if (!ok) {
      fail("wrong type, expected " + json::serialize(*type));
      return;
    }
  }
  if (const auto* constant = schema.if_contains("const"); constant && *constant != value)
    fail("is not " + json::serialize(*constant));
  if (const auto* options = schema.if_contains("enum")) {
    bool found = false;
    for (const auto& option : options->as_array()) found = found || option == value;
    if (!found) fail("is not one of " + json::serialize(*options));
  }
  if (value.is_number()) {
    const double number = value.to_number<double>();
    if (const auto* min = schema.if_contains("minimum"); min && number < min->to_number<double>()) fail("below minimum");
    if (const auto* max = schema.if_contains("maximum"); max && number > max->to_number<double>()) fail("above maximum");
  }
  if (value.is_string()) {
    const auto length = code_points(value.as_string());
    if (const auto* min = schema.if_contains("minLength"); min && length < min->to_number<std::size_t>())
      fail("shorter than minLength");
    if (const auto* max = schema.if_contains("maxLength"); max && length > max->to_number<std::size_t>())
      fail("longer than maxLength");
  }
  if (value.is_array()) {
    if (const auto* min = schema.if_contains("minItems"); min && value.as_array().size() < min->to_number<std::size_t>())
      fail("fewer than minItems");
    if (const auto* items = schema.if_contains("items")) {
      std::size_t i = 0;
      for (const auto& item : value.as_array()) check(*items, item, where + "[" + std::to_string(i++) + "]", problems);
    }
  }
  if (value.is_object()) {
    const auto& object = value.as_object();
    if (const auto* required = schema.if_contains("required"))
      for (const auto& name : required->as_array())
        if (!object.contains(name.as_string())) fail("lacks required member " + std::string(name.as_string()));
    const auto* properties = schema.if_contains("properties");
    const auto* additional = schema.if_contains("additionalProperties");
    for (const auto& [key, member] : object) {
      const std::string path = where + "." + std::string(key);
      if (properties && properties->as_object().contains(key)) {
        check(properties->as_object().at(key), member, path, problems);
      } else if (additional && additional->is_bool() && !additional->as_bool()) {
        problems.push_back(path + ": undocumented member");
      } else if (additional && additional->is_object()) {
        check(*additional, member, path, problems);
      }
    }
  }
}

}  // namespace

std::vector<std::string> contract_problems(const std::string& method, const std::string& target, int status,
                                           const std::string& content_type, const std::string& body) {
  std::vector<std::string> problems;
  const std::string path = target.substr(0, target.find('?'));
  const std::string where = method + " " + path + " " + std::to_string(status);
  std::string verb = method == "HEAD" ? "get" : method;
  for (char& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json::object* operation = nullptr;
  for (const auto& [templ, item] : openapi_document().at("paths").as_object()) {
    if (!path_matches(std::string(templ), path)) continue;
    if (const auto* found = item.as_object().if_contains(verb)) operation = &found->as_object();
    if (operation) break;
  }
  // Unknown paths and methods are the router's 404/405, which the transport documents globally.
  if (!operation) return problems;
  const auto& responses = operation->at("responses").as_object();
  const json::value* response = responses.if_contains(std::to_string(status));
  if (!response) response = responses.if_contains(std::string(1, static_cast<char>('0' + status / 100)) + "XX");
  if (!response) response = responses.if_contains("default");
  if (!response) {
    problems.push_back(where + ": status not documented for this operation");
    return problems;
  }
  const auto& resolved = resolve_ref(*response).as_object();
  const auto* content = resolved.if_contains("content");
  if (!content) {
    if (!body.empty() && method != "HEAD") problems.push_back(where + ": documented without a body, got one");
    return problems;
  }
  const std::string media = content_type.substr(0, content_type.find(';'));
  const auto* media_node = content->as_object().if_contains(media);
  if (!media_node) {
    problems.push_back(where + ": content type " + media + " not documented");
    return problems;
  }
  if (media.find("json") == std::string::npos || body.empty()) return problems;
  boost::system::error_code ec;
  const auto value = json::parse(body, ec);
  if (ec) {
    problems.push_back(where + ": body is not JSON");
    return problems;
  }
  if (const auto* schema = media_node->as_object().if_contains("schema")) check(*schema, value, where + " body", problems);
  return problems;
}

}  // namespace habitd::test
