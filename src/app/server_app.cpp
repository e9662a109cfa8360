#include "app/server_app.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "app/descriptor_limit.hpp"
#include "app/jwt_secret.hpp"
#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "http/lane.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "store/database.hpp"
#include "store/standbys.hpp"
#include "util/clock.hpp"
#include "util/logger.hpp"
#ifdef HABITD_TEST_CLOCK
#include "util/file_clock.hpp"
#endif

#ifndef HABITD_VERSION
#define HABITD_VERSION "0.0.0"
#endif

namespace habitd::app {

std::string_view version() noexcept { return HABITD_VERSION; }

namespace {

constexpr int kSqliteWriteThreads = 32;
// Descriptors beyond the connections: the listener, database connections and files, logs.
constexpr std::uint64_t kDescriptorHeadroom = 256;

// bcrypt runs at a lower priority: idle cores still go to logins at full speed, but during a burst
// of logins the kernel serves the cheap requests first, so their latency holds.
constexpr int kPasswordNice = 10;

http::ServerOptions server_options(const Config& config) {
  http::ServerOptions options;
  options.bind = config.bind;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.max_connections = config.max_connections;
  options.shutdown_timeout = config.shutdown_timeout;
  options.limits = {.max_header_bytes = config.max_header_bytes,
                    .request_timeout = config.request_timeout,
                    .idle_timeout = config.idle_timeout};
  options.trusted_proxies = config.trusted_proxies;
  return options;
}

// The system clock, or in a test build given HABITS_TEST_CLOCK_FILE, the file's instant.
std::unique_ptr<const util::Clock> make_clock([[maybe_unused]] const Config& config, [[maybe_unused]] util::Logger& logger) {
#ifdef HABITD_TEST_CLOCK
  if (!config.test_clock_file.empty()) {
    logger.warn("test clock: the current instant is read from a file", {{"file", std::string_view(config.test_clock_file)}});
    return std::make_unique<const util::FileClock>(config.test_clock_file);
  }
#endif
  return std::make_unique<const util::SystemClock>();
}

// Reads: as many threads as connections on SQLite. More only queue for a connection, and under
// overload (512 clients) 32 read threads made p99 407 ms where 4 made 36 ms (docs/PERFORMANCE.md).
// On PostgreSQL twice as many: a cached read waits for its share of a query that reads the
// rows of every read waiting at once (service/read_stamp_batches.hpp), holding no connection
// meanwhile unless it leads the query.
int read_threads(const Config& config) {
  if (config.db_threads > 0) return config.db_threads;
  return is_sqlite_url(config.database_url) ? config.db_pool_size : 2 * config.db_pool_size;
}

// Writes on SQLite wait for the group commit's flush after giving their connection back, so many
// can wait at once; PostgreSQL flushes inside COMMIT, on the connection.
int write_threads(const Config& config) {
  if (config.db_write_threads > 0) return config.db_write_threads;
  return is_sqlite_url(config.database_url) ? kSqliteWriteThreads : config.db_pool_size;
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
  store::Database database({.url = config.database_url,
                            .pool_size = config.db_pool_size + config.password_threads,
                            .statement_timeout = config.db_statement_timeout,
                            .transaction_pooler = config.database_transaction_pooler},
                           logger);

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
  } catch (const store::PoolerMismatch& error) {
    logger.error("configuration error", {{"error", std::string_view(error.what())}});
    return 2;
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

  std::unique_ptr<const util::Clock> clock_source;
  try {
    clock_source = make_clock(config, logger);
  } catch (const std::exception& error) {
    logger.error("configuration error", {{"error", std::string_view(error.what())}});
    return 2;
  }
  // Standbys take uncached reads once they hold the user's own latest write (store/standbys.hpp).
  // Their pools serve the read threads only: no password thread reads from them.
  store::Standbys standbys(database, config.database_read_urls,
                           {.pool_size = config.db_pool_size,
                            .statement_timeout = config.db_statement_timeout,
                            .transaction_pooler = config.database_transaction_pooler},
                           config.database_read_max_lag, logger);
  Application application(config, database, standbys, *clock_source, jwt_secret);

  // Lanes before the server: sessions cut short at shutdown are destroyed with the server's I/O
  // context, and a session waiting on a lane still refers to it.
  http::InlineLane inline_lane;
  http::ThreadPoolLane read_lane(read_threads(config));
  http::ThreadPoolLane write_lane(write_threads(config));
  http::ThreadPoolLane password_threads(config.password_threads, kPasswordNice);
  if (!password_threads.priority_lowered())
    logger.warn("cannot lower the priority of the password threads (setpriority refused); logins compete with every request");
  const int password_share = std::max(1, config.max_pending_password_jobs * config.password_lane_share_percent / 100);
  http::BoundedLane password_lane(password_threads, config.max_pending_password_jobs, password_share,
                                  "Too many sign-ins in progress; retry shortly.");
  // Imports: a queue of their own, answered 429 when full, on a thread of their own (SQLite has one
  // writer anyway), so a flood of imports neither grows memory nor holds the write threads.
  http::ThreadPoolLane import_threads(1);
  http::BoundedLane import_lane(import_threads, config.max_pending_imports, config.max_pending_imports,
                                "Too many imports in progress; retry shortly.", domain::ErrorCode::kRateLimited);
  const http::CorsPolicy cors(config.cors_origins);
  const http::Dispatcher dispatcher(application.router(), application.authenticator(),
                                    {.inline_lane = inline_lane,
                                     .database = read_lane,
                                     .database_write = write_lane,
                                     .password = password_lane,
                                     .import = import_lane},
                                    cors, config.max_body_bytes, logger, &application.rate_limits());
  http::Server server(server_options(config), cors, logger);
  const BackgroundJobs background(application.background_jobs(), logger);
  const auto webhook_dispatcher = application.start_webhook_dispatcher(logger);
  try {
    server.listen();
  } catch (const std::exception& error) {
    logger.error("cannot listen", {{"bind", std::string_view(config.bind)},
                                   {"port", static_cast<long long>(config.port)},
                                   {"error", std::string_view(error.what())}});
    return 1;
  }
  server.run(dispatcher, &application.metrics());
  for (auto* lane : {&read_lane, &write_lane, &password_threads, &import_threads}) lane->join();
  return 0;
}

}  // namespace habitd::app
