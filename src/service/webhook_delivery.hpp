#pragma once
// One step of the webhook dispatcher: claim a due delivery, sign and send it, record the outcome
// (delivered; retried later with backoff and jitter; failed after 24 hours), and disable a webhook
// that has failed for three days. The sending is injected (HTTP in production, a fake in tests).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/delivery_store.hpp"

namespace habitd::util {
class Clock;
}

namespace habitd::service {

class DeliveryStats;

struct OutgoingRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct SendResult {
  std::optional<int> status_code;    // none when no answer came
  std::optional<std::string> error;  // why not, or a short note on a non-2xx answer
  std::chrono::microseconds elapsed{0};
};

class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  // POSTs the request; never throws for network failures (they are a SendResult's error).
  [[nodiscard]] virtual SendResult send(const OutgoingRequest& request) const = 0;
};

class WebhookDelivery {
 public:
  // `jitter` draws from [0, 1) (injected so tests fix it).
  WebhookDelivery(const store::DeliveryStore& store, const WebhookSender& sender, const util::Clock& clock, DeliveryStats& stats,
                  std::function<double()> jitter);

  // Claims up to one due delivery and makes its attempt; false when nothing was due.
  bool deliver_one(std::chrono::seconds lease = std::chrono::seconds(120)) const;

 private:
  const store::DeliveryStore& store_;
  const WebhookSender& sender_;
  const util::Clock& clock_;
  DeliveryStats& stats_;
  std::function<double()> jitter_;
};

}  // namespace habitd::service
