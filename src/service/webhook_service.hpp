#pragma once
// Webhooks: create (with a secret shown once), list, read, change (enable again), delete, and the
// list of delivery attempts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/webhook.hpp"
#include "store/webhook_store.hpp"

namespace habitd::util {
class Clock;
}

namespace habitd::service {

// Decides whether a webhook URL may be used: http or https, a host, and (unless the operator
// allows private networks) no host that is or resolves to an internal address. A name that does
// not resolve yet is accepted: every delivery checks the address it connects to again.
class UrlGuard {
 public:
  virtual ~UrlGuard() = default;
  // Why `url` is refused (client-safe), or nullopt when it is acceptable.
  [[nodiscard]] virtual std::optional<std::string> refusal(std::string_view url) const = 0;
};

struct WebhookInput {
  std::string url;
  std::vector<std::string> events;
};

struct WebhookChanges {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<bool> disabled;
};

class WebhookService {
 public:
  WebhookService(const store::WebhookStore& store, const UrlGuard& guard, const util::Clock& clock,
                 long long max_webhooks = domain::kMaxWebhooksPerUser)
      : store_(store), guard_(guard), clock_(clock), max_webhooks_(max_webhooks) {}

  // The new webhook, its secret included (the only answer that shows it).
  [[nodiscard]] domain::Webhook create(const std::string& user_id, const WebhookInput& input) const;
  [[nodiscard]] std::vector<domain::Webhook> list(const std::string& user_id) const;
  [[nodiscard]] domain::Webhook get(const std::string& user_id, const std::string& webhook_id) const;
  [[nodiscard]] domain::Webhook update(const std::string& user_id, const std::string& webhook_id,
                                       const WebhookChanges& changes) const;
  void remove(const std::string& user_id, const std::string& webhook_id) const;
  [[nodiscard]] store::AttemptPage deliveries(const std::string& user_id, const std::string& webhook_id, long long limit,
                                              long long offset) const;

 private:
  void check_url(const std::string& url) const;

  const store::WebhookStore& store_;
  const UrlGuard& guard_;
  const util::Clock& clock_;
  long long max_webhooks_;
};

}  // namespace habitd::service
