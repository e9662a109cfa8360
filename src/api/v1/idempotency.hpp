#pragma once
// Idempotency-Key on POST requests (Stripe's semantics): a retry with the same key, by the same
// user, within 24 hours, gets the first response again without the work being done twice; the
// same key with another body is 422; a retry while the first is still running is 409. The
// request's writes and the kept answer commit in one transaction (store::IdempotencyStore::run_once).
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
  Idempotency(const store::IdempotencyStore& store, const util::Clock& clock) : store_(store), clock_(clock) {}

  // Wraps `handler` so that requests carrying an Idempotency-Key are deduplicated.
  [[nodiscard]] http::Handler wrap(http::Handler handler) const;

 private:
  [[nodiscard]] http::Response handle(const http::Handler& handler, http::Request& request) const;

  const store::IdempotencyStore& store_;
  const util::Clock& clock_;
};

}  // namespace habitd::api::v1
