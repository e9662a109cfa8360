#pragma once
// Reuses the rendered response of an authenticated read while nothing it depends on has changed
// (and answers If-None-Match from its entity tag, api/v1/read_tag, without computing anything):
// the user, the request (path and query), the user's local date and the user's data_version,
// which every write to their habits, logs or day settings increments in the same transaction.
// A hit costs one indexed query, however long the user's history: that is
// what keeps list, progress and insights flat as data grows. The version lives in the database,
// so replicas sharing it never serve each other's stale answers.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/router.hpp"
#include "util/lru_cache.hpp"

namespace habitd::service {
class HabitService;
}  // namespace habitd::service

namespace habitd::api::v1 {

class StandbyReads;

class ReadCache {
 public:
  struct Entry {
    std::int64_t data_version;
    http::Response response;
  };
  struct Stats {
    std::uint64_t served = 0;    // answered from the cache (or from a concurrent computation)
    std::uint64_t computed = 0;  // answered by the handler
    util::LruCache<Entry>::Stats storage;
  };

  // max_bytes 0 turns the cache off: answers are then always computed, but still tagged. What is
  // computed runs through `reads`: on a standby that has caught up with the user, or the primary.
  ReadCache(const service::HabitService& habits, const StandbyReads& reads, std::size_t max_bytes);

  // Wraps a GET handler whose 200 answer depends only on the user's data, the request and the date.
  // Its answers carry the read's entity tag (api/v1/read_tag), which If-Match on writes checks.
  // `params` are the query parameters the handler reads: the only ones that tell answers apart.
  [[nodiscard]] http::Handler wrap(http::Handler handler, std::vector<std::string> params = {}) const;
  [[nodiscard]] Stats stats() const { return Stats{served_.load(), computed_.load(), cache_.stats()}; }

 private:
  // Misses of one key at one version computed at the same time: the first computes, the others
  // wait for its answer, so a burst of readers of a long history costs one computation, not one each.
  struct Flight {
    std::int64_t data_version;
    bool done = false;
    std::shared_ptr<const Entry> answer;  // null when the leader got no cacheable answer
  };

  [[nodiscard]] http::Response handle(const http::Handler& handler, const std::vector<std::string>& params,
                                      http::Request& request) const;
  [[nodiscard]] http::Response lead(const http::Handler& handler, http::Request& request, const std::string& key,
                                    const std::string& tag, const std::shared_ptr<Flight>& flight) const;
  // A 200 answer computed at the version `tag` names carries it as its ETag.
  [[nodiscard]] static http::Response with_tag(http::Response response, const std::string& tag);

  const service::HabitService& habits_;
  const StandbyReads& reads_;
  const std::size_t max_bytes_;
  mutable util::LruCache<Entry> cache_;
  mutable std::mutex flights_mutex_;
  mutable std::condition_variable flight_landed_;
  mutable std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  mutable std::atomic<std::uint64_t> served_{0};
  mutable std::atomic<std::uint64_t> computed_{0};
};

}  // namespace habitd::api::v1
