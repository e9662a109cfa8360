// A refused write's message names the constraint and never the values that were bound, so that
// what reaches the log (an unexpected constraint error is logged) holds no email or hash.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "temp_sqlite.hpp"

namespace habitd::store {
namespace {

constexpr const char* kSecret = "victim-secret@example.com";

std::string refused_write_message(Database& database) {
  const std::string user_id = "constraint-test-user-" + std::to_string(::getpid());
  const std::string key = kSecret + std::to_string(::getpid());
  const std::string hash = "$2b$10$not-a-real-hash";
  const auto insert = [&](const std::string& id) {
    database.transaction([&](soci::session& sql) {
      sql << "INSERT INTO users (id, email, email_key, username, username_key, password_hash, timezone, day_start, "
             "created_at, updated_at) VALUES (:id, :e, :ek, :u, :uk, :h, 'UTC', 0, 0, 0)",
          soci::use(id), soci::use(key), soci::use(key), soci::use(id), soci::use(id), soci::use(hash);
    });
  };
  insert(user_id);
  try {
    insert(user_id + "-2");  // the same email key
  } catch (const ConstraintViolation& violation) {
    database.run([&](soci::session& sql) { sql << "DELETE FROM users WHERE id = :id", soci::use(user_id); });
    return violation.what();
  }
  ADD_FAILURE() << "the duplicate was accepted";
  return {};
}

TEST(ConstraintMessage, SqliteNamesTheConstraintOnly) {
  TempSqlite db("constraint-message");
  const std::string message = refused_write_message(db.database());
  EXPECT_EQ(message.find("victim"), std::string::npos) << message;
  EXPECT_NE(message.find("UNIQUE constraint failed"), std::string::npos) << message;
}

// PostgreSQL puts the row into a DETAIL line: run when a test cluster is named
// (HABITS_TEST_PG_URL_FILE, as the integration tests use).
TEST(ConstraintMessage, PostgresNamesTheConstraintOnly) {
  const char* file = std::getenv("HABITS_TEST_PG_URL_FILE");
  std::string url;
  if (file) std::getline(std::ifstream(file), url);
  if (url.empty()) GTEST_SKIP() << "no PostgreSQL test cluster (HABITS_TEST_PG_URL_FILE)";
  util::Logger logger(std::tmpfile());
  Database database({.url = url, .pool_size = 1}, logger);
  database.migrate();
  const std::string message = refused_write_message(database);
  EXPECT_EQ(message.find("victim"), std::string::npos) << message;
  EXPECT_NE(message.find("users_email_key"), std::string::npos) << message;
}

}  // namespace
}  // namespace habitd::store
