// The OpenAPI document and the route table must list exactly the same operations, each with the
// security its route's access allows.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "api/v1/embedded.hpp"
#include "app/application.hpp"
#include "app/config.hpp"
#include "http/principal.hpp"
#include "store/database.hpp"
#include "store/standbys.hpp"
#include "util/clock.hpp"
#include "util/logger.hpp"

namespace habitd::api::v1 {
namespace {

using Operation = std::pair<std::string, std::string>;  // method, path
using SchemeNames = std::set<std::string>;

// Static files of the docs page and of the web app: served, but not API operations. The pages
// themselves (/docs and the web app at /) are documented, like every other operation.
const std::set<std::string> kAssets = {"/docs/app.js", "/docs/style.css", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css",
                                       "/app/{asset}"};

// Every served operation with the access its route asks for.
std::map<Operation, http::Access> served_routes() {
  // The application's own wiring (app/application.cpp); nothing here touches the database.
  util::Logger logger;
  store::Database database({.url = "sqlite::memory:"}, logger);
  store::Standbys standbys(database, {}, {}, std::chrono::seconds(30), logger);
  const util::SystemClock clock;
  app::Config config;
  config.bcrypt_cost = 4;
  const app::Application application(config, database, standbys, clock, std::string(32, 's'));
  const auto& router = application.router();
  std::map<Operation, http::Access> routes;
  for (const auto& route : router.routes())
    if (!kAssets.contains(route.pattern)) routes.emplace(Operation{route.method, route.pattern}, route.access);
  return routes;
}

std::set<Operation> served_operations() {
  std::set<Operation> operations;
  for (const auto& [operation, access] : served_routes()) operations.insert(operation);
  return operations;
}

// Every documented operation with the names of the security schemes it accepts (its own
// `security`, or the document's when it has none).
std::map<Operation, SchemeNames> documented_security() {
  const auto document = boost::json::parse(embedded::openapi_json()).as_object();
  const auto schemes_of = [](const boost::json::value& requirements) {
    SchemeNames names;
    for (const auto& requirement : requirements.as_array())
      for (const auto& [name, scopes] : requirement.as_object()) names.emplace(name);
    return names;
  };
  const SchemeNames document_default = schemes_of(document.at("security"));
  std::map<Operation, SchemeNames> operations;
  for (const auto& [path, item] : document.at("paths").as_object())
    for (const char* method : {"get", "post", "put", "patch", "delete"})
      if (const auto* operation = item.as_object().if_contains(method)) {
        std::string upper(method);
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const auto* security = operation->as_object().if_contains("security");
        operations.emplace(Operation{upper, std::string(path)}, security ? schemes_of(*security) : document_default);
      }
  return operations;
}

std::set<Operation> documented_operations() {
  std::set<Operation> operations;
  for (const auto& [operation, schemes] : documented_security()) operations.insert(operation);
  return operations;
}

// What the dispatcher lets through for each access (http/dispatcher.cpp): a personal access token
// anywhere a password login's access token goes, except the routes that need a password login.
SchemeNames schemes_for(http::Access access) {
  switch (access) {
    case http::Access::kPublic:
      return {};
    case http::Access::kUser:
      return {"bearerAuth", "personalToken"};
    case http::Access::kLoginOnly:
      return {"bearerAuth"};
  }
  return {"unknown access"};
}

TEST(OpenApiAgreement, EveryServedOperationIsDocumentedAndViceVersa) {
  const auto served = served_operations();
  const auto documented = documented_operations();
  for (const auto& [method, path] : served)
    EXPECT_TRUE(documented.contains({method, path})) << "undocumented: " << method << " " << path;
  for (const auto& [method, path] : documented)
    EXPECT_TRUE(served.contains({method, path})) << "not served: " << method << " " << path;
}

TEST(OpenApiAgreement, EachOperationsSecurityIsWhatItsRouteAccepts) {
  const auto documented = documented_security();
  for (const auto& [operation, access] : served_routes()) {
    const auto found = documented.find(operation);
    if (found == documented.end()) continue;  // reported by EveryServedOperationIsDocumentedAndViceVersa
    EXPECT_EQ(found->second, schemes_for(access)) << operation.first << " " << operation.second;
  }
}

TEST(OpenApiAgreement, DocumentIsOpenApi31WithBearerSecurity) {
  const auto document = boost::json::parse(embedded::openapi_json()).as_object();
  EXPECT_EQ(document.at("openapi").as_string(), "3.1.0");
  const auto& schemes = document.at("components").at("securitySchemes").as_object();
  EXPECT_TRUE(schemes.contains("bearerAuth"));
  EXPECT_TRUE(schemes.contains("personalToken"));
}

}  // namespace
}  // namespace habitd::api::v1
