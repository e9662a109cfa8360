#include "store/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <set>

#include "domain/error.hpp"
#include "store/lease_watchdog.hpp"
#include "store/migrations.hpp"
#include "store/statements.hpp"
#include "store/wal_sync.hpp"
#include "util/logger.hpp"
#include "util/time_format.hpp"

namespace habitd::store {
namespace {

constexpr int kSqliteConstraint = 19;
// Any constant shared by every habitd process: serialises concurrent migrations on PostgreSQL.
constexpr long long kMigrationLockKey = 7261880231;

domain::Error unavailable() {
  return domain::Error(domain::ErrorCode::kUnavailable, "The database is unavailable; retry shortly.").with_retry_after(1);
}

// SOCI appends the statement and its bound values to messages ("... with :h=\"...\""), and
// PostgreSQL adds a DETAIL line quoting the row ("Key (email_key)=(...)"): those may be hashes or
// emails, so only the first line, before them, may reach a log.
std::string without_bound_values(std::string_view message) {
  return std::string(message.substr(0, std::min(message.find(" while "), message.find('\n'))));
}

// What a log may say of a refused write: the constraint's name (PostgreSQL: `constraint "x"`)
// or SQLite's "UNIQUE constraint failed: table.column", never a value.
std::string constraint_name(std::string_view message) {
  if (const auto quoted = message.find("constraint \""); quoted != std::string_view::npos) {
    const auto start = quoted + 12;
    const auto end = message.find('"', start);
    if (end != std::string_view::npos) return "constraint " + std::string(message.substr(start, end - start));
  }
  if (const auto failed = message.find("constraint failed"); failed != std::string_view::npos) {
    const std::string_view rest = message.substr(failed);
    const auto end = std::min({rest.find(" while "), rest.find('\n'), rest.find(" ("), rest.size()});
    auto kind_start = failed < 2 ? std::string_view::npos : message.rfind(' ', failed - 2);
    kind_start = kind_start == std::string_view::npos ? 0 : kind_start + 1;
    return std::string(message.substr(kind_start, failed - kind_start)) + std::string(rest.substr(0, end));
  }
  return "constraint violation";
}

bool is_constraint_violation(const soci::soci_error& error) {
  if (error.get_error_category() == soci::soci_error::constraint_violation) return true;
  if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&error))
    return (sqlite->result() & 0xFF) == kSqliteConstraint;
  if (const auto* postgres = dynamic_cast<const soci::postgresql_soci_error*>(&error))
    return postgres->sqlstate().rfind("23", 0) == 0;
  return false;
}

// PostgreSQL gave up on the statement, or the session, but may well answer the next one: a
// statement or idle-in-transaction timeout (a lease that ran out), an administrator's cancel,
// a server shutting down, a broken connection, a standby's read cancelled by a conflict with
// the replay of the primary's changes (40001). The client may retry: 503, never 500.
bool is_transient(const soci::soci_error& error) {
  const auto* postgres = dynamic_cast<const soci::postgresql_soci_error*>(&error);
  if (!postgres) return false;
  const std::string state = postgres->sqlstate();
  return state.rfind("57", 0) == 0 || state.rfind("08", 0) == 0 || state == "25P03" || state == "53300" || state == "40001";
}

PGconn* postgres_of(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

int socket_of(soci::session& session) { return PQsocket(postgres_of(session)); }

// soci's is_connected() sends PostgreSQL a query: a round trip on every lease given back, and one
// no watchdog guards (a frozen server held it, and its request, for as long as it stayed frozen).
// The state libpq saw on the last exchange is what is needed here.
bool still_connected(soci::session& session, Dialect dialect) {
  if (dialect == Dialect::kSqlite) return session.is_connected();  // a check of a pointer
  return PQstatus(postgres_of(session)) == CONNECTION_OK;
}

bool is_foreign_key_violation(const soci::soci_error& error) {
  if (const auto* postgres = dynamic_cast<const soci::postgresql_soci_error*>(&error)) return postgres->sqlstate() == "23503";
  return std::string_view(error.what()).find("FOREIGN KEY constraint failed") != std::string_view::npos;
}

std::string postgres_connect_string(const std::string& url, std::chrono::seconds timeout) {
  // libpq takes the URL itself; add a connect timeout unless the operator chose one.
  if (url.find("connect_timeout=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + std::to_string(timeout.count());
}

constexpr std::string_view kPostgresOnly = "-- postgresql only";
constexpr const char* kAppliedVersions = "SELECT version FROM schema_migrations";

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  std::size_t pos = 0;
  while (pos < sql.size()) {
    std::size_t end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(pos, end - pos);
    pos = end + 1;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line.substr(first, 2) == "--") continue;
    current.append(line).push_back('\n');
    const auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.find_last_of(';'));
      statements.push_back(std::move(current));
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(std::move(current));
  return statements;
}

// Transaction control on every write and snapshot read. SQLite compiles a one-off statement on
// every run (a few percent of a write's CPU), so there these are kept prepared like the stores'
// statements; PostgreSQL gets either form as one message, and keeps the one-off.
void run_control(soci::session& sql, Dialect dialect, const char* statement) {
  if (dialect != Dialect::kSqlite) {
    sql << statement;
    return;
  }
  auto& control = prepared<Command<>>(sql, statement);
  write(sql, control);
}

// "; SET statement_timeout = ...; SET idle_in_transaction_session_timeout = ..." with `set` as the
// command (SET, or SET LOCAL for one transaction), in milliseconds.
std::string timeout_settings(const DatabaseOptions& options, const std::string& set) {
  return "; " + set + "statement_timeout = " + std::to_string(options.statement_timeout.count() * 1000) + "; " + set +
         "idle_in_transaction_session_timeout = " + std::to_string(options.idle_transaction_lease.count() * 1000);
}

}  // namespace

Database::Database(DatabaseOptions options, util::Logger& logger)
    : options_(std::move(options)),
      logger_(logger),
      dialect_(options_.url.rfind("sqlite:", 0) == 0 ? Dialect::kSqlite : Dialect::kPostgres) {
  connect_string_ = dialect_ == Dialect::kSqlite ? "db=" + options_.url.substr(7) + " timeout=5"
                                                 : postgres_connect_string(options_.url, options_.connect_timeout);
  if (dialect_ == Dialect::kSqlite) wal_sync_ = std::make_unique<WalSync>(options_.url.substr(7) + "-wal");
  if (dialect_ == Dialect::kPostgres)
    watchdog_ = std::make_unique<LeaseWatchdog>(options_.statement_timeout + options_.watchdog_margin, logger_);
  begin_write_ = dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  begin_read_ = dialect_ == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  if (dialect_ == Dialect::kPostgres && options_.transaction_pooler) {
    // One simple-protocol message, so no round trip more than BEGIN alone.
    const std::string timeouts = timeout_settings(options_, "SET LOCAL ");
    begin_write_ += timeouts;
    begin_read_ += timeouts;
  }
}

Database::~Database() = default;

std::unique_ptr<Connection> Database::connect() {
  std::unique_ptr<Connection> session;
  if (dialect_ == Dialect::kSqlite) {
    session = std::make_unique<Connection>(*soci::factory_sqlite3(), connect_string_, false);
    // WAL lets readers run beside the writer. synchronous=NORMAL leaves the flush of each commit
    // to WalSync, which makes it durable (even against power loss) before it is acknowledged.
    *session << "PRAGMA journal_mode=WAL";
    *session << "PRAGMA synchronous=NORMAL";
    *session << "PRAGMA foreign_keys=ON";
    *session << "PRAGMA busy_timeout=5000";
  } else {
    session = std::make_unique<Connection>(*soci::factory_postgresql(), connect_string_, options_.transaction_pooler);
    // Behind a transaction pooler a session's SET would stay on whichever server connection ran it,
    // for other clients: each transaction sets its own (begin_write_, begin_read_).
    if (options_.transaction_pooler) return session;
    // No statement may run for ever (a lock wait, a runaway query): it fails with 503 instead.
    // A transaction left idle (its request stuck, or its habitd frozen or cut off) is ended by
    // the server after the lease, releasing its locks: an Idempotency-Key it claimed can run again.
    // Watched too: a server that froze just after accepting the connection answers nothing.
    const std::uint64_t ticket = watchdog_->watch(socket_of(*session));
    try {
      *session << timeout_settings(options_, "SET ").substr(2);
    } catch (...) {
      (void)watchdog_->unwatch(ticket);
      throw;
    }
    if (watchdog_->unwatch(ticket)) throw std::runtime_error("the database did not answer in time");
  }
  return session;
}

void Database::migrate() {
  const std::lock_guard lock(migrate_mutex_);
  apply_migrations();
  migrated_ = true;
}

void Database::refuse_unannounced_transaction_pooler() {
  if (dialect_ != Dialect::kPostgres || options_.transaction_pooler) return;
  // Two connections of one client never share a server connection, directly or through a pooler
  // in session mode. A pooler in transaction mode hands the server connection a statement ran on
  // to the next client statement, most recently freed first (PgBouncer's default): the other
  // connection's next statement then reports the same backend. A few rounds, in case another
  // client took it in between.
  auto first = connect();
  auto second = connect();
  const auto backend_of = [](soci::session& sql) {
    int pid = 0;
    sql << "SELECT pg_backend_pid()", soci::into(pid);
    return pid;
  };
  std::set<int> firsts;
  std::set<int> seconds;
  for (int round = 0; round < 4; ++round) {
    firsts.insert(backend_of(*first));
    seconds.insert(backend_of(*second));
  }
  const bool shared = std::ranges::any_of(firsts, [&seconds](int pid) { return seconds.contains(pid); });
  if (shared || firsts.size() > 1 || seconds.size() > 1)
    throw PoolerMismatch(
        "HABITS_DATABASE_URL reaches PostgreSQL through a pooler in transaction mode (two connections ran on one server "
        "connection), where habitd's prepared statements and session settings break: set HABITS_DATABASE_POOLER=transaction, "
        "or use the pooler's session mode, or connect directly (docs/DEPLOY.md, PgBouncer)");
}

void Database::apply_migrations() {
  refuse_unannounced_transaction_pooler();
  auto sql = connect();
  // A migration for one database only (its first line says so) is recorded as applied on the other.
  const auto statements_of = [this](const Migration& m) {
    if (m.sql.starts_with(kPostgresOnly) && dialect_ != Dialect::kPostgres) return std::vector<std::string>{};
    return split_statements(m.sql);
  };
  *sql << begin_write_;
  // Two replicas starting at once: the second waits here, then finds nothing left to do.
  if (dialect_ == Dialect::kPostgres) *sql << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
  try {
    *sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT "
            "NOT NULL)";
    std::set<int> applied;
    auto& versions = prepared<Select<Scalar<int>>>(*sql, kAppliedVersions);  // unnamed behind a transaction pooler
    for_each_row(*sql, versions, [&] { applied.insert(versions.values.row.value); });
    for (const auto& migration : migrations()) {
      if (applied.contains(migration.version)) continue;
      for (const auto& statement : statements_of(migration)) *sql << statement;
      const long long now = util::to_micros(std::chrono::system_clock::now());
      const std::string name(migration.name);
      *sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)", soci::use(migration.version),
          soci::use(name), soci::use(now);
      logger_.info("migration applied", {{"version", static_cast<long long>(migration.version)}, {"name", migration.name}});
    }
    *sql << "COMMIT";
  } catch (...) {
    try {
      *sql << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

void Database::ensure_migrated() {
  if (options_.standby) return;  // read-only: its schema is the primary's, replicated
  const std::lock_guard lock(migrate_mutex_);
  if (migrated_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_migrate_attempt_) throw unavailable();
  try {
    apply_migrations();
    migrated_ = true;
  } catch (const std::exception& error) {
    next_migrate_attempt_ = now + std::chrono::seconds(1);
    logger_.warn("database not ready", {{"error", without_bound_values(error.what())}});
    throw unavailable();
  }
}

bool Database::ping() {
  try {
    run([](soci::session& sql) {
      int one = 0;
      sql << "SELECT 1", soci::into(one);
    });
    return true;
  } catch (...) {
    return false;
  }
}

Database::PoolStats Database::pool_stats() {
  const std::lock_guard lock(pool_mutex_);
  const int idle = static_cast<int>(idle_.size());
  return PoolStats{options_.pool_size, open_, open_ - idle, static_cast<int>(waiters_.size())};
}

void Database::give_back(std::unique_ptr<Connection> session, Returned how) {
  std::vector<std::unique_ptr<Connection>> dropped;  // closed after the lock is released
  const std::lock_guard lock(pool_mutex_);
  if (how == Returned::kUnreachable) {
    unreachable_until_ = std::chrono::steady_clock::now() + options_.reconnect_pause;
    probing_ = false;
    dropped.swap(idle_);  // as dead (or frozen) as the one that failed
    open_ -= static_cast<int>(dropped.size());
  }
  if (how != Returned::kHealthy || !session) {
    --open_;
    if (waiters_.empty()) return;
    if (unreachable_until_ != std::chrono::steady_clock::time_point{}) {
      // The database does not answer: every waiting request gets 503 now rather than after its
      // wait and a connect timeout of its own, which would hold a lane thread all that time.
      for (Waiter* waiter : waiters_) {
        waiter->served = true;
        waiter->refused = true;
        waiter->cv.notify_one();
      }
      waiters_.clear();
      return;
    }
    // The dropped connection's place goes to the longest waiter, who opens a new one.
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    ++open_;
    next->served = true;
    next->cv.notify_one();
    return;
  }
  if (waiters_.empty()) {
    idle_.push_back(std::move(session));
    return;
  }
  // Handed straight to the longest waiter: first come, first served. A shared condition variable
  // let a thread that had just given a connection back take it again at once, and with more
  // threads than connections some requests then waited hundreds of milliseconds (p99 420 ms).
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->handed = std::move(session);
  next->served = true;
  next->cv.notify_one();
}

void Database::warn(std::string_view message, const std::string& error) {
  if (options_.standby)
    logger_.warn(message, {{"error", std::string_view(error)}, {"standby", std::string_view(options_.name)}});
  else
    logger_.warn(message, {{"error", std::string_view(error)}});
}

bool Database::may_connect_locked() {
  if (unreachable_until_ == std::chrono::steady_clock::time_point{}) return true;
  if (probing_ || std::chrono::steady_clock::now() < unreachable_until_) return false;
  probing_ = true;  // this lease tries once for everyone
  return true;
}

Database::Lease::Lease(Database& database) : database_(database) {
  database.ensure_migrated();
  std::unique_lock lock(database.pool_mutex_);
  if (database.waiters_.empty() && !database.idle_.empty()) {
    session = std::move(database.idle_.back());
    database.idle_.pop_back();
    return;
  }
  if (database.waiters_.empty() && database.open_ < database.options_.pool_size) {
    ++database.open_;
  } else {
    Waiter me;
    database.waiters_.push_back(&me);
    const bool served = me.cv.wait_for(lock, database.options_.lease_timeout, [&me] { return me.served; });
    if (!served) {
      database.waiters_.erase(std::find(database.waiters_.begin(), database.waiters_.end(), &me));
      throw unavailable();
    }
    if (me.refused) throw unavailable();
    if (me.handed) {
      session = std::move(me.handed);
      return;
    }
    // Served with a free place (open_ already counts it): open a connection below.
  }
  if (!database.may_connect_locked()) {
    lock.unlock();
    database.give_back(nullptr, Returned::kBroken);  // the place goes back unused
    throw unavailable();
  }
  lock.unlock();
  try {
    session = database.connect();
  } catch (const std::exception& error) {
    database.give_back(nullptr, Returned::kUnreachable);
    database.warn("database connection failed", without_bound_values(error.what()));
    throw unavailable();
  }
  lock.lock();
  database.unreachable_until_ = {};
  database.probing_ = false;
}

soci::session& Database::Lease::sql() const {
  if (ticket_ == 0 && database_.watchdog_ && session) ticket_ = database_.watchdog_->watch(socket_of(*session));
  return *session;
}

bool Database::Lease::cut_by_watchdog() {
  if (ticket_ == 0) return false;
  const bool cut = database_.watchdog_->unwatch(ticket_);
  ticket_ = 0;
  if (cut) broken_ = unreachable_ = true;
  return cut;
}

Database::Lease::~Lease() {
  (void)cut_by_watchdog();
  const bool broken = broken_ || !session || !still_connected(*session, database_.dialect_);
  database_.give_back(broken ? nullptr : std::move(session), unreachable_ ? Returned::kUnreachable
                                                             : broken     ? Returned::kBroken
                                                                          : Returned::kHealthy);
}

void Database::Lease::translate_current_exception() {
  try {
    throw;
  } catch (const soci::soci_error& error) {
    if (cut_by_watchdog()) throw unavailable();
    if (is_constraint_violation(error)) throw ConstraintViolation(constraint_name(error.what()), is_foreign_key_violation(error));
    if (error.get_error_category() == soci::soci_error::connection_error || !still_connected(*session, database_.dialect_) ||
        is_transient(error)) {
      broken_ = true;
      database_.warn("database connection lost", without_bound_values(error.what()));
      throw unavailable();
    }
    // An unknown database failure may leave the connection in a strange state: do not reuse it.
    broken_ = true;
    throw std::runtime_error("database error: " + without_bound_values(error.what()));
  } catch (...) {
  }
}

Database::TransactionGuard::TransactionGuard(Database& database, soci::session& sql) : database_(database), sql_(sql) {
  run_control(sql_, database.dialect_, database.begin_write_.c_str());
}

Database::TransactionGuard::~TransactionGuard() {
  if (done_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
  }
}

std::uint64_t Database::TransactionGuard::commit(std::unique_lock<std::mutex>& writer) {
  run_control(sql_, database_.dialect_, "COMMIT");
  done_ = true;
  if (!writer.owns_lock()) return 0;
  const std::uint64_t number = database_.wal_sync_->committed();
  writer.unlock();
  return number;
}

std::unique_lock<std::mutex> Database::writer_turn() {
  if (dialect_ != Dialect::kSqlite) return {};
  return std::unique_lock(sqlite_write_mutex_);
}

void Database::wait_durable(std::uint64_t commit) {
  if (commit == 0) return;
  try {
    wal_sync_->wait_durable(commit);
  } catch (const std::exception& error) {
    // The commit is visible but may not survive a power loss: never acknowledge it as saved.
    logger_.error("database flush failed", {{"error", std::string_view(error.what())}});
    throw unavailable();
  }
}

Database::UnitOfWork* Database::unit_of_this_thread() {
  // Most requests open no unit: they skip the lock.
  if (open_units_.load(std::memory_order_acquire) == 0) return nullptr;
  const std::lock_guard lock(units_mutex_);
  const auto it = units_.find(std::this_thread::get_id());
  return it == units_.end() ? nullptr : it->second;
}

soci::session* Database::snapshot_of_this_thread() {
  // Most calls run outside any snapshot: they skip the lock.
  if (open_snapshots_.load(std::memory_order_acquire) == 0) return nullptr;
  const std::lock_guard lock(snapshots_mutex_);
  const auto it = snapshots_.find(std::this_thread::get_id());
  return it == snapshots_.end() ? nullptr : it->second;
}

Database* Database::reads_of_this_thread() {
  // Most calls run outside any standby scope: they skip the lock.
  if (open_read_scopes_.load(std::memory_order_acquire) == 0) return nullptr;
  const std::lock_guard lock(read_scopes_mutex_);
  const auto it = read_scopes_.find(std::this_thread::get_id());
  return it == read_scopes_.end() ? nullptr : it->second;
}

Database::ReadsOn::ReadsOn(Database& primary, Database& standby) : primary_(primary) {
  const std::lock_guard lock(primary.read_scopes_mutex_);
  if (!primary.read_scopes_.emplace(std::this_thread::get_id(), &standby).second)
    throw std::logic_error("reads are already routed on this thread");
  primary.open_read_scopes_.fetch_add(1, std::memory_order_release);
}

Database::ReadsOn::~ReadsOn() {
  const std::lock_guard lock(primary_.read_scopes_mutex_);
  primary_.read_scopes_.erase(std::this_thread::get_id());
  primary_.open_read_scopes_.fetch_sub(1, std::memory_order_release);
}

Database::SnapshotScope::SnapshotScope(Database& database, soci::session& sql) : database_(database) {
  const std::lock_guard lock(database.snapshots_mutex_);
  database.snapshots_.emplace(std::this_thread::get_id(), &sql);
  database.open_snapshots_.fetch_add(1, std::memory_order_release);
}

Database::SnapshotScope::~SnapshotScope() {
  const std::lock_guard lock(database_.snapshots_mutex_);
  database_.snapshots_.erase(std::this_thread::get_id());
  database_.open_snapshots_.fetch_sub(1, std::memory_order_release);
}

Database::UnitOfWork::UnitOfWork(Database& database, Begin on_begin) : database_(database), on_begin_(std::move(on_begin)) {
  const std::lock_guard lock(database.units_mutex_);
  if (!database.units_.emplace(std::this_thread::get_id(), this).second)
    throw std::logic_error("a unit of work is already open on this thread");
  database.open_units_.fetch_add(1, std::memory_order_release);
}

Database::UnitOfWork::~UnitOfWork() {
  guard_.reset();  // rolls back unless committed
  lease_.reset();
  if (writer_.owns_lock()) writer_.unlock();
  const std::lock_guard lock(database_.units_mutex_);
  database_.units_.erase(std::this_thread::get_id());
  database_.open_units_.fetch_sub(1, std::memory_order_release);
}

void Database::UnitOfWork::begin() {
  // The same order as transaction(): the writer's turn before a connection, so queued writers
  // never hold the connections reads need.
  writer_ = database_.writer_turn();
  try {
    lease_ = std::make_unique<Lease>(database_);
    run([this](soci::session& sql) {
      guard_ = std::make_unique<TransactionGuard>(database_, sql);
      on_begin_(sql);
    });
  } catch (...) {
    guard_.reset();
    lease_.reset();
    if (writer_.owns_lock()) writer_.unlock();
    throw;
  }
}

void Database::UnitOfWork::commit() {
  if (!begun()) begin();
  std::uint64_t number = 0;
  run([this, &number](soci::session&) { number = guard_->commit(writer_); });
  guard_.reset();
  lease_.reset();  // the connection goes back before the flush wait, as in transaction()
  database_.wait_durable(number);
}

void Database::UnitOfWork::execute(soci::session& sql, const std::string& statement) { sql << statement; }

soci::session& Database::UnitOfWork::session() const { return lease_->sql(); }

void Database::UnitOfWork::translate() { lease_->translate_current_exception(); }

Database::ReadTransaction::ReadTransaction(soci::session& sql, Dialect dialect, const char* begin)
    : sql_(sql), dialect_(dialect) {
  run_control(sql_, dialect, begin);
}

Database::ReadTransaction::~ReadTransaction() {
  if (!open_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
  }
}

void Database::ReadTransaction::end() {
  open_ = false;
  run_control(sql_, dialect_, "COMMIT");
}

}  // namespace habitd::store
