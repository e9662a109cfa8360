#include "app/backup_command.hpp"

#include <exception>

#include "store/sqlite_backup.hpp"
#include "util/logger.hpp"

namespace habitd::app {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

// Runs `action` on the SQLite file of the configuration; logs the outcome as habitd logs.
template <typename Action>
int with_sqlite_file(const Config& config, std::string_view what, const std::string& path, Action&& action) {
  util::Logger logger;
  if (!is_sqlite_url(config.database_url)) {
    logger.error("habitd backup and restore are for SQLite; back up PostgreSQL with pg_dump or base backups (docs/DEPLOY.md)");
    return 2;
  }
  const std::string database = config.database_url.substr(kSqlitePrefix.size());
  try {
    action(database);
    logger.info(what, {{"database", std::string_view(database)}, {"file", std::string_view(path)}});
    return 0;
  } catch (const std::exception& error) {
    logger.error(std::string(what) + " failed", {{"error", std::string_view(error.what())}});
    return 1;
  }
}

}  // namespace

int run_backup(const Config& config, const std::string& path) {
  return with_sqlite_file(config, "backup complete", path,
                          [&](const std::string& database) { store::backup_sqlite(database, path); });
}

int run_restore(const Config& config, const std::string& path) {
  return with_sqlite_file(config, "restore complete", path,
                          [&](const std::string& database) { store::restore_sqlite(path, database); });
}

}  // namespace habitd::app
