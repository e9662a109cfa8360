#pragma once
// What a read needs of its user's row before the read cache may answer: the day settings that say
// which day is "today", and the data_version. On SQLite that is an in-process read; on PostgreSQL a
// query on a pooled connection for every cached read. This keeps the rows in memory instead. Every
// change of such a row is announced at commit (a trigger), store::UserChangeListener hears it and
// calls forget(). Before a kept row is used, `catch_up` must return true: it returns once every
// change committed before the call has been heard (one round trip on the listening connection,
// shared by every read waiting at the time), so a write acknowledged by any process is never
// hidden from a read that comes after it.
// Nothing is served unless the listener's last heartbeat, sent after every notification it had
// heard, came back within kLiveFor: a lost connection or a pooler that drops notifications
// means reading the row again.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace date {
class time_zone;
}

namespace habitd::service {

class UserStampCache {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kLiveFor{1500};

  struct Row {
    const date::time_zone* zone = nullptr;
    std::chrono::minutes day_start{0};
    std::int64_t data_version = 0;
  };

  struct Stats {
    std::uint64_t hits = 0;    // read stamps served from memory
    std::uint64_t misses = 0;  // read stamps read from the database
    bool live = false;         // the notification channel is known to be live
  };

  // At most `capacity` users are kept; past that, a shard is emptied and refilled.
  explicit UserStampCache(std::function<bool()> catch_up, std::size_t capacity = 100000, std::size_t shards = 16);

  [[nodiscard]] std::optional<Row> find(const std::string& user_id) const;
  // Taken before the row is read from the database: put() keeps the row only if nothing was
  // forgotten since, so a row read before a change is never kept after the change was announced.
  [[nodiscard]] std::uint64_t mark() const noexcept { return generation_.load(std::memory_order_acquire); }
  void put(const std::string& user_id, std::uint64_t mark, const Row& row) const;
  // The user's row changed (or is gone) and the change has committed.
  void forget(const std::string& user_id) const;

  // The listener's heartbeat, sent at `sent`, came back: every change committed before then has
  // been heard.
  void heard(Clock::time_point sent) const noexcept;
  // The listener lost its connection: changes may go unheard until it is back.
  void lost() const;

  [[nodiscard]] Stats stats() const noexcept;

 private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Row> rows;
  };
  [[nodiscard]] Shard& shard_of(const std::string& user_id) const;
  [[nodiscard]] bool live() const noexcept;

  std::function<bool()> catch_up_;
  std::size_t per_shard_;
  mutable std::vector<Shard> shards_;
  mutable std::atomic<std::uint64_t> generation_{0};
  mutable std::atomic<bool> connected_{false};
  mutable std::atomic<Clock::rep> heard_at_{0};
  mutable std::atomic<std::uint64_t> hits_{0};
  mutable std::atomic<std::uint64_t> misses_{0};
};

}  // namespace habitd::service
