#pragma once
// A thread-safe least-recently-used map from string keys to shared immutable values, bounded by the
// bytes each entry says it costs. Values are shared, so a reader keeps its copy alive while a
// writer replaces or evicts the entry.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace habitd::util {

template <typename Value>
class LruCache {
 public:
  struct Stats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;
  };

  explicit LruCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The value under `key`, now the most recently used; null when absent.
  [[nodiscard]] std::shared_ptr<const Value> find(std::string_view key) {
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) {
      ++stats_.misses;
      return nullptr;
    }
    order_.splice(order_.begin(), order_, it->second);
    ++stats_.hits;
    return it->second->value;
  }

  // Stores `value` under `key`, replacing any older one, then evicts the least recently used
  // entries until the total fits. An entry larger than the whole budget is not stored.
  void put(std::string key, std::shared_ptr<const Value> value, std::size_t bytes) {
    bytes += key.size() + kEntryOverhead;
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(std::string_view(key)); it != index_.end()) erase(it->second);
    if (bytes > max_bytes_) return;
    order_.push_front(Entry{std::move(key), std::move(value), bytes});
    index_.emplace(std::string_view(order_.front().key), order_.begin());
    stats_.bytes += bytes;
    while (stats_.bytes > max_bytes_) {
      erase(std::prev(order_.end()));
      ++stats_.evictions;
    }
  }

  [[nodiscard]] Stats stats() const {
    const std::lock_guard lock(mutex_);
    Stats out = stats_;
    out.entries = order_.size();
    return out;
  }

 private:
  // Roughly what the list node, the index slot and the value's control block take.
  static constexpr std::size_t kEntryOverhead = 128;

  struct Entry {
    std::string key;
    std::shared_ptr<const Value> value;
    std::size_t bytes;
  };
  using Order = std::list<Entry>;

  void erase(typename Order::iterator entry) {
    stats_.bytes -= entry->bytes;
    index_.erase(std::string_view(entry->key));  // before the node (and the key it views) goes
    order_.erase(entry);
  }

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  Order order_;  // most recently used first
  std::unordered_map<std::string_view, typename Order::iterator> index_;
  Stats stats_;
};

}  // namespace habitd::util
