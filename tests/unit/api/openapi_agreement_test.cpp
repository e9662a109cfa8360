// The OpenAPI document and the route table must list exactly the same operations.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api/v1/embedded.hpp"
#include "app/application.hpp"
#include "app/config.hpp"
#include "store/database.hpp"
#include "store/standbys.hpp"
#include "util/clock.hpp"
#include "util/logger.hpp"

namespace habitd::api::v1 {
namespace {

using Operation = std::pair<std::string, std::string>;  // method, path

// Static files of the docs page and of the web app: served, but not API operations. The pages
// themselves (/docs and the web app at /) are documented, like every other operation.
const std::set<std::string> kAssets = {"/docs/app.js", "/docs/style.css", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css",
                                       "/app/{asset}"};

std::set<Operation> served_operations() {
  // The application's own wiring (app/application.cpp); nothing here touches the database.
  util::Logger logger;
  store::Database database({.url = "sqlite::memory:"}, logger);
  store::Standbys standbys(database, {}, {}, std::chrono::seconds(30), logger);
  const util::SystemClock clock;
  app::Config config;
  config.bcrypt_cost = 4;
  const app::Application application(config, database, standbys, clock, std::string(32, 's'));
  const auto& router = application.router();
  std::set<Operation> operations;
  for (const auto& route : router.routes())
    if (!kAssets.contains(route.pattern)) operations.emplace(route.method, route.pattern);
  return operations;
}

std::set<Operation> documented_operations() {
  const auto document = boost::json::parse(embedded::openapi_json()).as_object();
  std::set<Operation> operations;
  for (const auto& [path, item] : document.at("paths").as_object())
    for (const char* method : {"get", "post", "put", "patch", "delete"})
      if (item.as_object().contains(method)) {
        std::string upper(method);
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        operations.emplace(upper, std::string(path));
      }
  return operations;
}

TEST(OpenApiAgreement, EveryServedOperationIsDocumentedAndViceVersa) {
  const auto served = served_operations();
  const auto documented = documented_operations();
  for (const auto& [method, path] : served)
    EXPECT_TRUE(documented.contains({method, path})) << "undocumented: " << method << " " << path;
  for (const auto& [method, path] : documented)
    EXPECT_TRUE(served.contains({method, path})) << "not served: " << method << " " << path;
}

TEST(OpenApiAgreement, DocumentIsOpenApi31WithBearerSecurity) {
  const auto document = boost::json::parse(embedded::openapi_json()).as_object();
  EXPECT_EQ(document.at("openapi").as_string(), "3.1.0");
  EXPECT_TRUE(document.at("components").at("securitySchemes").as_object().contains("bearerAuth"));
}

}  // namespace
}  // namespace habitd::api::v1
