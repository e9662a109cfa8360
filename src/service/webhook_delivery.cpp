#include "service/webhook_delivery.hpp"

#include "domain/webhook_retry.hpp"
#include "security/random.hpp"
#include "security/webhook_signature.hpp"
#include "service/delivery_stats.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {
namespace {

domain::SysSeconds seconds_of(std::int64_t micros) {
  return domain::SysSeconds{std::chrono::duration_cast<std::chrono::seconds>(std::chrono::microseconds(micros))};
}
std::int64_t micros_of(domain::SysSeconds time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}

}  // namespace

WebhookDelivery::WebhookDelivery(const store::DeliveryStore& store, const WebhookSender& sender, const util::Clock& clock,
                                 DeliveryStats& stats, std::function<double()> jitter)
    : store_(store), sender_(sender), clock_(clock), stats_(stats), jitter_(std::move(jitter)) {}

bool WebhookDelivery::deliver_one(std::chrono::seconds lease) const {
  const auto claimed_at = util::to_micros(clock_.now());
  const auto lease_until = claimed_at + std::chrono::duration_cast<std::chrono::microseconds>(lease).count();
  const auto claimed = store_.claim(claimed_at, lease_until, security::new_id(), 1);
  if (claimed.empty()) return false;
  const auto& delivery = claimed.front();

  const auto timestamp = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  OutgoingRequest request{
      delivery.url,
      {{"content-type", "application/json"},
       {"user-agent", "habitd-webhooks/1"},
       {"webhook-id", delivery.event_id},
       {"webhook-timestamp", std::to_string(timestamp)},
       {"webhook-signature", security::webhook_signature(delivery.secret, delivery.event_id, timestamp, delivery.body)}},
      delivery.body};
  const SendResult result = sender_.send(request);

  const auto now = clock_.now();
  const auto now_seconds = std::chrono::floor<std::chrono::seconds>(now);
  store::AttemptRecord attempt{result.status_code, result.error, store::DeliveryOutcome::kDelivered, 0, false};
  const bool delivered = result.status_code && *result.status_code >= 200 && *result.status_code < 300;
  if (!delivered) {
    const auto decision = domain::next_retry(delivery.attempts + 1, seconds_of(delivery.recorded_at), now_seconds, jitter_());
    attempt.outcome = decision.give_up ? store::DeliveryOutcome::kFailed : store::DeliveryOutcome::kRetry;
    attempt.next_attempt_at = micros_of(decision.next_attempt_at);
    const auto failing_since = delivery.failing_since ? seconds_of(*delivery.failing_since) : now_seconds;
    attempt.disable_webhook = domain::should_disable(failing_since, now_seconds);
  }
  if (store_.record(delivery, attempt, util::to_micros(now))) {
    stats_.on_attempt(delivered, attempt.outcome == store::DeliveryOutcome::kRetry,
                      attempt.outcome == store::DeliveryOutcome::kFailed, result.elapsed);
    if (attempt.disable_webhook) stats_.on_disabled();
  }
  return true;
}

}  // namespace habitd::service
