#pragma once
// Webhooks and their delivery attempts. Every method takes the owner's user id, so another
// user's webhooks are simply not found.
#include <optional>
#include <string>
#include <vector>

#include "domain/webhook.hpp"

namespace habitd::store {

class Database;

struct AttemptPage {
  std::vector<domain::DeliveryAttempt> items;
  long long total = 0;
};

class WebhookStore {
 public:
  explicit WebhookStore(Database& database) : database_(database) {}

  // Inserts the webhook unless its user already has `max_per_user` (then domain kValidation, 422).
  void insert(const domain::Webhook& webhook, long long max_per_user) const;
  [[nodiscard]] std::vector<domain::Webhook> list(const std::string& user_id) const;
  [[nodiscard]] std::optional<domain::Webhook> get(const std::string& user_id, const std::string& webhook_id) const;
  // Writes url, events and disabled (enabling again clears failing_since); false when not found.
  // A disabled webhook's pending deliveries are given up.
  [[nodiscard]] bool update(const domain::Webhook& webhook, std::int64_t now) const;
  [[nodiscard]] bool remove(const std::string& user_id, const std::string& webhook_id) const;
  // The webhook's attempts, newest first.
  [[nodiscard]] AttemptPage attempts(const std::string& user_id, const std::string& webhook_id, long long limit,
                                     long long offset) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
