#include "store/outbox.hpp"

#include "store/statements.hpp"

namespace habitd::store {
namespace {

// The subscribers are the webhooks whose events list (",habit.created,log.created,") holds
// ",TYPE,". Not `events LIKE :pattern`: SQLite compiles a statement again on every run whose
// LIKE pattern is a bound parameter (it may choose another plan for another pattern), which made
// this statement the costliest part of a write. replace() is in SQLite and PostgreSQL alike.
constexpr const char* kQueueEvent =
    "INSERT INTO webhook_deliveries (event_id, webhook_id, type, body, recorded_at, state, attempts, next_attempt_at) "
    "SELECT :event, id, :type, :body, :recorded, 'pending', 0, :due FROM webhooks "
    "WHERE user_id = :user AND disabled = 0 AND replace(events, :needle, '') <> events";

constexpr const char* kCountWebhooks = "SELECT COUNT(*) FROM webhooks WHERE user_id = :user AND disabled = 0";

constexpr const char* kGiveUpPending =
    "UPDATE webhook_deliveries SET state = 'failed', finished_at = :now, lease_until = NULL, lease_token = NULL "
    "WHERE webhook_id = :webhook AND state = 'pending'";

}  // namespace

void give_up_pending(soci::session& sql, const std::string& webhook_id, std::int64_t now) {
  auto& give_up = prepared<Command<long long, std::string>>(sql, kGiveUpPending);
  give_up.values.params = {now, webhook_id};
  write(sql, give_up);
}

bool has_webhooks(soci::session& sql, const std::string& user_id) {
  auto& count = prepared<Select<Scalar<long long>, std::string>>(sql, kCountWebhooks);
  count.values.params = {user_id};
  return read_one(sql, count) && count.values.row.value > 0;
}

void record_events(soci::session& sql, const std::string& user_id, const PendingEvents& events, bool user_has_webhooks) {
  if (!events.empty() && user_has_webhooks) queue_events(sql, user_id, events.make());
}

void queue_events(soci::session& sql, const std::string& user_id, const OutboxEvents& events) {
  for (const auto& event : events) {
    auto& queue = prepared<Command<std::string, std::string, std::string, long long, long long, std::string, std::string>>(
        sql, kQueueEvent);
    queue.values.params = {event.id, event.type, event.body, event.at, event.at, user_id, "," + event.type + ","};
    write(sql, queue);
  }
}

}  // namespace habitd::store
