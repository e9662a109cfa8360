#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class WebhookService;
}

namespace habitd::api::v1 {

// /api/v1/webhooks: a user's webhooks and their delivery attempts.
class WebhookHandlers {
 public:
  explicit WebhookHandlers(const service::WebhookService& webhooks) : webhooks_(webhooks) {}

  [[nodiscard]] http::Response create(const http::Request& request) const;
  [[nodiscard]] http::Response list(const http::Request& request) const;
  [[nodiscard]] http::Response get(const http::Request& request) const;
  [[nodiscard]] http::Response update(const http::Request& request) const;
  [[nodiscard]] http::Response remove(const http::Request& request) const;
  [[nodiscard]] http::Response deliveries(const http::Request& request) const;

 private:
  const service::WebhookService& webhooks_;
};

}  // namespace habitd::api::v1
