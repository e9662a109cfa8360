#pragma once
// Webhooks, their delivery attempts and the bodies of the events they receive, on the wire.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "api/v1/json/request_body.hpp"
#include "domain/webhook.hpp"
#include "service/webhook_events.hpp"
#include "service/webhook_service.hpp"

namespace habitd::api::v1 {

// {"url", "events"}: url a string of at most 2000 characters (its scheme and host are the
// service's to judge), events a non-empty array of distinct known event types.
[[nodiscard]] service::WebhookInput read_webhook_input(JsonFields& fields);
// Any of "url", "events", "disabled".
[[nodiscard]] service::WebhookChanges read_webhook_changes(JsonFields& fields);
// The webhook without its secret; `with_secret` adds it (only in the creating answer).
[[nodiscard]] boost::json::object render_webhook(const domain::Webhook& webhook, bool with_secret = false);
[[nodiscard]] boost::json::object render_delivery_attempt(const domain::DeliveryAttempt& attempt);

// The bodies of webhook events: {"type", "timestamp", "data"}.
class EventJson final : public service::EventPayloads {
 public:
  [[nodiscard]] std::string body(std::string_view type, std::int64_t at, const service::EventData& data) const override;
};

}  // namespace habitd::api::v1
