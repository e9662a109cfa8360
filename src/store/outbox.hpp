#pragma once
// The webhook outbox. An event is written in the transaction of the change that causes it, one
// row per enabled webhook of the user that subscribes to its type, so a committed change is
// delivered at least once, even across a crash, and an event nobody subscribes to costs nothing.
#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

namespace habitd::store {

struct OutboxEvent {
  std::string id;       // webhook-id: one per event, the same on every retry
  std::string type;     // "habit.created", ...
  std::string body;     // {"type", "timestamp", "data"}, exactly as it is signed and sent
  std::int64_t at = 0;  // microseconds: when it happened (due at once)
};
using OutboxEvents = std::vector<OutboxEvent>;

// Inside a write transaction: queues `events` for the user's subscribed webhooks.
void record_events(soci::session& sql, const std::string& user_id, const OutboxEvents& events);
// Inside a write transaction: gives up every pending delivery of a webhook (it was disabled).
void give_up_pending(soci::session& sql, const std::string& webhook_id, std::int64_t now);

}  // namespace habitd::store
