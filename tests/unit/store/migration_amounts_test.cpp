// Migration 0004 brings logs written before goals could change in line with their habit's goal
// (domain::amount_under_goal), and bumps the data version of every user whose logs it changed.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>

#include "temp_sqlite.hpp"

namespace habitd::store {
namespace {

TEST(MigrationAmounts, AlignsOlderLogsWithTheirHabitsGoal) {
  TempSqlite temp("migration");
  Database& database = temp.database();
  database.run([](soci::session& sql) {
    // SOCI runs a one-shot statement after the full expression's temporaries are gone: named values only.
    for (const std::string user : {"u1", "u2"})
      sql << "INSERT INTO users (id, email, email_key, username, username_key, password_hash, created_at, updated_at) "
             "VALUES (:id, :id, :id, :id, :id, 'x', 0, 0)",
          soci::use(user, "id");
    sql << "INSERT INTO habits (id, user_id, name, frequency, start_date, goal, created_at, updated_at) VALUES "
           "('plain', 'u1', 'p', 'daily', '2026-01-01', NULL, 0, 0), ('numeric', 'u1', 'n', 'daily', '2026-01-01', 5, 0, 0), "
           "('other', 'u2', 'o', 'daily', '2026-01-01', 5, 0, 0)";
    sql << "INSERT INTO habit_logs (id, user_id, habit_id, log_date, status, amount, created_at, updated_at) VALUES "
           "('a', 'u1', 'plain', '2026-01-01', 'completed', 3, 0, 0), "     // goal removed: amount stays behind
           "('b', 'u1', 'plain', '2026-01-02', 'skipped', 2, 0, 0), "
           "('c', 'u1', 'numeric', '2026-01-01', 'completed', NULL, 0, 0), "  // goal added: no amount
           "('d', 'u1', 'numeric', '2026-01-02', 'completed', 4, 0, 0), "
           "('e', 'u1', 'numeric', '2026-01-03', 'skipped', 1, 0, 0), "
           "('f', 'u2', 'other', '2026-01-01', 'completed', 2, 0, 0)";
    sql << "DELETE FROM schema_migrations WHERE version = 4";
  });
  database.migrate();  // applies 0004 again, now to rows that need it

  database.run([](soci::session& sql) {
    const auto amount = [&](const std::string& id) {
      double value = 0;
      soci::indicator ind{};
      sql << "SELECT amount FROM habit_logs WHERE id = :id", soci::use(id), soci::into(value, ind);
      return ind == soci::i_ok ? std::optional<double>(value) : std::nullopt;
    };
    EXPECT_EQ(amount("a"), std::nullopt);
    EXPECT_EQ(amount("b"), std::nullopt);
    EXPECT_EQ(amount("c"), 0.0);
    EXPECT_EQ(amount("d"), 4.0);
    EXPECT_EQ(amount("e"), std::nullopt);
    EXPECT_EQ(amount("f"), 2.0);
    long long version1 = 0, version2 = 0;
    sql << "SELECT data_version FROM users WHERE id = 'u1'", soci::into(version1);
    sql << "SELECT data_version FROM users WHERE id = 'u2'", soci::into(version2);
    EXPECT_EQ(version1, 1);  // its cached reads are stale
    EXPECT_EQ(version2, 0);  // nothing of it changed
  });
}

}  // namespace
}  // namespace habitd::store
