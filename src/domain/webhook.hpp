#pragma once
// Webhooks as the service layer sees them, and the rules of their fields.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace habitd::domain {

inline constexpr int kMaxWebhooksPerUser = 10;
inline constexpr std::size_t kMaxWebhookUrlLength = 2000;
// A delivery's body never exceeds this; larger data is replaced by the item's ids.
inline constexpr std::size_t kMaxWebhookPayloadBytes = std::size_t{64} * 1024;

inline constexpr std::array<std::string_view, 7> kWebhookEventTypes = {
    "habit.created", "habit.updated", "habit.deleted", "log.created", "log.updated", "log.deleted", "reminder.due"};

[[nodiscard]] constexpr bool is_webhook_event_type(std::string_view type) {
  for (const auto known : kWebhookEventTypes)
    if (known == type) return true;
  return false;
}

struct Webhook {
  std::string id;
  std::string user_id;
  std::string url;
  std::vector<std::string> events;  // in kWebhookEventTypes order, each once
  std::string secret;               // "whsec_..."
  std::int64_t created_at = 0;      // microseconds
  bool disabled = false;
  std::optional<std::int64_t> failing_since;  // first failure after the last success
};

// One attempt to deliver an event to a webhook, as GET /webhooks/{id}/deliveries lists it.
struct DeliveryAttempt {
  std::string event_id;
  std::string type;
  int attempt = 1;
  std::optional<int> status_code;  // none when no answer came
  std::optional<std::string> error;
  std::string outcome;  // "delivered", "retrying" or "failed" (given up)
  std::int64_t at = 0;  // microseconds
};

// Events as stored: ",habit.created,log.created," so that one LIKE '%,type,%' finds subscribers.
[[nodiscard]] std::string events_column(const std::vector<std::string>& events);
[[nodiscard]] std::vector<std::string> events_from_column(std::string_view column);

}  // namespace habitd::domain
