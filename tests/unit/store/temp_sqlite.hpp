#pragma once
// A migrated SQLite database in a file of its own for store tests (an in-memory one would be a
// different database on each pooled connection), removed afterwards.
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "util/logger.hpp"

namespace habitd::store {

class TempSqlite {
 public:
  explicit TempSqlite(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("habitd-" + name + "-" + std::to_string(::getpid()) + ".db")) {
    std::filesystem::remove(path_);
    database_.emplace(DatabaseOptions{.url = "sqlite:" + path_.string(), .pool_size = 1}, logger_);
    database_->migrate();
  }
  ~TempSqlite() {
    database_.reset();
    std::filesystem::remove(path_);
  }
  TempSqlite(const TempSqlite&) = delete;
  TempSqlite& operator=(const TempSqlite&) = delete;

  Database& database() { return *database_; }

 private:
  std::filesystem::path path_;
  util::Logger logger_;
  std::optional<Database> database_;
};

}  // namespace habitd::store
