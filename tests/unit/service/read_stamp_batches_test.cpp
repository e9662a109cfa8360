#include "service/read_stamp_batches.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <thread>

namespace habitd::service {
namespace {

store::UserRecord record_of(const std::string& id, std::int64_t version) {
  store::UserRecord record;
  record.user.id = id;
  record.data_version = version;
  return record;
}

TEST(ReadStampBatches, AReadAloneGetsItsOwnQuery) {
  int queries = 0;
  const ReadStampBatches batches([&](const std::vector<std::string>& ids) {
    ++queries;
    EXPECT_EQ(ids, std::vector<std::string>{"u"});
    return std::vector<store::UserRecord>{record_of("u", 3)};
  });
  ASSERT_TRUE(batches.find("u"));
  EXPECT_EQ(batches.find("u")->data_version, 3);
  EXPECT_EQ(queries, 2);
  EXPECT_EQ(batches.stats().reads, 2U);
  EXPECT_EQ(batches.stats().queries, 2U);
}

TEST(ReadStampBatches, AUserWithoutARowIsNullopt) {
  const ReadStampBatches batches([](const std::vector<std::string>&) { return std::vector<store::UserRecord>{}; });
  EXPECT_FALSE(batches.find("gone"));
}

TEST(ReadStampBatches, WhatTheQueryThrowsReachesTheRead) {
  const ReadStampBatches batches(
      [](const std::vector<std::string>&) -> std::vector<store::UserRecord> { throw std::runtime_error("down"); });
  EXPECT_THROW((void)batches.find("u"), std::runtime_error);
}

// Reads that arrive while a query runs share the next one, and each read's row comes from a query
// that began after the read did: the "database" below bumps a version after each write, and a
// read must never see a version older than the last write finished before it began.
TEST(ReadStampBatches, ReadsShareQueriesThatBeganAfterThem) {
  std::atomic<std::int64_t> version{0};
  std::atomic<int> queries{0};
  const ReadStampBatches batches([&](const std::vector<std::string>& ids) {
    ++queries;
    std::vector<store::UserRecord> rows;
    const auto now = version.load();
    std::this_thread::sleep_for(std::chrono::microseconds(200));  // a round trip
    for (const auto& id : ids) rows.push_back(record_of(id, now));
    return rows;
  });
  constexpr int kReaders = 6;
  constexpr int kReads = 300;
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    while (writing.load()) {
      version.fetch_add(1);
      std::this_thread::yield();
    }
  });
  std::latch start(kReaders);
  std::vector<std::thread> readers;
  std::atomic<int> stale{0};
  for (int r = 0; r < kReaders; ++r)
    readers.emplace_back([&, r] {
      start.arrive_and_wait();
      for (int i = 0; i < kReads; ++i) {
        const auto before = version.load();
        const auto row = batches.find("user" + std::to_string(r % 3));
        if (!row || row->data_version < before) ++stale;
      }
    });
  for (auto& reader : readers) reader.join();
  writing.store(false);
  writer.join();
  EXPECT_EQ(stale.load(), 0);
  EXPECT_LT(queries.load(), kReaders * kReads);  // shared: fewer queries than reads
  EXPECT_EQ(batches.stats().reads, static_cast<std::uint64_t>(kReaders * kReads));
}

}  // namespace
}  // namespace habitd::service
