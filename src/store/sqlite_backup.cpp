#include "store/sqlite_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

namespace habitd::store {
namespace {

// How long a step waits for a writer's lock before trying again (the backup copies in one step).
constexpr int kBusyTimeoutMs = 5000;
constexpr auto kRetryPause = std::chrono::milliseconds(50);
constexpr int kMaxRetries = 200;

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, CloseDatabase>;

Handle open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle db(raw);
  if (rc != SQLITE_OK) throw BackupError("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

// The first column of the first row of `query`, as text ("" when there is no row).
std::string scalar(sqlite3* db, const char* query) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, query, -1, &raw, nullptr) != SQLITE_OK) throw BackupError(sqlite3_errmsg(db));
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_DONE) return "";
  if (rc != SQLITE_ROW) throw BackupError(sqlite3_errmsg(db));
  const auto* text = sqlite3_column_text(raw, 0);
  return text ? reinterpret_cast<const char*>(text) : "";
}

// A whole SQLite database and a habitd one: quick_check passes and migrations were applied.
void check_habitd_database(sqlite3* db, const std::string& path) {
  const std::string check = scalar(db, "PRAGMA quick_check");
  if (check != "ok") throw BackupError(path + " fails PRAGMA quick_check: " + check);
  if (scalar(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").empty())
    throw BackupError(path + " is not a habitd database (no schema_migrations table)");
}

// Copies every page of `from` into `to` in one step: one read transaction on `from`, so one moment.
void copy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) throw BackupError(std::string("backup: ") + sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < kMaxRetries; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(kRetryPause);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw BackupError(std::string("backup: ") + sqlite3_errstr(rc));
}

void flush_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw BackupError("cannot open " + path + " to flush it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw BackupError("cannot flush " + path);
}

}  // namespace

void backup_sqlite(const std::string& database_path, const std::string& target_path) {
  namespace fs = std::filesystem;
  if (!fs::exists(database_path)) throw BackupError("no database at " + database_path);
  if (fs::exists(target_path)) throw BackupError(target_path + " exists already: choose a new name");
  const std::string partial = target_path + ".partial";
  std::remove(partial.c_str());
  try {
    {
      const Handle source = open(database_path, SQLITE_OPEN_READWRITE);  // WAL readers need the -shm file
      const Handle target = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      copy(source.get(), target.get());
      // The copy keeps WAL mode; a backup is one self-contained file.
      if (sqlite3_exec(target.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
        throw BackupError(sqlite3_errmsg(target.get()));
      check_habitd_database(target.get(), partial);
    }
    flush_file(partial);
    fs::rename(partial, target_path);
    const fs::path folder = fs::absolute(target_path).parent_path();
    flush_file(folder.string());  // the rename itself
  } catch (...) {
    std::remove(partial.c_str());
    throw;
  }
}

void restore_sqlite(const std::string& backup_path, const std::string& database_path) {
  if (!std::filesystem::exists(backup_path)) throw BackupError("no backup at " + backup_path);
  const Handle backup = open(backup_path, SQLITE_OPEN_READONLY);
  check_habitd_database(backup.get(), backup_path);
  const Handle database = open(database_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // The server's own journal mode, so the restored file opens as it expects.
  if (sqlite3_exec(database.get(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw BackupError(sqlite3_errmsg(database.get()));
  copy(backup.get(), database.get());
  check_habitd_database(database.get(), database_path);
  if (sqlite3_wal_checkpoint_v2(database.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) != SQLITE_OK)
    throw BackupError(sqlite3_errmsg(database.get()));
}

}  // namespace habitd::store
