#pragma once
// The login throttle kept in the database (table login_failures), shared by every habitd process
// on one PostgreSQL: failed logins spread over N processes count against one budget. The same
// rules as security::LoginLimiter, which keeps them in one process's memory.
#include "security/login_limiter.hpp"

namespace habitd::store {

class Database;

class SharedLoginLimiter final : public security::LoginThrottle {
 public:
  SharedLoginLimiter(Database& database, security::LoginLimits limits) : database_(database), limits_(limits) {}

  [[nodiscard]] std::optional<int> retry_after(const std::string& account, const std::string& address, TimePoint now) override;
  void record_failure(const std::string& account, const std::string& address, TimePoint now) override;
  void record_success(const std::string& account) override;

 private:
  Database& database_;
  security::LoginLimits limits_;
};

}  // namespace habitd::store
