#pragma once
// Contract checking: every response an integration test receives must be documented in the
// OpenAPI document for its path, method and status, and its JSON body must match the schema.
#include <boost/json.hpp>
#include <string>
#include <vector>

namespace habitd::test {

// openapi/openapi.json, parsed once.
[[nodiscard]] const boost::json::object& openapi_document();
// Follows "$ref": "#/components/..." (repeatedly) to the node it names.
[[nodiscard]] const boost::json::value& resolve_ref(const boost::json::value& node);

// Problems with one response, empty when it matches the document. `target` may carry a query.
[[nodiscard]] std::vector<std::string> contract_problems(const std::string& method, const std::string& target, int status,
                                                         const std::string& content_type, const std::string& body);

}  // namespace habitd::test
