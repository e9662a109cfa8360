#pragma once
// Reuses the rendered response of an authenticated read while nothing it depends on has changed:
// the user, the request (path and query), the user's local date and the user's data_version,
// which every write to their habits, logs or day settings increments in the same transaction.
// A hit costs the token check and one indexed query, however long the user's history: that is
// what keeps list, progress and insights flat as data grows. The version lives in the database,
// so replicas sharing it never serve each other's stale answers.
#include <cstddef>
#include <cstdint>

#include "http/router.hpp"
#include "util/lru_cache.hpp"

namespace habitd::service {
class AuthService;
class HabitService;
}  // namespace habitd::service

namespace habitd::api::v1 {

class ReadCache {
 public:
  struct Entry {
    std::int64_t data_version;
    http::Response response;
  };
  using Stats = util::LruCache<Entry>::Stats;

  // max_bytes 0 turns the cache off: wrap() then returns handlers unchanged.
  ReadCache(const service::AuthService& auth, const service::HabitService& habits, std::size_t max_bytes);

  // Wraps a GET handler whose 200 answer depends only on the user's data, the request and the date.
  [[nodiscard]] http::Handler wrap(http::Handler handler) const;
  [[nodiscard]] Stats stats() const { return cache_.stats(); }

 private:
  [[nodiscard]] http::Response handle(const http::Handler& handler, http::Request& request) const;

  const service::AuthService& auth_;
  const service::HabitService& habits_;
  const std::size_t max_bytes_;
  mutable util::LruCache<Entry> cache_;
};

}  // namespace habitd::api::v1
