#include "app/server_app.hpp"

#include <iostream>

#include "api/v1/auth_handlers.hpp"
#include "api/v1/docs_handlers.hpp"
#include "api/v1/export_handlers.hpp"
#include "api/v1/habit_handlers.hpp"
#include "api/v1/idempotency.hpp"
#include "api/v1/read_cache.hpp"
#include "api/v1/stats_handlers.hpp"
#include "api/v1/ops_handlers.hpp"
#include "api/v1/today_handlers.hpp"
#include "api/v1/webapp_handlers.hpp"
#include "app/descriptor_limit.hpp"
#include "app/jwt_secret.hpp"
#include "api/v1/routes.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
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

#ifndef HABITD_VERSION
#define HABITD_VERSION "0.0.0"
#endif

namespace habitd::app {

std::string_view version() noexcept { return HABITD_VERSION; }

namespace {

constexpr int kSqliteWriteThreads = 32;
// Descriptors beyond the connections: the listener, database connections and files, logs.
constexpr std::uint64_t kDescriptorHeadroom = 256;

http::ServerOptions server_options(const Config& config) {
  http::ServerOptions options;
  options.bind = config.bind;
  options.port = config.port;
  options.io_threads = config.io_threads;
  // Reads: as many threads as connections. More only queue for a connection, and under overload
  // (512 clients) 32 read threads made p99 407 ms where 4 made 36 ms (docs/PERFORMANCE.md).
  options.database_threads = config.db_threads > 0 ? config.db_threads : config.db_pool_size;
  // Writes on SQLite wait for the group commit's flush after giving their connection back, so
  // many can wait at once; PostgreSQL flushes inside COMMIT, on the connection.
  options.write_threads = config.db_write_threads > 0 ? config.db_write_threads
                          : is_sqlite_url(config.database_url) ? kSqliteWriteThreads
                                                               : config.db_pool_size;
  options.password_threads = config.password_threads;
  options.max_pending_password_jobs = config.max_pending_password_jobs;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.request_timeout = config.request_timeout;
  options.idle_timeout = config.idle_timeout;
  options.shutdown_timeout = config.shutdown_timeout;
  options.max_connections = config.max_connections;
  options.trusted_proxies = config.trusted_proxies;
  options.cors_origins = config.cors_origins;
  return options;
}

}  // namespace

int run_server(const Config& config) {
  util::Logger logger;
  const std::uint64_t descriptors_wanted = static_cast<std::uint64_t>(config.max_connections) + kDescriptorHeadroom;
  const auto descriptors = raise_descriptor_limit(descriptors_wanted);
  if (descriptors.after < descriptors_wanted)
    logger.warn("descriptor limit below HABITS_MAX_CONNECTIONS; raise the hard limit (LimitNOFILE, ulimit -Hn)",
                {{"limit", static_cast<long long>(descriptors.after)}, {"wanted", static_cast<long long>(descriptors_wanted)}});
  // Password threads also touch the database (look-up, token insert), so they get connections too.
  store::Database database({.url = config.database_url, .pool_size = config.db_pool_size + config.password_threads}, logger);

  if (config.migrate_only) {
    try {
      database.migrate();
      logger.info("migrations complete");
      return 0;
    } catch (const std::exception& error) {
      logger.error("migration failed", {{"error", std::string_view(error.what())}});
      return 1;
    }
  }
  try {
    database.migrate();
  } catch (const std::exception& error) {
    // SQLite is local: failing here is a real fault. PostgreSQL may just be starting; /readyz
    // reports 503 and the first request that finds it up applies the migrations.
    if (database.dialect() == store::Dialect::kSqlite) {
      logger.error("cannot open the database", {{"error", std::string_view(error.what())}});
      return 1;
    }
    logger.warn("database not reachable at start-up; will retry", {{"error", std::string_view(error.what())}});
  }

  std::string jwt_secret;
  try {
    jwt_secret = resolve_jwt_secret(config);
  } catch (const ConfigError& error) {
    logger.error("configuration error", {{"error", std::string_view(error.what())}});
    return 2;
  }

  const util::SystemClock clock;
  const security::PasswordHasher hasher(config.bcrypt_cost);
  const security::AccessTokens access_tokens({.secret = jwt_secret,
                                              .previous_secret = config.jwt_previous_secret,
                                              .issuer = config.jwt_issuer,
                                              .ttl = config.access_token_ttl},
                                             clock);
  security::LoginLimiter limiter({.failures_per_account = config.login_failures_per_account,
                                  .failures_per_address = config.login_failures_per_address,
                                  .window = config.login_failure_window});
  const store::UserStore users(database);
  const service::AuthService auth(users, hasher, access_tokens, limiter, clock, config.refresh_token_ttl);

  const store::HabitStore habit_store(database);
  const service::HabitService habits(habit_store, users, clock);
  const service::StatsService stats(habit_store, habits);
  const service::TodayService today(habit_store, habits);
  const store::ExportStore export_store(database);
  const service::ExportService exports(export_store, users, clock);

  http::Metrics metrics;
  const api::v1::ReadCache read_cache(auth, habits, static_cast<std::size_t>(config.read_cache_mb) * 1024 * 1024);
  const api::v1::OpsHandlers ops(database, metrics, read_cache, config.metrics_token);
  const api::v1::AuthHandlers auth_handlers(auth);
  const api::v1::HabitHandlers habit_handlers(auth, habits);
  const api::v1::StatsHandlers stats_handlers(auth, stats);
  const api::v1::ExportHandlers export_handlers(auth, exports, config.max_import_bytes);
  const api::v1::DocsHandlers docs;
  const api::v1::TodayHandlers today_handlers(auth, today);
  const api::v1::WebAppHandlers webapp;
  const store::IdempotencyStore idempotency_store(database);
  const api::v1::Idempotency idempotency(auth, idempotency_store, clock);
  const http::Router router = api::v1::make_router({.ops = ops,
                                                    .auth = auth_handlers,
                                                    .habits = habit_handlers,
                                                    .stats = stats_handlers,
                                                    .exports = export_handlers,
                                                    .docs = docs,
                                                    .idempotency = idempotency,
                                                    .read_cache = read_cache,
                                                    .today = today_handlers,
                                                    .webapp = webapp});
  http::Server server(server_options(config), router, logger, &metrics);
  try {
    server.listen();
  } catch (const std::exception& error) {
    logger.error("cannot listen", {{"bind", std::string_view(config.bind)}, {"port", static_cast<long long>(config.port)},
                                   {"error", std::string_view(error.what())}});
    return 1;
  }
  server.run();
  return 0;
}

}  // namespace habitd::app
