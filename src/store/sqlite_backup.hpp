#pragma once
// Online backup and restore of a SQLite database (`habitd backup PATH`, `habitd restore PATH`).
#include <stdexcept>
#include <string>

namespace habitd::store {

class BackupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Copies the database at `database_path` to `target_path` with SQLite's online backup API while
// a server may be writing to it. The copy is one read transaction (WAL: writers go on meanwhile),
// so it holds every transaction committed before it began, and none half. It is written beside
// the target, checked (PRAGMA quick_check), flushed and renamed into place: `target_path` is
// either the whole backup or untouched. Refuses to overwrite an existing file.
void backup_sqlite(const std::string& database_path, const std::string& target_path);

// Puts the backup at `backup_path` in place of the database at `database_path` (created when
// missing), after checking that it is a habitd database that passes PRAGMA quick_check. Stop the
// server first: a running one would keep answering from what it had cached.
void restore_sqlite(const std::string& backup_path, const std::string& database_path);

}  // namespace habitd::store
