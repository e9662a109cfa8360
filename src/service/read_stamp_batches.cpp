#include "service/read_stamp_batches.hpp"

#include <algorithm>
#include <exception>

namespace habitd::service {

struct ReadStampBatches::Batch {
  std::vector<std::string> user_ids;  // distinct
  std::vector<store::UserRecord> rows;
  std::exception_ptr error;
  bool done = false;
};

void ReadStampBatches::lead(Batch& batch) const {
  try {
    batch.rows = fetch_(batch.user_ids);
  } catch (...) {
    batch.error = std::current_exception();
  }
}

std::optional<store::UserRecord> ReadStampBatches::find(const std::string& user_id) const {
  std::unique_lock lock(mutex_);
  if (!open_) open_ = std::make_shared<Batch>();
  const auto batch = open_;
  if (std::find(batch->user_ids.begin(), batch->user_ids.end(), user_id) == batch->user_ids.end())
    batch->user_ids.push_back(user_id);
  ++stats_.reads;
  while (!batch->done) {
    if (!running_ && open_ == batch) {
      // Nobody reads now: this batch's query begins, after every read in it began.
      running_ = true;
      open_.reset();
      ++stats_.queries;
      lock.unlock();
      lead(*batch);
      lock.lock();
      batch->done = true;
      running_ = false;
      landed_.notify_all();  // its reads, and the next batch's leader
      break;
    }
    landed_.wait(lock);
  }
  lock.unlock();
  if (batch->error) std::rethrow_exception(batch->error);
  const auto row = std::find_if(batch->rows.begin(), batch->rows.end(), [&](const auto& r) { return r.user.id == user_id; });
  if (row == batch->rows.end()) return std::nullopt;
  return *row;
}

ReadStampBatches::Stats ReadStampBatches::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace habitd::service
