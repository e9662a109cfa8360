#include "app/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

#include "http/client_address.hpp"

namespace habitd::app {
namespace {

struct Setting {
  std::string env;   // HABITS_PORT
  std::string flag;  // port
  std::string help;
  std::function<void(Config&, const std::string&)> apply;
};

long parse_int(const std::string& name, const std::string& value, long min, long max) {
  long result = 0;
  const auto* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, result);
  if (ec != std::errc{} || ptr != end || value.empty()) throw ConfigError(name + ": '" + value + "' is not a whole number");
  if (result < min || result > max)
    throw ConfigError(name + ": " + value + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return result;
}

std::vector<std::string> parse_list(const std::string& value) {
  std::vector<std::string> items;
  std::stringstream stream(value);
  std::string item;
  while (std::getline(stream, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// Items separated by spaces (a PostgreSQL URL may hold commas: host1:5432,host2:5432).
std::vector<std::string> parse_words(const std::string& value) {
  std::vector<std::string> items;
  std::stringstream stream(value);
  std::string item;
  while (stream >> item) items.push_back(item);
  return items;
}

// Settings that are fine alone but not together.
void check_combination(const Config& config) {
  if (!config.database_read_urls.empty() && is_sqlite_url(config.database_url))
    throw ConfigError(
        "HABITS_DATABASE_READ_URL: read replicas are PostgreSQL standbys of a PostgreSQL primary; "
        "HABITS_DATABASE_URL is SQLite (unset HABITS_DATABASE_READ_URL, or use PostgreSQL)");
  if (config.database_transaction_pooler && is_sqlite_url(config.database_url))
    throw ConfigError("HABITS_DATABASE_POOLER: a pooler stands in front of PostgreSQL; HABITS_DATABASE_URL is SQLite");
}

template <typename Member>
std::function<void(Config&, const std::string&)> int_setting(Member member, const std::string& name, long min, long max) {
  return [member, name, min, max](Config& config, const std::string& value) {
    config.*member = static_cast<std::remove_reference_t<decltype(config.*member)>>(parse_int(name, value, min, max));
  };
}

template <typename Member>
std::function<void(Config&, const std::string&)> seconds_setting(Member member, const std::string& name, long min, long max) {
  return [member, name, min, max](Config& config, const std::string& value) {
    config.*member = std::chrono::seconds(parse_int(name, value, min, max));
  };
}

std::vector<Setting> settings() {
  std::vector<Setting> all;
  auto add = [&all](std::string env, std::string flag, std::string help, auto apply) {
    all.push_back(Setting{std::move(env), std::move(flag), std::move(help), std::move(apply)});
  };
  add("HABITS_BIND", "bind", "address to listen on (default 127.0.0.1)", [](Config& c, const std::string& v) {
    if (v.empty()) throw ConfigError("HABITS_BIND: must not be empty");
    c.bind = v;
  });
  add("HABITS_PORT", "port", "TCP port, 0 picks a free one (default 8080)", int_setting(&Config::port, "HABITS_PORT", 0, 65535));
  add("HABITS_DATABASE_URL", "database-url", "sqlite:PATH or postgresql://user:pass@host:port/db (default sqlite:habits.db)",
      [](Config& c, const std::string& v) {
        if (!is_sqlite_url(v) && v.rfind("postgresql://", 0) != 0 && v.rfind("postgres://", 0) != 0)
          throw ConfigError("HABITS_DATABASE_URL: expected sqlite:PATH or postgresql://..., got '" + v.substr(0, 16) + "...'");
        if (is_sqlite_url(v) && v.size() <= 7) throw ConfigError("HABITS_DATABASE_URL: sqlite: needs a path");
        c.database_url = v;
      });
  add("HABITS_DATABASE_READ_URL", "database-read-url",
      "PostgreSQL streaming standbys for reads, postgresql:// URLs separated by spaces; a read runs on one only once it holds "
      "the user's latest write (default none)",
      [](Config& c, const std::string& v) {
        c.database_read_urls = parse_words(v);
        for (const auto& url : c.database_read_urls)
          if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0)
            throw ConfigError("HABITS_DATABASE_READ_URL: expected postgresql:// URLs separated by spaces, got '" +
                              url.substr(0, 16) + "...'");
      });
  add("HABITS_DATABASE_READ_MAX_LAG", "database-read-max-lag",
      "seconds a standby's replay may be behind before reads skip it (default 30)",
      seconds_setting(&Config::database_read_max_lag, "HABITS_DATABASE_READ_MAX_LAG", 0, 86400));
  add("HABITS_DATABASE_POOLER", "database-pooler",
      "what HABITS_DATABASE_URL reaches PostgreSQL through: none (or session: a pooler in session mode) or transaction (a "
      "pooler in transaction mode, such as PgBouncer's pool_mode=transaction; see docs/DEPLOY.md) (default none)",
      [](Config& c, const std::string& v) {
        if (v != "none" && v != "session" && v != "transaction")
          throw ConfigError("HABITS_DATABASE_POOLER: expected none, session or transaction, got '" + v.substr(0, 16) + "'");
        c.database_transaction_pooler = v == "transaction";
      });
  add("HABITS_JWT_SECRET", "jwt-secret", "HS256 signing secret, at least 32 bytes (default: generated beside the SQLite file)",
      [](Config& c, const std::string& v) {
        if (v.size() < 32) throw ConfigError("HABITS_JWT_SECRET: must be at least 32 bytes");
        c.jwt_secret = v;
      });
  add("HABITS_JWT_PREVIOUS_SECRET", "jwt-previous-secret", "previous secret still accepted for verification during a rotation",
      [](Config& c, const std::string& v) {
        if (!v.empty() && v.size() < 32) throw ConfigError("HABITS_JWT_PREVIOUS_SECRET: must be at least 32 bytes");
        c.jwt_previous_secret = v;
      });
  add("HABITS_JWT_ISSUER", "jwt-issuer", "iss claim of access tokens (default habitd)", [](Config& c, const std::string& v) {
    if (v.empty()) throw ConfigError("HABITS_JWT_ISSUER: must not be empty");
    c.jwt_issuer = v;
  });
  add("HABITS_ACCESS_TOKEN_TTL", "access-token-ttl", "access token lifetime in seconds (default 900)",
      seconds_setting(&Config::access_token_ttl, "HABITS_ACCESS_TOKEN_TTL", 1, 86400));
  add("HABITS_REFRESH_TOKEN_TTL", "refresh-token-ttl", "refresh token lifetime in seconds (default 2592000)",
      seconds_setting(&Config::refresh_token_ttl, "HABITS_REFRESH_TOKEN_TTL", 1, 365L * 86400));
  add("HABITS_SESSION_LIFETIME_DAYS", "session-lifetime-days",
      "days after a sign-in when its session ends however active, so the person signs in again (default 90)",
      [](Config& c, const std::string& v) {
        c.session_lifetime = std::chrono::days(parse_int("HABITS_SESSION_LIFETIME_DAYS", v, 1, 3650));
      });
  add("HABITS_BCRYPT_COST", "bcrypt-cost", "bcrypt work factor 4-15 (default 10, see docs/SECURITY.md)",
      int_setting(&Config::bcrypt_cost, "HABITS_BCRYPT_COST", 4, 15));
  add("HABITS_IO_THREADS", "io-threads", "threads serving sockets (default 2)",
      int_setting(&Config::io_threads, "HABITS_IO_THREADS", 1, 64));
  add("HABITS_DB_POOL_SIZE", "db-pool-size", "database connections (default 4, plus one per password thread)",
      int_setting(&Config::db_pool_size, "HABITS_DB_POOL_SIZE", 1, 256));
  add("HABITS_DB_STATEMENT_TIMEOUT", "db-statement-timeout",
      "PostgreSQL: seconds a statement may run before it is cancelled and the request gets 503 (default 15)",
      seconds_setting(&Config::db_statement_timeout, "HABITS_DB_STATEMENT_TIMEOUT", 1, 3600));
  add("HABITS_DB_THREADS", "db-threads", "threads running database reads (default: the pool size)",
      int_setting(&Config::db_threads, "HABITS_DB_THREADS", 1, 1024));
  add("HABITS_DB_WRITE_THREADS", "db-write-threads",
      "threads running database writes (default 32 on SQLite, the pool size on PostgreSQL)",
      int_setting(&Config::db_write_threads, "HABITS_DB_WRITE_THREADS", 1, 1024));
  add("HABITS_PASSWORD_THREADS", "password-threads", "threads hashing passwords (default 2)",
      int_setting(&Config::password_threads, "HABITS_PASSWORD_THREADS", 1, 64));
  add("HABITS_MAX_PENDING_IMPORTS", "max-pending-imports", "imports running or queued before 429 (default 4)",
      int_setting(&Config::max_pending_imports, "HABITS_MAX_PENDING_IMPORTS", 1, 1000));
  add("HABITS_MAX_BODY_BYTES", "max-body-bytes", "largest request body accepted (default 65536)",
      int_setting(&Config::max_body_bytes, "HABITS_MAX_BODY_BYTES", 1024, 64L * 1024 * 1024));
  add("HABITS_REQUEST_TIMEOUT", "request-timeout", "seconds a client has to send a whole request (default 10)",
      seconds_setting(&Config::request_timeout, "HABITS_REQUEST_TIMEOUT", 1, 3600));
  add("HABITS_IDLE_TIMEOUT", "idle-timeout", "seconds an idle keep-alive connection is kept (default 60)",
      seconds_setting(&Config::idle_timeout, "HABITS_IDLE_TIMEOUT", 1, 3600));
  add("HABITS_SHUTDOWN_TIMEOUT", "shutdown-timeout", "seconds in-flight requests get on SIGTERM (default 15)",
      seconds_setting(&Config::shutdown_timeout, "HABITS_SHUTDOWN_TIMEOUT", 1, 3600));
  add("HABITS_MAX_CONNECTIONS", "max-connections", "open connections beyond which new ones are refused (default 10000)",
      int_setting(&Config::max_connections, "HABITS_MAX_CONNECTIONS", 1, 1000000));
  add("HABITS_LOGIN_FAILURES_PER_ACCOUNT", "login-failures-per-account",
      "failed logins per account per window before 429 (default 5)",
      int_setting(&Config::login_failures_per_account, "HABITS_LOGIN_FAILURES_PER_ACCOUNT", 1, 1000000));
  add("HABITS_LOGIN_FAILURES_PER_ADDRESS", "login-failures-per-address",
      "failed logins per client address per window before 429 (default 20)",
      int_setting(&Config::login_failures_per_address, "HABITS_LOGIN_FAILURES_PER_ADDRESS", 1, 1000000));
  add("HABITS_LOGIN_FAILURE_WINDOW", "login-failure-window", "seconds failed logins are remembered (default 900)",
      seconds_setting(&Config::login_failure_window, "HABITS_LOGIN_FAILURE_WINDOW", 1, 86400));
  add("HABITS_RATE_LIMIT_PER_USER", "rate-limit-per-user",
      "/api/v1 requests per user per window before 429, 0 for no limit (default 6000)",
      int_setting(&Config::rate_limit_per_user, "HABITS_RATE_LIMIT_PER_USER", 0, 100000000));
  add("HABITS_RATE_LIMIT_PER_ADDRESS", "rate-limit-per-address",
      "/api/v1 requests without a valid credential per client address per window before 429, 0 for no limit (default 6000)",
      int_setting(&Config::rate_limit_per_address, "HABITS_RATE_LIMIT_PER_ADDRESS", 0, 100000000));
  add("HABITS_RATE_LIMIT_WINDOW", "rate-limit-window", "seconds over which the request rate limits refill (default 60)",
      seconds_setting(&Config::rate_limit_window, "HABITS_RATE_LIMIT_WINDOW", 1, 86400));
  add("HABITS_REGISTRATIONS_PER_ADDRESS", "registrations-per-address",
      "sign-ups per client address per hour before 429, 0 for no limit (default 300)",
      int_setting(&Config::registrations_per_address, "HABITS_REGISTRATIONS_PER_ADDRESS", 0, 1000000));
  add("HABITS_PASSWORD_LANE_SHARE", "password-lane-share",
      "percent of the password queue (64 jobs) one client address may hold; beyond it 503 (default 25)",
      int_setting(&Config::password_lane_share_percent, "HABITS_PASSWORD_LANE_SHARE", 1, 100));
  const auto quota = [&add](const std::string& what, long long domain::Quotas::*member, long long fallback, long long max) {
    const std::string env = "HABITS_MAX_" + what + "_PER_USER";
    std::string flag = "max-" + what + "-per-user";
    for (char& c : flag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string noun = what;
    for (char& c : noun) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    add(env, flag, "most " + noun + " one account may have; beyond it 422 (default " + std::to_string(fallback) + ")",
        [env, member, max](Config& c, const std::string& v) { c.quotas.*member = parse_int(env, v, 1, max); });
  };
  quota("HABITS", &domain::Quotas::habits, domain::Quotas{}.habits, 1000000);
  quota("LOGS", &domain::Quotas::logs, domain::Quotas{}.logs, 100000000);
  quota("TOKENS", &domain::Quotas::tokens, domain::Quotas{}.tokens, 10000);
  quota("WEBHOOKS", &domain::Quotas::webhooks, domain::Quotas{}.webhooks, 10000);
  add("HABITS_READ_CACHE_MB", "read-cache-mb",
      "MiB of rendered reads kept until the user's data changes, 0 turns it off (default 8)",
      int_setting(&Config::read_cache_mb, "HABITS_READ_CACHE_MB", 0, 4096));
  add("HABITS_SYNC_RETENTION_DAYS", "sync-retention-days",
      "days deletions are kept for the changes feed; older cursors get 410 (default 30, at least 30)",
      int_setting(&Config::sync_retention_days, "HABITS_SYNC_RETENTION_DAYS", 30, 3650));
  add("HABITS_PURGE_INTERVAL", "purge-interval", "seconds between purges of what is kept only for a while (default 3600)",
      seconds_setting(&Config::purge_interval, "HABITS_PURGE_INTERVAL", 1, 86400));
  add("HABITS_TRUSTED_PROXIES", "trusted-proxies",
      "comma-separated addresses or CIDR ranges (10.0.0.0/8) of proxies whose X-Forwarded-For is believed (default none)",
      [](Config& c, const std::string& v) {
        c.trusted_proxies = parse_list(v);
        for (const auto& entry : c.trusted_proxies)
          if (!http::AddressRange::parse(entry))
            throw ConfigError("HABITS_TRUSTED_PROXIES: '" + entry + "' is not an address or an address/prefix range");
      });
  add("HABITS_METRICS_TOKEN", "metrics-token", "bearer token required by GET /metrics (default none: open)",
      [](Config& c, const std::string& v) { c.metrics_token = v; });
  add("HABITS_CORS_ORIGINS", "cors-origins", "comma-separated origins allowed by CORS (default none: CORS off)",
      [](Config& c, const std::string& v) { c.cors_origins = parse_list(v); });
  add("HABITS_WEBHOOK_ALLOW_PRIVATE", "webhook-allow-private",
      "1: webhooks may reach loopback, private and link-local addresses (tests, private networks; default 0)",
      [](Config& c, const std::string& v) {
        if (v != "0" && v != "1") throw ConfigError("HABITS_WEBHOOK_ALLOW_PRIVATE: expected 0 or 1, got '" + v + "'");
        c.webhook_allow_private = v == "1";
      });
  add("HABITS_WEBHOOK_CONCURRENCY", "webhook-concurrency", "webhook deliveries in flight at once (default 4)",
      int_setting(&Config::webhook_concurrency, "HABITS_WEBHOOK_CONCURRENCY", 1, 256));
  add("HABITS_WEBHOOK_TIMEOUT", "webhook-timeout",
      "seconds a webhook receiver has to connect, read and answer, each (default 10)",
      seconds_setting(&Config::webhook_timeout, "HABITS_WEBHOOK_TIMEOUT", 1, 60));
  add("HABITS_WEBHOOK_RETENTION_DAYS", "webhook-retention-days", "days webhook delivery records are kept (default 7)",
      int_setting(&Config::webhook_retention_days, "HABITS_WEBHOOK_RETENTION_DAYS", 1, 3650));
  add("HABITS_WEBHOOK_POLL_MS", "webhook-poll-ms",
      "milliseconds an idle webhook dispatcher waits before looking again (default 1000)", [](Config& c, const std::string& v) {
        c.webhook_poll = std::chrono::milliseconds(parse_int("HABITS_WEBHOOK_POLL_MS", v, 10, 60000));
      });
  add("HABITS_REMINDER_INTERVAL", "reminder-interval", "seconds between checks for due reminders (default 15)",
      seconds_setting(&Config::reminder_interval, "HABITS_REMINDER_INTERVAL", 1, 60));
#ifdef HABITD_TEST_CLOCK
  // Only a test build knows this setting at all (see util/file_clock.hpp).
  add("HABITS_TEST_CLOCK_FILE", "test-clock-file", "TEST BUILDS ONLY: read the current instant (RFC 3339, UTC) from this file",
      [](Config& c, const std::string& v) { c.test_clock_file = v; });
#endif
  return all;
}

}  // namespace

bool is_sqlite_url(std::string_view url) noexcept { return url.rfind("sqlite:", 0) == 0; }

std::string help_text() {
  std::ostringstream out;
  out << "Usage: habitd [migrate | backup PATH | restore PATH] [--flag=value ...]\n\n"
         "  habitd                serve the Habit Tracker API\n"
         "  habitd migrate        apply database migrations and exit\n"
         "  habitd backup PATH    copy the SQLite database to PATH, consistent, while the server runs\n"
         "  habitd restore PATH   put the backup at PATH in place of the SQLite database (server stopped)\n"
         "  --help, --version\n\n"
         "Settings (environment variable, or the flag of the same name, e.g. --port=8080 or --HABITS_PORT=8080):\n";
  for (const auto& setting : settings())
    out << "  --" << setting.flag << "  " << setting.env << "\n      " << setting.help << "\n";
  out << "PORT and DATABASE_URL are honoured when HABITS_PORT and HABITS_DATABASE_URL are absent.\n";
  return out.str();
}

ParsedCommandLine parse_config(const EnvLookup& env, const std::vector<std::string>& args) {
  ParsedCommandLine parsed;
  Config& config = parsed.config;
  const auto all = settings();

  // Platform conventions (Heroku, Render, Cloud Run) are the weakest source.
  for (const auto& [plain, ours] : {std::pair{"PORT", "HABITS_PORT"}, std::pair{"DATABASE_URL", "HABITS_DATABASE_URL"}}) {
    if (env(ours)) continue;
    if (auto value = env(plain))
      for (const auto& setting : all)
        if (setting.env == ours) setting.apply(config, *value);
  }
  for (const auto& setting : all)
    if (auto value = env(setting.env)) setting.apply(config, *value);

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return {CommandLineAction::kHelp, config};
    if (arg == "--version") return {CommandLineAction::kVersion, config};
    if (arg == "migrate" && i == 0) {
      config.migrate_only = true;
      continue;
    }
    if ((arg == "backup" || arg == "restore") && i == 0) {
      if (args.size() < 2 || args[1].empty() || args[1].rfind("--", 0) == 0)
        throw ConfigError("a file is needed: habitd " + arg + " PATH");
      parsed.action = arg == "backup" ? CommandLineAction::kBackup : CommandLineAction::kRestore;
      parsed.path = args[++i];
      continue;
    }
    if (arg.rfind("--", 0) != 0) throw ConfigError("unexpected argument '" + arg + "' (see --help)");
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const auto it = std::find_if(all.begin(), all.end(), [&](const Setting& s) { return s.flag == name || s.env == name; });
    if (it == all.end()) throw ConfigError("unknown flag --" + name + " (see --help)");
    if (!value) {
      if (i + 1 >= args.size()) throw ConfigError("flag --" + name + " needs a value");
      value = args[++i];
    }
    it->apply(config, *value);
  }
  check_combination(config);
  return parsed;
}

}  // namespace habitd::app
