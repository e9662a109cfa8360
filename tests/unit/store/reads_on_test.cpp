// Database::ReadsOn: while it lives, this thread's reads of the primary run on the standby, and
// its writes stay on the primary. Two SQLite files stand in for a primary and a standby.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include "store/database.hpp"
#include "util/logger.hpp"

namespace habitd::store {
namespace {

std::string temp_path() {
  char name[] = "/tmp/habitd-unit-XXXXXX";
  const int fd = mkstemp(name);
  if (fd >= 0) close(fd);
  return name;
}

class ReadsOnTest : public ::testing::Test {
 protected:
  ReadsOnTest()
      : primary_path_(temp_path()),
        standby_path_(temp_path()),
        logger_(std::tmpfile()),
        primary_({.url = "sqlite:" + primary_path_, .pool_size = 2}, logger_),
        standby_({.url = "sqlite:" + standby_path_, .pool_size = 2}, logger_) {
    for (auto* database : {&primary_, &standby_}) {
      const std::string name = database == &primary_ ? "primary" : "standby";
      database->transaction([&](soci::session& sql) {
        sql << "CREATE TABLE place (name TEXT)";
        sql << "INSERT INTO place (name) VALUES (:n)", soci::use(name);
      });
    }
  }
  ~ReadsOnTest() override {
    for (const auto& path : {primary_path_, standby_path_})
      for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  }

  // Where a read of the primary ran.
  std::string read_place() {
    return primary_.run([](soci::session& sql) {
      std::string name;
      sql << "SELECT name FROM place ORDER BY rowid LIMIT 1", soci::into(name);
      return name;
    });
  }
  long long rows_of(Database& database) {
    long long count = 0;
    database.run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM place", soci::into(count); });
    return count;
  }

  std::string primary_path_, standby_path_;
  util::Logger logger_;
  Database primary_;
  Database standby_;
};

TEST_F(ReadsOnTest, ReadsGoToTheStandbyAndWritesStayOnThePrimary) {
  EXPECT_EQ(read_place(), "primary");
  {
    const Database::ReadsOn scope(primary_, standby_);
    EXPECT_EQ(read_place(), "standby");
    // A snapshot and the reads inside it: on the standby, in one read transaction there.
    EXPECT_EQ(primary_.snapshot([this](soci::session&) { return read_place(); }), "standby");
    // A write, and a unit of work's reads once it has begun, stay on the primary.
    primary_.transaction([](soci::session& sql) { sql << "INSERT INTO place (name) VALUES ('written')"; });
    {
      Database::UnitOfWork unit(primary_, [](soci::session& sql) { sql << "INSERT INTO place (name) VALUES ('unit')"; });
      primary_.transaction([](soci::session&) {});  // begins the unit
      EXPECT_EQ(read_place(), "primary");
      unit.commit();
    }
    // Another thread's reads are its own.
    std::string elsewhere;
    std::thread other([&] { elsewhere = read_place(); });
    other.join();
    EXPECT_EQ(elsewhere, "primary");
  }
  EXPECT_EQ(read_place(), "primary");
  EXPECT_EQ(rows_of(primary_), 3);
  EXPECT_EQ(rows_of(standby_), 1);
}

}  // namespace
}  // namespace habitd::store
