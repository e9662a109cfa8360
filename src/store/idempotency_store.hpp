#pragma once
// Remembered responses for Idempotency-Key retries, scoped by user.
#include <cstdint>
#include <optional>
#include <string>

namespace habitd::store {

class Database;

struct StoredResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string location;
};

struct Claim {
  enum class Outcome { kClaimed, kInProgress, kMismatch, kReplay } outcome;
  StoredResponse response;  // for kReplay
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(Database& database) : database_(database) {}

  // Claims `key` for a new request, or tells why it cannot run: still running, another body, or done.
  // Keys older than `expires_before` are forgotten first.
  [[nodiscard]] Claim claim(const std::string& user_id, const std::string& key, const std::string& fingerprint,
                            std::int64_t now, std::int64_t expires_before) const;
  void complete(const std::string& user_id, const std::string& key, const StoredResponse& response) const;
  // The request failed in a way a retry may fix: the key is free again.
  void release(const std::string& user_id, const std::string& key) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
