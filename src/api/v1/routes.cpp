#include "api/v1/routes.hpp"

#include "api/v1/auth_handlers.hpp"
#include "api/v1/changes_handlers.hpp"
#include "api/v1/docs_handlers.hpp"
#include "api/v1/export_handlers.hpp"
#include "api/v1/habit_handlers.hpp"
#include "api/v1/idempotency.hpp"
#include "api/v1/ops_handlers.hpp"
#include "api/v1/read_cache.hpp"
#include "api/v1/standby_reads.hpp"
#include "api/v1/stats_handlers.hpp"
#include "api/v1/today_handlers.hpp"
#include "api/v1/token_handlers.hpp"
#include "api/v1/webapp_handlers.hpp"
#include "api/v1/webhook_handlers.hpp"

namespace habitd::api::v1 {

using http::Access;
using http::Lane;

namespace {

// Binds a const member handler of a handler object into a router handler.
template <typename Object>
http::Handler bind(const Object& object, http::Response (Object::*method)(const http::Request&) const) {
  return [&object, method](http::Request& request) { return (object.*method)(request); };
}

}  // namespace

http::Router make_router(const Handlers& h) {
  http::Router router;
  router.add("GET", "/healthz", Lane::kInline, Access::kPublic, bind(h.ops, &OpsHandlers::health));
  router.add("GET", "/readyz", Lane::kDatabase, Access::kPublic, bind(h.ops, &OpsHandlers::ready));
  router.add("GET", "/metrics", Lane::kInline, Access::kPublic, bind(h.ops, &OpsHandlers::metrics));
  router.add("GET", "/api/v1/openapi.json", Lane::kInline, Access::kPublic, bind(h.docs, &DocsHandlers::openapi));
  router.add("GET", "/docs", Lane::kInline, Access::kPublic, bind(h.docs, &DocsHandlers::page));
  router.add("GET", "/docs/app.js", Lane::kInline, Access::kPublic, bind(h.docs, &DocsHandlers::script));
  router.add("GET", "/docs/style.css", Lane::kInline, Access::kPublic, bind(h.docs, &DocsHandlers::style));
  router.add("GET", "/docs/swagger-ui-bundle.js", Lane::kInline, Access::kPublic, bind(h.docs, &DocsHandlers::swagger_script));
  router.add("GET", "/docs/swagger-ui.css", Lane::kInline, Access::kPublic, bind(h.docs, &DocsHandlers::swagger_style));
  router.add("GET", "/", Lane::kInline, Access::kPublic, bind(h.webapp, &WebAppHandlers::page));
  router.add("GET", "/app/{asset}", Lane::kInline, Access::kPublic, bind(h.webapp, &WebAppHandlers::asset));

  router.add("POST", "/api/v1/auth/register", Lane::kPassword, Access::kPublic, bind(h.auth, &AuthHandlers::register_user));
  router.add("POST", "/api/v1/auth/login", Lane::kPassword, Access::kPublic, bind(h.auth, &AuthHandlers::login));
  router.add("POST", "/api/v1/auth/refresh", Lane::kDatabaseWrite, Access::kPublic, bind(h.auth, &AuthHandlers::refresh));
  router.add("POST", "/api/v1/auth/logout", Lane::kDatabaseWrite, Access::kPublic, bind(h.auth, &AuthHandlers::logout));
  router.add("GET", "/api/v1/users/me", Lane::kDatabase, Access::kUser, bind(h.auth, &AuthHandlers::get_me));
  router.add("PATCH", "/api/v1/users/me", Lane::kDatabaseWrite, Access::kUser, bind(h.auth, &AuthHandlers::update_me));
  router.add("DELETE", "/api/v1/users/me", Lane::kPassword, Access::kLoginOnly, bind(h.auth, &AuthHandlers::delete_me));
  router.add("POST", "/api/v1/users/me/password", Lane::kPassword, Access::kLoginOnly,
             h.idempotency.wrap(bind(h.auth, &AuthHandlers::change_password)));

  router.add("GET", "/api/v1/sessions", Lane::kDatabase, Access::kLoginOnly, bind(h.auth, &AuthHandlers::list_sessions));
  router.add("DELETE", "/api/v1/sessions", Lane::kDatabaseWrite, Access::kLoginOnly,
             bind(h.auth, &AuthHandlers::end_other_sessions));
  router.add("DELETE", "/api/v1/sessions/{id}", Lane::kDatabaseWrite, Access::kLoginOnly,
             bind(h.auth, &AuthHandlers::end_session));

  router.add("GET", "/api/v1/habits", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.habits, &HabitHandlers::list), {"limit", "offset", "archived", "frequency"}));
  router.add("POST", "/api/v1/habits", Lane::kDatabaseWrite, Access::kUser,
             h.idempotency.wrap(bind(h.habits, &HabitHandlers::create)));
  router.add("GET", "/api/v1/habits/{id}", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.habits, &HabitHandlers::get)));
  router.add("PATCH", "/api/v1/habits/{id}", Lane::kDatabaseWrite, Access::kUser, bind(h.habits, &HabitHandlers::update));
  router.add("DELETE", "/api/v1/habits/{id}", Lane::kDatabaseWrite, Access::kUser, bind(h.habits, &HabitHandlers::remove));
  router.add("GET", "/api/v1/habits/{id}/streak", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.habits, &HabitHandlers::streak)));
  router.add("POST", "/api/v1/habits/{id}/logs", Lane::kDatabaseWrite, Access::kUser,
             h.idempotency.wrap(bind(h.habits, &HabitHandlers::create_log)));
  router.add("GET", "/api/v1/habits/{id}/logs", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.habits, &HabitHandlers::day_view), {"from", "to"}));
  router.add("POST", "/api/v1/habits/{id}/skips", Lane::kDatabaseWrite, Access::kUser,
             h.idempotency.wrap(bind(h.habits, &HabitHandlers::skip_range)));
  router.add("PATCH", "/api/v1/habits/{id}/logs/{date}", Lane::kDatabaseWrite, Access::kUser,
             bind(h.habits, &HabitHandlers::update_log));
  router.add("DELETE", "/api/v1/habits/{id}/logs/{date}", Lane::kDatabaseWrite, Access::kUser,
             bind(h.habits, &HabitHandlers::remove_log));
  router.add("GET", "/api/v1/habits/{id}/calendar", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.stats, &StatsHandlers::calendar), {"year"}));

  router.add("GET", "/api/v1/today", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.today, &TodayHandlers::get), {"date"}));
  router.add("GET", "/api/v1/progress", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.stats, &StatsHandlers::progress)));
  router.add("GET", "/api/v1/insights", Lane::kDatabase, Access::kUser,
             h.read_cache.wrap(bind(h.stats, &StatsHandlers::insights), {"from", "to"}));

  router.add("GET", "/api/v1/changes", Lane::kDatabase, Access::kUser,
             h.standby_reads.wrap(bind(h.changes, &ChangesHandlers::changes)));
  router.add("GET", "/api/v1/export", Lane::kDatabase, Access::kUser,
             h.standby_reads.wrap(bind(h.exports, &ExportHandlers::export_data)));
  router.add("POST", "/api/v1/import", Lane::kImport, Access::kUser,
             h.idempotency.wrap(bind(h.exports, &ExportHandlers::import_data)), h.exports.import_body_limit());

  router.add("GET", "/api/v1/tokens", Lane::kDatabase, Access::kLoginOnly, bind(h.tokens, &TokenHandlers::list));
  router.add("POST", "/api/v1/tokens", Lane::kDatabaseWrite, Access::kLoginOnly,
             h.idempotency.wrap(bind(h.tokens, &TokenHandlers::create)));
  router.add("DELETE", "/api/v1/tokens/{id}", Lane::kDatabaseWrite, Access::kLoginOnly, bind(h.tokens, &TokenHandlers::remove));

  router.add("GET", "/api/v1/webhooks", Lane::kDatabase, Access::kUser, bind(h.webhooks, &WebhookHandlers::list));
  router.add("POST", "/api/v1/webhooks", Lane::kDatabaseWrite, Access::kUser,
             h.idempotency.wrap(bind(h.webhooks, &WebhookHandlers::create)));
  router.add("GET", "/api/v1/webhooks/{id}", Lane::kDatabase, Access::kUser, bind(h.webhooks, &WebhookHandlers::get));
  router.add("PATCH", "/api/v1/webhooks/{id}", Lane::kDatabaseWrite, Access::kUser, bind(h.webhooks, &WebhookHandlers::update));
  router.add("DELETE", "/api/v1/webhooks/{id}", Lane::kDatabaseWrite, Access::kUser, bind(h.webhooks, &WebhookHandlers::remove));
  router.add("GET", "/api/v1/webhooks/{id}/deliveries", Lane::kDatabase, Access::kUser,
             bind(h.webhooks, &WebhookHandlers::deliveries));
  return router;
}

}  // namespace habitd::api::v1
