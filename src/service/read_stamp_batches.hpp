#pragma once
// PostgreSQL: a cached read needs its user's row first (the read stamp: data_version, time zone,
// day start), one query on a pooled connection per read. Reads that need one at the same time
// share one query instead: the first to arrive while no query runs becomes the leader and reads
// the rows of every read waiting then, with one statement; reads arriving meanwhile wait for the
// next query. Every read's row thus comes from a query that began after the read did, so no read
// sees a row older than a write acknowledged before it began, through this process or another.
// SQLite reads its rows in-process and needs none of this.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/user_store.hpp"

namespace habitd::service {

class ReadStampBatches {
 public:
  // Reads the rows of the users named (each once); users without a row are left out.
  using Fetch = std::function<std::vector<store::UserRecord>(const std::vector<std::string>& user_ids)>;

  struct Stats {
    std::uint64_t reads = 0;    // rows asked for
    std::uint64_t queries = 0;  // queries that answered them
  };

  explicit ReadStampBatches(Fetch fetch) : fetch_(std::move(fetch)) {}

  // The user's row as of a moment after this call began; nullopt when there is none. What the
  // query threw is thrown to every read that shared it.
  [[nodiscard]] std::optional<store::UserRecord> find(const std::string& user_id) const;

  [[nodiscard]] Stats stats() const;

 private:
  struct Batch;
  void lead(Batch& batch) const;

  Fetch fetch_;
  mutable std::mutex mutex_;
  mutable std::condition_variable landed_;
  mutable std::shared_ptr<Batch> open_;  // the batch reads join: its query has not begun
  mutable bool running_ = false;         // a batch's query is running
  mutable Stats stats_;
};

}  // namespace habitd::service
