#pragma once
// Immutable settings, built once from HABITS_* environment variables overridden by flags.
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/quotas.hpp"

namespace habitd::app {

struct Config {
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string database_url = "sqlite:habits.db";
  std::vector<std::string> database_read_urls;     // PostgreSQL streaming standbys for reads (store/standbys.hpp)
  std::chrono::seconds database_read_max_lag{30};  // a standby further behind is skipped
  bool database_transaction_pooler = false;        // PostgreSQL reached through a pooler in transaction mode
  std::string jwt_secret;                          // empty: generated and kept beside the SQLite file
  std::string jwt_previous_secret;                 // accepted for verification during a rotation
  std::string jwt_issuer = "habitd";
  std::chrono::seconds access_token_ttl{900};
  std::chrono::seconds refresh_token_ttl{30L * 24 * 3600};
  std::chrono::seconds session_lifetime{90L * 24 * 3600};  // a sign-in ends this long after it began, however used
  int bcrypt_cost = 10;
  int io_threads = 2;
  int db_pool_size = 4;
  std::chrono::seconds db_statement_timeout{15};  // PostgreSQL: a statement running longer fails (503)
  int db_threads = 0;                             // reads; 0: the pool size
  int db_write_threads = 0;  // writes; 0: 32 on SQLite (commits wait for a shared flush), the pool size on PostgreSQL
  int password_threads = 2;
  int max_pending_password_jobs = 64;
  int max_pending_imports = 4;  // running or queued; beyond it 429
  std::size_t max_body_bytes = std::size_t{64} * 1024;
  std::size_t max_import_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_header_bytes = std::size_t{8} * 1024;
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_timeout{15};
  int max_connections = 10000;
  domain::Quotas quotas;                      // HABITS_MAX_{HABITS,LOGS,TOKENS,WEBHOOKS}_PER_USER
  int read_cache_mb = 8;                      // 0: every read is computed afresh
  int sync_retention_days = 30;               // tombstones of the changes feed are kept this long
  std::chrono::seconds purge_interval{3600};  // between purges of tombstones and the like
  int login_failures_per_account = 5;
  int login_failures_per_address = 20;
  std::chrono::seconds login_failure_window{900};
  int rate_limit_per_user = 6000;     // /api/v1 requests per window per user; 0: no limit
  int rate_limit_per_address = 6000;  // /api/v1 requests per window per address, without a credential
  std::chrono::seconds rate_limit_window{60};
  int registrations_per_address = 300;       // sign-ups per client address per hour; 0: no limit
  int password_lane_share_percent = 25;      // most of the password queue one address may hold
  std::vector<std::string> trusted_proxies;  // peer addresses whose X-Forwarded-For is believed
  std::vector<std::string> cors_origins;     // empty: CORS off
  std::string metrics_token;                 // empty: /metrics open on the bind address
  bool migrate_only = false;                 // `habitd migrate`
  std::string test_clock_file;               // test builds only (HABITD_TEST_CLOCK): "now" comes from this file
  // Webhooks (docs/WEBHOOKS.md).
  bool webhook_allow_private = false;            // deliver to loopback and private addresses too (tests, private networks)
  int webhook_concurrency = 4;                   // deliveries in flight at once
  std::chrono::seconds webhook_timeout{10};      // connect, write and read, each
  int webhook_retention_days = 7;                // delivery records are purged after this
  std::chrono::milliseconds webhook_poll{1000};  // how often an idle dispatcher looks for due deliveries
  std::chrono::seconds reminder_interval{15};    // how often reminders are checked
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// kBackup and kRestore: `habitd backup PATH`, `habitd restore PATH` (SQLite; ParsedCommandLine::path).
enum class CommandLineAction { kRun, kHelp, kVersion, kBackup, kRestore };

struct ParsedCommandLine {
  CommandLineAction action = CommandLineAction::kRun;
  Config config;
  std::string path;  // the backup file of kBackup and kRestore
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Throws ConfigError with a message naming the setting and the accepted values.
[[nodiscard]] ParsedCommandLine parse_config(const EnvLookup& env, const std::vector<std::string>& args);
[[nodiscard]] std::string help_text();

[[nodiscard]] bool is_sqlite_url(std::string_view url) noexcept;

}  // namespace habitd::app
