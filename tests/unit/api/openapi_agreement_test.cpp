// The OpenAPI document and the route table must list exactly the same operations.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api/v1/auth_handlers.hpp"
#include "api/v1/docs_handlers.hpp"
#include "api/v1/embedded.hpp"
#include "api/v1/export_handlers.hpp"
#include "api/v1/habit_handlers.hpp"
#include "api/v1/idempotency.hpp"
#include "api/v1/read_cache.hpp"
#include "api/v1/ops_handlers.hpp"
#include "api/v1/today_handlers.hpp"
#include "api/v1/webapp_handlers.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/stats_handlers.hpp"
#include "http/metrics.hpp"
#include "security/access_tokens.hpp"
#include "security/login_limiter.hpp"
#include "security/password_hasher.hpp"
#include "service/auth_service.hpp"
#include "service/export_service.hpp"
#include "service/habit_service.hpp"
#include "service/stats_service.hpp"
#include "service/today_service.hpp"
#include "store/database.hpp"
#include "store/export_store.hpp"
#include "store/habit_store.hpp"
#include "store/idempotency_store.hpp"
#include "store/user_store.hpp"
#include "util/clock.hpp"
#include "util/logger.hpp"

namespace habitd::api::v1 {
namespace {

using Operation = std::pair<std::string, std::string>;  // method, path

// Static files of the docs page and of the web app: served, but not API operations. The pages
// themselves (/docs and the web app at /) are documented, like every other operation.
const std::set<std::string> kAssets = {"/docs/app.js", "/docs/style.css", "/app/{asset}"};

std::set<Operation> served_operations() {
  // The real object graph, as app/server_app.cpp builds it; nothing here touches the database.
  util::Logger logger;
  store::Database database({.url = "sqlite::memory:"}, logger);
  const util::SystemClock clock;
  const security::PasswordHasher hasher(4);
  const security::AccessTokens tokens({.secret = std::string(32, 's')}, clock);
  security::LoginLimiter limiter({});
  const store::UserStore users(database);
  const store::HabitStore habit_store(database);
  const service::AuthService auth(users, hasher, tokens, limiter, clock, std::chrono::seconds(60));
  const service::HabitService habits(habit_store, users, clock);
  const service::StatsService stats(habit_store, habits);
  const store::ExportStore export_store(database);
  const service::ExportService exports(export_store, users, clock);
  const http::Metrics metrics;
  const ReadCache read_cache(auth, habits, 1024);
  const OpsHandlers ops(database, metrics, read_cache, "");
  const AuthHandlers auth_handlers(auth);
  const HabitHandlers habit_handlers(auth, habits);
  const StatsHandlers stats_handlers(auth, stats);
  const ExportHandlers export_handlers(auth, exports, 1024);
  const DocsHandlers docs;
  const service::TodayService today(habit_store, habits);
  const TodayHandlers today_handlers(auth, today);
  const WebAppHandlers webapp;
  const store::IdempotencyStore idempotency_store(database);
  const Idempotency idempotency(auth, idempotency_store, clock);
  const auto router =
      make_router({ops, auth_handlers, habit_handlers, stats_handlers, export_handlers, docs, idempotency, read_cache,
                   today_handlers, webapp});
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
  for (const auto& [method, path] : served) EXPECT_TRUE(documented.contains({method, path})) << "undocumented: " << method << " " << path;
  for (const auto& [method, path] : documented) EXPECT_TRUE(served.contains({method, path})) << "not served: " << method << " " << path;
}

TEST(OpenApiAgreement, DocumentIsOpenApi31WithBearerSecurity) {
  const auto document = boost::json::parse(embedded::openapi_json()).as_object();
  EXPECT_EQ(document.at("openapi").as_string(), "3.1.0");
  EXPECT_TRUE(document.at("components").at("securitySchemes").as_object().contains("bearerAuth"));
}

}  // namespace
}  // namespace habitd::api::v1
