#pragma once
// A token bucket per key (an address, a user): `limit` requests per `window`, refilled evenly, so
// a client may burst up to the limit and then goes at the window's pace. In memory, per process.
// Bounded whatever clients send: keys longer than kMaxKeyBytes are replaced by their digest, and
// beyond `max_keys` the key used least recently is forgotten first (it starts again full, which
// only ever favours the client). Given a FleetSize, a bucket holds this process's share of the
// limit among the live processes (security/fleet.hpp), and refills at that share's pace.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "security/fleet.hpp"

namespace habitd::security {

struct RateLimit {
  int limit = 100;                  // requests per window; 0 turns the limiter off
  std::chrono::seconds window{60};  // the bucket refills completely in this long
  std::size_t max_keys = 100000;
};

// What a request learns of its bucket (the fields of the IETF RateLimit header).
struct RateDecision {
  bool allowed = true;
  int limit = 0;        // the quota this process enforces: the policy's, or its share of it
  int remaining = 0;    // requests left now
  int reset = 0;        // seconds until the bucket is full again
  int retry_after = 0;  // when refused: seconds until one request is allowed
};

class RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr std::size_t kMaxKeyBytes = 256;

  // `fleet` (null: this process alone) must outlive the limiter.
  explicit RateLimiter(RateLimit policy, const FleetSize* fleet = nullptr) : policy_(policy), fleet_(fleet) {}

  [[nodiscard]] bool enabled() const noexcept { return policy_.limit > 0; }
  [[nodiscard]] const RateLimit& policy() const noexcept { return policy_; }
  // The requests per window this process allows a key now.
  [[nodiscard]] int quota() const noexcept;
  // Takes one request from `key`'s bucket when there is one left.
  [[nodiscard]] RateDecision take(const std::string& key, TimePoint now);
  [[nodiscard]] std::size_t size();  // keys remembered (tests)

 private:
  struct Bucket {
    double tokens;
    TimePoint updated;
    std::list<std::string>::iterator age;
  };

  RateLimit policy_;
  const FleetSize* fleet_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::list<std::string> by_age_;  // least recently used first
};

}  // namespace habitd::security
