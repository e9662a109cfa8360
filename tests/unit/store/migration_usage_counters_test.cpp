// Migration 0020 counts the habits and logs each user already has, so the quotas kept from then on
// by the writes start right.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "temp_sqlite.hpp"

namespace habitd::store {
namespace {

TEST(MigrationUsageCounters, CountsWhatEachUserAlreadyHas) {
  TempSqlite temp("usage_counters");
  Database& database = temp.database();
  database.run([](soci::session& sql) {
    // SOCI runs a one-shot statement after the full expression's temporaries are gone: named values only.
    for (const std::string user : {"u1", "u2", "u3"})
      sql << "INSERT INTO users (id, email, email_key, username, username_key, password_hash, created_at, updated_at) "
             "VALUES (:id, :id, :id, :id, :id, 'x', 0, 0)",
          soci::use(user, "id");
    sql << "INSERT INTO habits (id, user_id, name, frequency, start_date, created_at, updated_at) VALUES "
           "('h1', 'u1', 'a', 'daily', '2026-01-01', 0, 0), ('h2', 'u1', 'b', 'daily', '2026-01-01', 0, 0), "
           "('h3', 'u2', 'c', 'daily', '2026-01-01', 0, 0)";
    sql << "INSERT INTO habit_logs (id, user_id, habit_id, log_date, status, created_at, updated_at) VALUES "
           "('a', 'u1', 'h1', '2026-01-01', 'completed', 0, 0), ('b', 'u1', 'h1', '2026-01-02', 'skipped', 0, 0), "
           "('c', 'u1', 'h2', '2026-01-01', 'completed', 0, 0), ('d', 'u2', 'h3', '2026-01-01', 'completed', 0, 0)";
    // As before the migration (SQLite 3.35+ drops columns).
    sql << "ALTER TABLE users DROP COLUMN habit_count";
    sql << "ALTER TABLE users DROP COLUMN log_count";
    sql << "DELETE FROM schema_migrations WHERE version = 20";
  });
  database.migrate();

  database.run([](soci::session& sql) {
    const auto counts = [&](const std::string& id) {
      long long habits = -1, logs = -1;
      sql << "SELECT habit_count, log_count FROM users WHERE id = :id", soci::use(id), soci::into(habits), soci::into(logs);
      return std::pair{habits, logs};
    };
    EXPECT_EQ(counts("u1"), (std::pair{2LL, 3LL}));
    EXPECT_EQ(counts("u2"), (std::pair{1LL, 1LL}));
    EXPECT_EQ(counts("u3"), (std::pair{0LL, 0LL}));
  });
}

}  // namespace
}  // namespace habitd::store
