#pragma once
// The webhook outbox. An event is written in the transaction of the change that causes it, one
// row per enabled webhook of the user that subscribes to its type, so a committed change is
// delivered at least once, even across a crash, and an event nobody subscribes to costs nothing.
#include <soci/soci.h>

#include <cstdint>
#include <functional>
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

// The events of one change, made only when the user has an enabled webhook (record_events asks
// first): their JSON bodies cost more than the rest of a small write, and most users have none.
class PendingEvents {
 public:
  PendingEvents() = default;
  PendingEvents(OutboxEvents events)  // NOLINT(google-explicit-constructor): events already made
      : make_([made = std::move(events)] { return made; }) {}
  PendingEvents(std::function<OutboxEvents()> make)  // NOLINT(google-explicit-constructor)
      : make_(std::move(make)) {}

  [[nodiscard]] bool empty() const { return !make_; }
  [[nodiscard]] OutboxEvents make() const { return make_ ? make_() : OutboxEvents{}; }

 private:
  std::function<OutboxEvents()> make_;
};

// Inside a write transaction: whether the user has an enabled webhook.
[[nodiscard]] bool has_webhooks(soci::session& sql, const std::string& user_id);
// Inside a write transaction: queues `events` for the user's subscribed webhooks.
void queue_events(soci::session& sql, const std::string& user_id, const OutboxEvents& events);
// The same, making the events only when the user has an enabled webhook (`user_has_webhooks`,
// which the statement that took the change's number read: store::Change).
void record_events(soci::session& sql, const std::string& user_id, const PendingEvents& events, bool user_has_webhooks);
// Inside a write transaction: gives up every pending delivery of a webhook (it was disabled).
void give_up_pending(soci::session& sql, const std::string& webhook_id, std::int64_t now);

}  // namespace habitd::store
