#pragma once
// How many habitd processes serve the same clients, and each one's share of a limit meant for
// them all. The request and sign-up rate limits are token buckets in each process's memory (no
// query per request); with N processes behind a balancer each bucket holds ceil(limit / N), so
// round-robin routing gives a client about the configured limit in all, and sticky routing less,
// never N times it. On PostgreSQL the count comes from the database (store/process_registry.hpp,
// refreshed every few seconds); on SQLite there is one process and it stays 1.
#include <algorithm>
#include <atomic>

namespace habitd::security {

// One process's share of `limit` among `processes`: the smallest share that, taken by every
// process, still covers the limit (ceil), and at least 1, so no process refuses everything.
// A limit of 0 (no limit) stays 0.
[[nodiscard]] constexpr int share_of(int limit, int processes) noexcept {
  if (limit <= 0) return limit;
  const long long divisor = std::max(processes, 1);
  return static_cast<int>(std::max(1LL, (limit + divisor - 1) / divisor));
}

// The number of live processes, written by the job that counts them and read on every request.
class FleetSize {
 public:
  [[nodiscard]] int processes() const noexcept { return processes_.load(std::memory_order_relaxed); }
  void set(int processes) noexcept { processes_.store(std::max(processes, 1), std::memory_order_relaxed); }

 private:
  std::atomic<int> processes_{1};
};

}  // namespace habitd::security
