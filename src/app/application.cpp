#include "app/application.hpp"

#include "api/v1/auth_handlers.hpp"
#include "api/v1/bearer_authenticator.hpp"
#include "api/v1/changes_handlers.hpp"
#include "api/v1/docs_handlers.hpp"
#include "api/v1/export_handlers.hpp"
#include "api/v1/habit_handlers.hpp"
#include "api/v1/idempotency.hpp"
#include "api/v1/json/webhook_json.hpp"
#include "api/v1/ops_handlers.hpp"
#include "api/v1/rate_limits.hpp"
#include "api/v1/read_cache.hpp"
#include "api/v1/routes.hpp"
#include "api/v1/standby_reads.hpp"
#include "api/v1/stats_handlers.hpp"
#include "api/v1/today_handlers.hpp"
#include "api/v1/token_handlers.hpp"
#include "api/v1/webapp_handlers.hpp"
#include "api/v1/webhook_handlers.hpp"
#include "app/server_app.hpp"
#include "app/webhook_adapters.hpp"
#include "domain/error.hpp"
#include "http/metrics.hpp"
#include "security/access_tokens.hpp"
#include "security/fleet.hpp"
#include "security/login_limiter.hpp"
#include "security/password_hasher.hpp"
#include "security/random.hpp"
#include "security/rate_limiter.hpp"
#include "service/auth_service.hpp"
#include "service/changes_service.hpp"
#include "service/delivery_stats.hpp"
#include "service/export_service.hpp"
#include "service/habit_service.hpp"
#include "service/read_stamp_batches.hpp"
#include "service/reminder_service.hpp"
#include "service/stats_service.hpp"
#include "service/today_service.hpp"
#include "service/token_service.hpp"
#include "service/webhook_delivery.hpp"
#include "service/webhook_events.hpp"
#include "service/webhook_service.hpp"
#include "store/changes_store.hpp"
#include "store/database.hpp"
#include "store/delivery_store.hpp"
#include "store/export_store.hpp"
#include "store/habit_store.hpp"
#include "store/idempotency_store.hpp"
#include "store/process_registry.hpp"
#include "store/reminder_store.hpp"
#include "store/shared_login_limiter.hpp"
#include "store/token_store.hpp"
#include "store/user_store.hpp"
#include "store/webhook_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::app {

namespace {

// A uniform draw from [0, 1) for the retries' jitter.
double jitter_draw() {
  const auto bytes = security::random_bytes(8);
  std::uint64_t value = 0;
  for (const auto byte : bytes) value = (value << 8) | byte;
  return static_cast<double>(value >> 11) / static_cast<double>(std::uint64_t{1} << 53);
}

void render_read_stamps(std::string& out, const service::ReadStampBatches::Stats& stats) {
  out +=
      "# HELP habitd_read_stamps_total Users' rows that reads asked for before their work (PostgreSQL).\n"
      "# TYPE habitd_read_stamps_total counter\n";
  out += "habitd_read_stamps_total " + std::to_string(stats.reads) + "\n";
  out +=
      "# HELP habitd_read_stamp_queries_total Queries that answered them, each for every read waiting then.\n"
      "# TYPE habitd_read_stamp_queries_total counter\n";
  out += "habitd_read_stamp_queries_total " + std::to_string(stats.queries) + "\n";
}

void render_live_processes(std::string& out, int processes) {
  out +=
      "# HELP habitd_live_processes habitd processes serving from this database, among which the rate limits are divided.\n"
      "# TYPE habitd_live_processes gauge\n";
  out += "habitd_live_processes " + std::to_string(processes) + "\n";
}

// How often each process notes itself alive in the database and counts the others: a process
// that starts is counted by the others within this long, and one that crashed within this long
// after store::ProcessRegistry::kSilence.
constexpr std::chrono::seconds kProcessBeat{3};

security::LoginLimits login_limits(const Config& config) {
  return {.failures_per_account = config.login_failures_per_account,
          .failures_per_address = config.login_failures_per_address,
          .window = config.login_failure_window};
}

}  // namespace

// Members in dependency order: each is built from those above it, and destroyed before them.
struct Application::Parts {
  Parts(const Config& config, store::Database& database, store::Standbys& standbys, const util::Clock& clock,
        const std::string& jwt_secret)
      : hasher(config.bcrypt_cost),
        access_tokens({.secret = jwt_secret,
                       .previous_secret = config.jwt_previous_secret,
                       .issuer = config.jwt_issuer,
                       .ttl = config.access_token_ttl},
                      clock),
        local_limiter(login_limits(config)),
        shared_limiter(database, login_limits(config)),
        processes(database, security::new_id()),
        registrations({.limit = config.registrations_per_address, .window = std::chrono::hours(1)}, &fleet),
        users(database),
        habit_store(database),
        export_store(database),
        idempotency_store(database),
        token_store(database),
        changes_store(database),
        webhook_store(database),
        delivery_store(database),
        reminder_store(database),
        webhook_events(event_json, clock),
        url_guard(config.webhook_allow_private, std::chrono::seconds(2)),
        sender({.allow_private = config.webhook_allow_private,
                .connect_timeout = config.webhook_timeout,
                .write_timeout = config.webhook_timeout,
                .read_timeout = config.webhook_timeout}),
        webhooks(webhook_store, url_guard, clock, config.quotas.webhooks),
        delivery(delivery_store, sender, clock, delivery_stats, jitter_draw),
        reminders(reminder_store, webhook_events, clock),
        auth(users, hasher, access_tokens,
             database.dialect() == store::Dialect::kPostgres ? static_cast<security::LoginThrottle&>(shared_limiter)
                                                             : local_limiter,
             registrations, clock, config.refresh_token_ttl, config.session_lifetime),
        histories(habit_store, clock),
        postgres(database.dialect() == store::Dialect::kPostgres),
        stamps([this](const std::vector<std::string>& user_ids) { return users.stamps_of(user_ids); }),
        habits(habit_store, users, clock, histories, config.quotas, &webhook_events, postgres ? &stamps : nullptr),
        stats(habit_store, habits),
        today(habit_store, habits),
        exports(export_store, users, clock, config.quotas, &webhook_events, &webhook_store),
        tokens(token_store, clock, config.quotas.tokens),
        changes(changes_store, habit_store, habits),
        authenticator(auth, tokens),
        standby_reads(habits, standbys),
        read_cache(habits, standby_reads, static_cast<std::size_t>(config.read_cache_mb) * 1024 * 1024),
        idempotency(idempotency_store, clock, security::hmac_sha256_hex(jwt_secret, "habitd idempotency fingerprint")),
        ops(database, standbys, metrics, read_cache, config.metrics_token, std::string(version()),
            [this](std::string& out) {
              delivery_stats.render(out);
              if (postgres) render_read_stamps(out, stamps.stats());
              render_live_processes(out, fleet.processes());
            }),
        auth_handlers(auth),
        habit_handlers(habits),
        stats_handlers(stats),
        export_handlers(exports, config.max_import_bytes),
        token_handlers(tokens),
        changes_handlers(changes),
        docs(),
        today_handlers(today),
        webapp(),
        webhook_handlers(webhooks),
        rate_limits({.limit = config.rate_limit_per_user, .window = config.rate_limit_window},
                    {.limit = config.rate_limit_per_address, .window = config.rate_limit_window}, &fleet),
        router(api::v1::make_router({.ops = ops,
                                     .auth = auth_handlers,
                                     .habits = habit_handlers,
                                     .stats = stats_handlers,
                                     .exports = export_handlers,
                                     .tokens = token_handlers,
                                     .changes = changes_handlers,
                                     .docs = docs,
                                     .idempotency = idempotency,
                                     .read_cache = read_cache,
                                     .standby_reads = standby_reads,
                                     .today = today_handlers,
                                     .webapp = webapp,
                                     .webhooks = webhook_handlers})) {}

  const security::PasswordHasher hasher;
  const security::AccessTokens access_tokens;
  // Failed logins: in memory on SQLite (one process), in the database on PostgreSQL (every process).
  security::LoginLimiter local_limiter;
  store::SharedLoginLimiter shared_limiter;
  // The processes serving from the database, among which the rate limits are divided: counted in
  // PostgreSQL by a background job; SQLite serves from this process alone (1).
  security::FleetSize fleet;
  const store::ProcessRegistry processes;
  security::RateLimiter registrations;
  const store::UserStore users;
  const store::HabitStore habit_store;
  const store::ExportStore export_store;
  const store::IdempotencyStore idempotency_store;
  const store::TokenStore token_store;
  const store::ChangesStore changes_store;
  const store::WebhookStore webhook_store;
  const store::DeliveryStore delivery_store;
  const store::ReminderStore reminder_store;
  const api::v1::EventJson event_json;
  const service::WebhookEvents webhook_events;
  const WebhookUrlGuard url_guard;
  const HttpWebhookSender sender;
  service::DeliveryStats delivery_stats;
  const service::WebhookService webhooks;
  const service::WebhookDelivery delivery;
  const service::ReminderService reminders;
  const service::AuthService auth;
  const service::HabitHistories histories;
  const bool postgres;
  // PostgreSQL: the reads waiting at once share one query for their users' rows.
  const service::ReadStampBatches stamps;
  const service::HabitService habits;
  const service::StatsService stats;
  const service::TodayService today;
  const service::ExportService exports;
  const service::TokenService tokens;
  const service::ChangesService changes;
  const api::v1::BearerAuthenticator authenticator;
  http::Metrics metrics;
  const api::v1::StandbyReads standby_reads;
  const api::v1::ReadCache read_cache;
  const api::v1::Idempotency idempotency;
  const api::v1::OpsHandlers ops;
  const api::v1::AuthHandlers auth_handlers;
  const api::v1::HabitHandlers habit_handlers;
  const api::v1::StatsHandlers stats_handlers;
  const api::v1::ExportHandlers export_handlers;
  const api::v1::TokenHandlers token_handlers;
  const api::v1::ChangesHandlers changes_handlers;
  const api::v1::DocsHandlers docs;
  const api::v1::TodayHandlers today_handlers;
  const api::v1::WebAppHandlers webapp;
  const api::v1::WebhookHandlers webhook_handlers;
  const api::v1::ApiRateLimits rate_limits;
  const http::Router router;
};

Application::Application(const Config& config, store::Database& database, store::Standbys& standbys, const util::Clock& clock,
                         const std::string& jwt_secret)
    : config_(config), clock_(clock), parts_(std::make_unique<Parts>(config, database, standbys, clock, jwt_secret)) {}

Application::~Application() = default;

const http::Router& Application::router() const { return parts_->router; }
const http::Authenticator& Application::authenticator() const { return parts_->authenticator; }
const http::RequestLimiter& Application::rate_limits() const { return parts_->rate_limits; }
http::Metrics& Application::metrics() { return parts_->metrics; }

std::unique_ptr<WebhookDispatcher> Application::start_webhook_dispatcher(util::Logger& logger) const {
  // One SQLite process is the only one that can hold a lease: a crash's leases end at once.
  if (config_.database_url.rfind("sqlite:", 0) == 0) parts_->delivery_store.release_all_leases();
  return std::make_unique<WebhookDispatcher>(parts_->delivery, config_.webhook_concurrency, config_.webhook_poll, logger);
}

std::vector<BackgroundJobs::Job> Application::background_jobs() const {
  const auto retention = std::chrono::days(config_.sync_retention_days);
  std::vector<BackgroundJobs::Job> jobs{
      {"token last use", service::TokenService::kFlushEvery, [this] { parts_->tokens.flush_last_used(); }},
      {"tombstone purge", config_.purge_interval,
       [this, retention] { (void)parts_->changes_store.purge(util::to_micros(clock_.now() - retention)); }},
      {"reminders", config_.reminder_interval, [this] { (void)parts_->reminders.fire_due(); }},
      {"webhook purge", config_.purge_interval,
       [this] {
         const auto kept = std::chrono::days(config_.webhook_retention_days);
         (void)parts_->delivery_store.purge(util::to_micros(clock_.now() - kept));
         (void)parts_->reminder_store.purge(util::to_micros(clock_.now() - std::chrono::days(3)));
       }},
      {"idempotency purge", config_.purge_interval,
       [this] { (void)parts_->idempotency_store.purge(util::to_micros(clock_.now() - api::v1::Idempotency::kKeyLifetime)); }},
      // Counted here, not per scrape: /metrics answers at once even while the database is down
      // or frozen, and then leaves the gauge out.
      {.name = "webhook backlog",
       .interval = service::DeliveryStats::kCountPendingEvery,
       .run =
           [this] {
             try {
               parts_->delivery_stats.set_pending(parts_->delivery_store.pending());
             } catch (const domain::Error&) {
               parts_->delivery_stats.set_pending(std::nullopt);
             }
           },
       .at_start = true}};
  if (parts_->postgres)
    jobs.push_back({.name = "live processes",
                    .interval = kProcessBeat,
                    .run = [this] { parts_->fleet.set(parts_->processes.beat()); },
                    .at_start = true,
                    .at_stop = [this] { parts_->processes.leave(); }});
  return jobs;
}

}  // namespace habitd::app
