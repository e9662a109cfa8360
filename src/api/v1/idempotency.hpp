#pragma once
// Idempotency-Key on POST requests (Stripe's semantics): a retry with the same key, by the same
// user, within 24 hours, gets the first response again without the work being done twice; the
// same key with another body is 422; a retry while the first is still running is 409. The
// request's writes and the kept answer commit in one transaction (store::IdempotencyStore::run_once).
#include <chrono>
#include <string>

#include "http/router.hpp"

namespace habitd::store {
class IdempotencyStore;
}
namespace habitd::util {
class Clock;
}

namespace habitd::api::v1 {

class Idempotency {
 public:
  // `fingerprint_key` keys the HMAC that fingerprints requests: a body may hold passwords, and a
  // plain digest kept in the database could be checked against guesses at hashing speed.
  Idempotency(const store::IdempotencyStore& store, const util::Clock& clock, std::string fingerprint_key)
      : store_(store), clock_(clock), fingerprint_key_(std::move(fingerprint_key)) {}

  // How long a key's answer is kept (rows older than this are purged in the background).
  static constexpr std::chrono::hours kKeyLifetime{24};

  // Wraps `handler` so that requests carrying an Idempotency-Key are deduplicated.
  [[nodiscard]] http::Handler wrap(http::Handler handler) const;

 private:
  [[nodiscard]] http::Response handle(const http::Handler& handler, http::Request& request) const;

  const store::IdempotencyStore& store_;
  const util::Clock& clock_;
  const std::string fingerprint_key_;
};

}  // namespace habitd::api::v1
