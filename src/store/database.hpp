#pragma once
// Connections to SQLite or PostgreSQL through one SOCI code path. Connections open lazily, so the
// server starts while PostgreSQL is still down, and a broken connection is replaced, so it
// recovers without a restart. The schema is migrated before the first connection is handed out.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace soci {
class session;
}

namespace habitd::util {
class Logger;
}

namespace habitd::store {

class WalSync;
class Connection;
class LeaseWatchdog;

enum class Dialect { kSqlite, kPostgres };

// A unique or foreign-key constraint refused a write; stores turn it into a domain conflict.
class ConstraintViolation : public std::runtime_error {
 public:
  ConstraintViolation(const std::string& message, bool foreign_key) : std::runtime_error(message), foreign_key_(foreign_key) {}
  // A row referred to a parent that is gone (a log of a habit deleted meanwhile); else a unique key.
  [[nodiscard]] bool is_foreign_key() const noexcept { return foreign_key_; }

 private:
  bool foreign_key_;
};

// HABITS_DATABASE_URL reaches PostgreSQL through a pooler in transaction mode, and habitd was not
// told (DatabaseOptions::transaction_pooler): its statements would fail. The message names the fix.
class PoolerMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DatabaseOptions {
  std::string url;  // sqlite:PATH or postgresql://...
  int pool_size = 4;
  std::chrono::seconds connect_timeout{3};
  std::chrono::seconds lease_timeout{5};
  std::chrono::seconds statement_timeout{15};       // PostgreSQL: longest statement
  std::chrono::seconds idle_transaction_lease{60};  // PostgreSQL: longest pause inside a transaction
  // PostgreSQL: a connection leased for longer than the statement timeout and this is cut (a
  // frozen server enforces no timeout of its own), and its request gets 503.
  std::chrono::seconds watchdog_margin{2};
  // After a connection failed to open or was cut, new connections are tried no more than once per
  // pause; requests that would need one meanwhile get 503 at once.
  std::chrono::milliseconds reconnect_pause{1000};
  // A PostgreSQL streaming standby: read-only, never migrated (the primary's schema reaches it by
  // replication). Its log lines name it `name` (host:port/database).
  bool standby = false;
  std::string name;
  // PostgreSQL reached through a pooler in transaction mode (PgBouncer's pool_mode=transaction):
  // consecutive transactions of one connection may run on different server connections, so
  // nothing may outlive a transaction. Statements run unnamed (statements.hpp) and the timeouts
  // above are set in each transaction (SET LOCAL) instead of once per connection.
  bool transaction_pooler = false;
};

class Database {
 public:
  Database(DatabaseOptions options, util::Logger& logger);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  [[nodiscard]] Dialect dialect() const noexcept { return dialect_; }

  // Runs `work` on a pooled connection. Connection loss becomes domain kUnavailable (503),
  // constraint failures become ConstraintViolation; anything else propagates.
  // Inside a unit of work that has begun, it runs on the unit's connection and sees its writes;
  // inside snapshot(), on the snapshot's connection, in its read transaction; inside a ReadsOn
  // scope (and no unit of work), on the scope's standby.
  template <typename Fn>
  auto run(Fn&& work) -> decltype(work(std::declval<soci::session&>())) {
    if (Database* reads = reads_of_this_thread(); reads && !unit_of_this_thread()) return reads->run(work);
    return run_here(work);
  }

  // Runs `work` in one transaction (BEGIN IMMEDIATE on SQLite, so writers queue instead of
  // failing on lock upgrade); commits when it returns, rolls back when it throws.
  // Returns once the commit is durable: on SQLite after the group fsync that covers it, which
  // runs after the connection went back to the pool, so many commits share one fsync. SQLite
  // writers queue for their turn before taking a connection, so a queue of writers never holds
  // the connections that reads need.
  // Inside a unit of work it joins the unit's transaction instead, as a savepoint.
  template <typename Fn>
  auto transaction(Fn&& work) -> decltype(work(std::declval<soci::session&>())) {
    if (UnitOfWork* unit = unit_of_this_thread()) return unit->savepoint(work);
    std::unique_lock<std::mutex> writer = writer_turn();
    std::uint64_t commit = 0;
    if constexpr (std::is_void_v<decltype(work(std::declval<soci::session&>()))>) {
      run_here([this, &work, &commit, &writer](soci::session& sql) {
        TransactionGuard guard(*this, sql);
        work(sql);
        commit = guard.commit(writer);
      });
      wait_durable(commit);
    } else {
      auto result = run_here([this, &work, &commit, &writer](soci::session& sql) {
        TransactionGuard guard(*this, sql);
        auto value = work(sql);
        commit = guard.commit(writer);
        return value;
      });
      wait_durable(commit);
      return result;
    }
  }

  // Runs `work` in one read transaction, so all its queries see one moment even while writes go on.
  // SQLite (WAL): a deferred transaction's snapshot is fixed at its first read and takes no write
  // lock. PostgreSQL: REPEATABLE READ fixes it at the first query; READ ONLY takes no locks.
  // Every store call that `work` makes on this thread (run() or snapshot()) joins the same read
  // transaction, so reads of several stores can share one moment (GET /export).
  template <typename Fn>
  auto snapshot(Fn&& work) -> decltype(work(std::declval<soci::session&>())) {
    if (Database* reads = reads_of_this_thread(); reads && !unit_of_this_thread()) return reads->snapshot(work);
    if (UnitOfWork* unit = unit_of_this_thread(); unit && unit->begun()) return unit->run(work);  // already one transaction
    if (soci::session* shared = snapshot_of_this_thread()) return work(*shared);                  // already one snapshot
    return run_here([&](soci::session& sql) {
      ReadTransaction transaction(sql, dialect_, begin_read_.c_str());
      const SnapshotScope scope(*this, sql);
      if constexpr (std::is_void_v<decltype(work(sql))>) {
        work(sql);
        transaction.end();
      } else {
        auto value = work(sql);
        transaction.end();
        return value;
      }
    });
  }

  // Applies pending migrations; throws when the database cannot be reached or a migration fails,
  // and PoolerMismatch when it is reached through a transaction pooler habitd was not told of.
  void migrate();
  // True when the database answers a trivial query (readiness).
  [[nodiscard]] bool ping();

  struct PoolStats {
    int size;     // the most connections it opens
    int open;     // connections open now
    int in_use;   // leased to a request
    int waiting;  // requests waiting for a connection
  };
  [[nodiscard]] PoolStats pool_stats();

  // While it lives, this thread's reads of `primary` (its run() and snapshot(), outside any unit of
  // work) run on `standby` instead: a request's reads, once a standby has caught up with its user.
  // Writes (transaction(), units of work) stay on the primary.
  class ReadsOn {
   public:
    ReadsOn(Database& primary, Database& standby);
    ~ReadsOn();
    ReadsOn(const ReadsOn&) = delete;
    ReadsOn& operator=(const ReadsOn&) = delete;

   private:
    Database& primary_;
  };

 private:
  class Lease;
  class TransactionGuard;

 public:
  // Several store calls of one request, on this thread, that commit together or not at all
  // (an idempotent request's writes and its kept answer). It begins lazily, at its first write
  // (so work done before it, such as hashing a password, holds no lock), by running `on_begin`;
  // from then on every run() of this thread uses its connection and every transaction() joins it
  // as a savepoint, so a write that fails undoes only itself. Destroyed without commit(), it rolls
  // everything back.
  class UnitOfWork {
   public:
    using Begin = std::function<void(soci::session&)>;
    UnitOfWork(Database& database, Begin on_begin);
    ~UnitOfWork();
    UnitOfWork(const UnitOfWork&) = delete;
    UnitOfWork& operator=(const UnitOfWork&) = delete;

    [[nodiscard]] bool begun() const noexcept { return lease_ != nullptr; }
    // Runs `work` in the unit's transaction (beginning it when needed), as a savepoint.
    template <typename Fn>
    auto savepoint(Fn&& work) -> decltype(work(std::declval<soci::session&>())) {
      if (!begun()) begin();
      const std::string name = "unit_" + std::to_string(++savepoints_);
      return run([&](soci::session& sql) {
        execute(sql, "SAVEPOINT " + name);
        try {
          if constexpr (std::is_void_v<decltype(work(sql))>) {
            work(sql);
            execute(sql, "RELEASE SAVEPOINT " + name);
          } else {
            auto value = work(sql);
            execute(sql, "RELEASE SAVEPOINT " + name);
            return value;
          }
        } catch (...) {
          execute(sql, "ROLLBACK TO SAVEPOINT " + name);
          execute(sql, "RELEASE SAVEPOINT " + name);
          throw;
        }
      });
    }
    // Commits (beginning first when nothing has, so that on_begin and the last savepoint still
    // land) and returns once the commit is durable.
    void commit();

   private:
    friend class Database;
    void begin();
    static void execute(soci::session& sql, const std::string& statement);
    template <typename Fn>
    auto run(Fn&& work) -> decltype(work(std::declval<soci::session&>())) {
      try {
        return work(session());
      } catch (...) {
        translate();
        throw;
      }
    }
    [[nodiscard]] soci::session& session() const;
    void translate();

    Database& database_;
    Begin on_begin_;
    std::unique_lock<std::mutex> writer_;
    std::unique_ptr<Lease> lease_;
    std::unique_ptr<TransactionGuard> guard_;
    int savepoints_ = 0;
  };

 private:
  class ReadTransaction {
   public:
    ReadTransaction(soci::session& sql, Dialect dialect, const char* begin);
    ~ReadTransaction();  // rolls back when end() was not reached (a broken connection is dropped by the pool)
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    void end();

   private:
    soci::session& sql_;
    Dialect dialect_;
    bool open_ = true;
  };

  // Makes `sql` this thread's snapshot connection while it lives.
  class SnapshotScope {
   public:
    SnapshotScope(Database& database, soci::session& sql);
    ~SnapshotScope();
    SnapshotScope(const SnapshotScope&) = delete;
    SnapshotScope& operator=(const SnapshotScope&) = delete;

   private:
    Database& database_;
  };

  class Lease {
   public:
    explicit Lease(Database& database);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    void translate_current_exception();
    [[nodiscard]] soci::session& sql() const;
    std::unique_ptr<Connection> session;

   private:
    // Whether the watchdog cut this connection (it is then unwatched and broken).
    bool cut_by_watchdog();

    Database& database_;
    bool broken_ = false;
    bool unreachable_ = false;          // broken because the database did not answer
    mutable std::uint64_t ticket_ = 0;  // the watchdog's, once the connection is used
  };

  class TransactionGuard {
   public:
    TransactionGuard(Database& database, soci::session& sql);
    ~TransactionGuard();
    // Commits, then ends the writer's turn; returns the commit's number for wait_durable (0 when
    // nothing needs waiting).
    std::uint64_t commit(std::unique_lock<std::mutex>& writer);

   private:
    Database& database_;
    soci::session& sql_;
    bool done_ = false;
  };

  // run() without the standby scope: transactions and snapshots, once they know where they run.
  template <typename Fn>
  auto run_here(Fn&& work) -> decltype(work(std::declval<soci::session&>())) {
    if (UnitOfWork* unit = unit_of_this_thread(); unit && unit->begun()) return unit->run(work);
    if (soci::session* shared = snapshot_of_this_thread()) return work(*shared);
    Lease lease(*this);
    try {
      return work(lease.sql());
    } catch (...) {
      lease.translate_current_exception();
      throw;
    }
  }

  [[nodiscard]] UnitOfWork* unit_of_this_thread();
  [[nodiscard]] soci::session* snapshot_of_this_thread();
  [[nodiscard]] Database* reads_of_this_thread();
  std::unique_ptr<Connection> connect();
  [[nodiscard]] std::unique_lock<std::mutex> writer_turn();  // SQLite: the single writer's mutex; PostgreSQL: none
  void wait_durable(std::uint64_t commit);
  void ensure_migrated();
  void apply_migrations();
  // Throws PoolerMismatch when two connections of this process ran on one server connection.
  void refuse_unannounced_transaction_pooler();
  // How a lease ends: a broken connection is dropped; an unreachable database (a connection that
  // failed to open, or one the watchdog cut) also drops the idle connections and pauses
  // reconnecting (may_connect_locked).
  enum class Returned { kHealthy, kBroken, kUnreachable };
  void give_back(std::unique_ptr<Connection> session, Returned how);
  // A warning about the connections, naming the standby when this database is one.
  void warn(std::string_view message, const std::string& error);
  // Whether a lease may open a connection now (pool_mutex_ held): always while the database
  // answers; after it did not, one lease per reconnect_pause tries again.
  bool may_connect_locked();

  DatabaseOptions options_;
  util::Logger& logger_;
  Dialect dialect_;
  std::string connect_string_;
  // What begins a write transaction and a snapshot's read transaction: behind a transaction
  // pooler, with the connection's timeouts set for the transaction (SET LOCAL) in the same message.
  std::string begin_write_;
  std::string begin_read_;
  std::mutex pool_mutex_;
  // A request waiting for a connection; give_back() serves the longest waiter first.
  struct Waiter {
    std::condition_variable cv;
    bool served = false;
    bool refused = false;                // the database is unreachable: answer 503
    std::unique_ptr<Connection> handed;  // null when served with a free place to open one
  };
  std::vector<std::unique_ptr<Connection>> idle_;
  std::deque<Waiter*> waiters_;
  int open_ = 0;
  std::chrono::steady_clock::time_point unreachable_until_{};  // zero while the database answers
  bool probing_ = false;                                       // a lease is trying to connect
  std::mutex migrate_mutex_;
  bool migrated_ = false;
  std::chrono::steady_clock::time_point next_migrate_attempt_{};
  // SQLite has one writer; queueing writers here is fairer and faster than SQLite's busy polling.
  std::mutex sqlite_write_mutex_;
  std::unique_ptr<WalSync> wal_sync_;        // SQLite only
  std::unique_ptr<LeaseWatchdog> watchdog_;  // PostgreSQL only
  // The unit of work each thread has open, if any (a handler runs on one thread from start to end).
  std::atomic<int> open_units_{0};
  std::mutex units_mutex_;
  std::unordered_map<std::thread::id, UnitOfWork*> units_;
  // The connection of the snapshot each thread has open, if any.
  std::atomic<int> open_snapshots_{0};
  std::mutex snapshots_mutex_;
  std::unordered_map<std::thread::id, soci::session*> snapshots_;
  // The standby each thread reads from, if any (ReadsOn).
  std::atomic<int> open_read_scopes_{0};
  std::mutex read_scopes_mutex_;
  std::unordered_map<std::thread::id, Database*> read_scopes_;
};

}  // namespace habitd::store
