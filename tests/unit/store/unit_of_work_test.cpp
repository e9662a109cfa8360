// A unit of work: several store calls on one thread that commit together or not at all.
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

class UnitOfWorkTest : public ::testing::Test {
 protected:
  UnitOfWorkTest() : path_(temp_path()), logger_(std::tmpfile()), database_({.url = "sqlite:" + path_, .pool_size = 2}, logger_) {
    database_.run([](soci::session& sql) { sql << "CREATE TABLE IF NOT EXISTS notes (body TEXT PRIMARY KEY)"; });
  }
  ~UnitOfWorkTest() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
  }

  static std::string temp_path() {
    char name[] = "/tmp/habitd-unit-XXXXXX";
    const int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    return name;
  }
  void add(const std::string& body) {
    database_.transaction([&](soci::session& sql) { sql << "INSERT INTO notes (body) VALUES (:b)", soci::use(body); });
  }
  // Counted on a connection of its own: what other requests see.
  long long committed() {
    long long count = 0;
    database_.run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM notes", soci::into(count); });
    return count;
  }

  std::string path_;
  util::Logger logger_;
  Database database_;
};

TEST_F(UnitOfWorkTest, WritesCommitTogether) {
  int begins = 0;
  {
    Database::UnitOfWork unit(database_, [&](soci::session& sql) {
      ++begins;
      sql << "INSERT INTO notes (body) VALUES ('claim')";
    });
    EXPECT_FALSE(unit.begun());  // nothing is locked before the first write
    add("one");
    EXPECT_TRUE(unit.begun());
    add("two");
    long long inside = 0;
    database_.run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM notes", soci::into(inside); });
    EXPECT_EQ(inside, 3);  // reads inside the unit see its writes
    unit.commit();
  }
  EXPECT_EQ(begins, 1);
  EXPECT_EQ(committed(), 3);
}

TEST_F(UnitOfWorkTest, AUnitLeftWithoutCommitRollsEverythingBack) {
  {
    Database::UnitOfWork unit(database_, [](soci::session& sql) { sql << "INSERT INTO notes (body) VALUES ('claim')"; });
    add("one");
  }
  EXPECT_EQ(committed(), 0);
  add("after");  // the writer's turn and the connection were given back
  EXPECT_EQ(committed(), 1);
}

TEST_F(UnitOfWorkTest, AFailedWriteUndoesOnlyItself) {
  add("taken");
  {
    Database::UnitOfWork unit(database_, [](soci::session&) {});
    add("one");
    EXPECT_THROW(database_.transaction([](soci::session& sql) {
      sql << "INSERT INTO notes (body) VALUES ('two')";
      sql << "INSERT INTO notes (body) VALUES ('taken')";  // violates the key: 'two' goes too
    }),
                 ConstraintViolation);
    add("three");
    unit.commit();
  }
  EXPECT_EQ(committed(), 3);  // taken, one, three
}

TEST_F(UnitOfWorkTest, ACommitWithoutWritesStillRunsTheBeginning) {
  {
    Database::UnitOfWork unit(database_, [](soci::session& sql) { sql << "INSERT INTO notes (body) VALUES ('claim')"; });
    unit.commit();
  }
  EXPECT_EQ(committed(), 1);
}

TEST_F(UnitOfWorkTest, AFailingBeginningAbortsTheWriteThatStartedIt) {
  struct Refused {};
  {
    Database::UnitOfWork unit(database_, [](soci::session&) { throw Refused{}; });
    EXPECT_THROW(add("one"), Refused);
  }
  EXPECT_EQ(committed(), 0);
  add("after");
  EXPECT_EQ(committed(), 1);
}

// A snapshot: every store call inside it, run() and nested snapshot() alike, sees the one moment
// its first read fixed, while another thread's writes commit (GET /export reads so).
TEST_F(UnitOfWorkTest, StoreCallsInsideASnapshotShareItsMoment) {
  add("before");
  long long first = 0;
  long long second = 0;
  long long nested = 0;
  database_.snapshot([&](soci::session&) {
    first = committed();
    std::thread writer([this] { add("during"); });  // another request, committed meanwhile
    writer.join();
    second = committed();
    nested = database_.snapshot([](soci::session& sql) {
      long long count = 0;
      sql << "SELECT COUNT(*) FROM notes", soci::into(count);
      return count;
    });
  });
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(nested, 1);
  EXPECT_EQ(committed(), 2);  // after it, the write shows
}

}  // namespace
}  // namespace habitd::store
