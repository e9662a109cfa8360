#include "service/user_stamp_cache.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace habitd::service {

UserStampCache::UserStampCache(std::function<bool()> catch_up, std::size_t capacity, std::size_t shards)
    : catch_up_(std::move(catch_up)),
      per_shard_(std::max<std::size_t>(1, capacity / std::max<std::size_t>(1, shards))),
      shards_(std::max<std::size_t>(1, shards)) {}

UserStampCache::Shard& UserStampCache::shard_of(const std::string& user_id) const {
  return shards_[std::hash<std::string>{}(user_id) % shards_.size()];
}

bool UserStampCache::live() const noexcept {
  if (!connected_.load(std::memory_order_acquire)) return false;
  const Clock::time_point heard{Clock::duration{heard_at_.load(std::memory_order_acquire)}};
  return Clock::now() - heard < kLiveFor;
}

std::optional<UserStampCache::Row> UserStampCache::find(const std::string& user_id) const {
  if (live() && catch_up_()) {
    auto& shard = shard_of(user_id);
    const std::lock_guard lock(shard.mutex);
    if (const auto it = shard.rows.find(user_id); it != shard.rows.end()) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void UserStampCache::put(const std::string& user_id, std::uint64_t mark, const Row& row) const {
  if (!connected_.load(std::memory_order_acquire)) return;
  auto& shard = shard_of(user_id);
  const std::lock_guard lock(shard.mutex);
  // Checked under the shard's lock, which forget() of this user also takes: either the forget
  // comes after and erases the row, or it came before and moved the generation on.
  if (generation_.load(std::memory_order_acquire) != mark) return;
  if (shard.rows.size() >= per_shard_ && !shard.rows.contains(user_id)) shard.rows.clear();
  shard.rows.insert_or_assign(user_id, row);
}

void UserStampCache::forget(const std::string& user_id) const {
  auto& shard = shard_of(user_id);
  const std::lock_guard lock(shard.mutex);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  shard.rows.erase(user_id);
}

void UserStampCache::heard(Clock::time_point sent) const noexcept {
  heard_at_.store(sent.time_since_epoch().count(), std::memory_order_release);
  connected_.store(true, std::memory_order_release);
}

void UserStampCache::lost() const {
  connected_.store(false, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (auto& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    shard.rows.clear();
  }
}

UserStampCache::Stats UserStampCache::stats() const noexcept {
  return Stats{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed), live()};
}

}  // namespace habitd::service
