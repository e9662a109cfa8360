#pragma once
// The dispatcher's side of the outbox: claim due deliveries under a lease, record each attempt's
// outcome, count what is pending, purge what is old. Several habitd processes may share one
// PostgreSQL: a claim skips rows another holds (FOR UPDATE SKIP LOCKED) and leases them, so one
// attempt is never made twice at the same time; SQLite has one writer, so claims are serialised.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace habitd::store {

class Database;

struct ClaimedDelivery {
  std::string event_id, webhook_id, user_id, url, secret, type, body, lease_token;
  int attempts = 0;  // made before this one
  std::int64_t recorded_at = 0;
  std::optional<std::int64_t> failing_since;  // of the webhook
};

enum class DeliveryOutcome { kDelivered, kRetry, kFailed };

struct AttemptRecord {
  std::optional<int> status_code;
  std::optional<std::string> error;
  DeliveryOutcome outcome = DeliveryOutcome::kDelivered;
  std::int64_t next_attempt_at = 0;  // kRetry only
  bool disable_webhook = false;      // three days of failures
};

class DeliveryStore {
 public:
  explicit DeliveryStore(Database& database) : database_(database) {}

  // Up to `max` due deliveries of enabled webhooks, oldest due first, leased to `lease_token` until
  // `lease_until`; a webhook with a delivery in flight is passed over, so a slow receiver holds
  // one dispatcher slot at most.
  [[nodiscard]] std::vector<ClaimedDelivery> claim(std::int64_t now, std::int64_t lease_until, const std::string& lease_token,
                                                   int max) const;
  // Records the attempt made on a claim. False (and nothing written) when the lease was lost.
  bool record(const ClaimedDelivery& delivery, const AttemptRecord& attempt, std::int64_t now) const;
  // Ends every lease (a single SQLite process starting again: nobody else can hold one).
  void release_all_leases() const;
  [[nodiscard]] long long pending() const;
  // Deletes finished deliveries and attempts older than `before`; returns the rows deleted.
  long long purge(std::int64_t before) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
