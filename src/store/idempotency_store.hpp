#pragma once
// Kept answers for Idempotency-Key retries, scoped by user. A key's request, its writes and the
// answer it gave commit in one transaction, so a crash can never leave a key claimed but
// unanswered, nor an answer kept for writes that were rolled back.
#include <cstdint>
#include <functional>
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

struct KeptAnswer {
  std::string fingerprint;  // of the request that gave it
  StoredResponse response;
};

enum class KeyedRun {
  kKept,     // the work ran and its answer is kept with its writes
  kDropped,  // the work asked to keep nothing: its writes were rolled back
  kTaken,    // another request holds or has answered this key: nothing ran to completion
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(Database& database) : database_(database) {}

  // The answer kept under `key`, if it was given at or after `since` (microseconds).
  [[nodiscard]] std::optional<KeptAnswer> find(const std::string& user_id, const std::string& key, std::int64_t since) const;

  // Runs `work` (on this thread) with `key` claimed: its writes, and the answer it returns, commit
  // together. When `work` returns nullopt, or throws, everything it wrote is rolled back.
  // Deletes answers given before `before` (microseconds), which no retry can get any more;
  // returns how many.
  long long purge(std::int64_t before) const;

  [[nodiscard]] KeyedRun run_once(const std::string& user_id, const std::string& key, const std::string& fingerprint,
                                  std::int64_t now, std::int64_t since,
                                  const std::function<std::optional<StoredResponse>()>& work) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
