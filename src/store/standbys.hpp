#pragma once
// PostgreSQL streaming standbys (HABITS_DATABASE_READ_URL) that take a request's reads off the
// primary without ever showing a person less than their own last write. Every write of a user
// bumps users.data_version in its transaction, and a standby replays the primary's transactions
// in commit order: a standby whose data_version for the user equals the primary's, read for this
// request, holds every write of that user the primary held then. Only then do the request's reads
// run there; otherwise they run on the primary. A standby that does not answer, lags more than the
// bound, is not in recovery (promoted, or not a standby at all) or has not yet replayed the newest
// migration is skipped.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace habitd::util {
class Logger;
}

namespace habitd::store {

struct StandbyStatus {
  std::string name;                   // host:port/database: never a password
  std::string state;                  // unknown, ok, lagging, down, not_standby or schema_behind
  std::optional<double> lag_seconds;  // at the last check; absent while it does not answer
  std::uint64_t reads = 0;            // requests whose reads it served
};

class Standbys {
  struct Standby;

 public:
  // One pool per URL, of `base`'s size and timeouts. `max_lag`: a standby further behind is skipped.
  Standbys(Database& primary, const std::vector<std::string>& urls, const DatabaseOptions& base, std::chrono::seconds max_lag,
           util::Logger& logger);
  ~Standbys();
  Standbys(const Standbys&) = delete;
  Standbys& operator=(const Standbys&) = delete;

  [[nodiscard]] bool empty() const noexcept { return standbys_.empty(); }

  // Where one request's reads run. While a route to a standby lives, this thread's reads of the
  // primary database run on the standby (Database::ReadsOn).
  class Route {
   public:
    Route() = default;  // the primary
    Route(Route&& other) noexcept : standby_(std::exchange(other.standby_, nullptr)), scope_(std::move(other.scope_)) {}
    Route& operator=(Route&& other) noexcept {
      scope_ = std::move(other.scope_);
      standby_ = std::exchange(other.standby_, nullptr);
      return *this;
    }
    ~Route();
    [[nodiscard]] bool on_standby() const noexcept { return standby_ != nullptr; }

   private:
    friend class Standbys;
    Route(Database& primary, Standby& standby);
    Standby* standby_ = nullptr;
    std::unique_ptr<Database::ReadsOn> scope_;
  };

  // A route to a standby whose data_version for `user_id` is `data_version` (the primary's), or to
  // the primary. Never throws: a standby that fails is skipped.
  [[nodiscard]] Route route(const std::string& user_id, std::int64_t data_version);
  // The reads of `route` were answered: counts them for /metrics.
  void served(const Route& route);
  // The reads of `route` failed on its standby (it went down, or cancelled a read that conflicted
  // with replay; `error` says what): it is skipped for a while. Ends the route.
  void failed(Route route, std::string_view error);

  // Checks every standby now (readiness) and reports them.
  [[nodiscard]] std::vector<StandbyStatus> check();
  // As of the last checks, without checking.
  [[nodiscard]] std::vector<StandbyStatus> status() const;
  [[nodiscard]] std::uint64_t primary_reads() const noexcept { return primary_reads_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t standby_reads() const noexcept;

 private:
  enum class State { kUnknown, kOk, kLagging, kDown, kNotStandby, kSchemaBehind };
  struct Probe {
    std::optional<std::int64_t> data_version;  // of the user asked about; absent when the standby has no such row
    bool in_recovery = false;
    double lag_seconds = 0;
    int schema_version = 0;
  };

  // Asks `standby` where it is (and the user's data_version); records its state. Empty when it is
  // down or not usable for reads.
  [[nodiscard]] std::optional<Probe> probe(Standby& standby, const std::string& user_id);
  void record(Standby& standby, State state, std::optional<double> lag);
  [[nodiscard]] static StandbyStatus status_of(const Standby& standby);

  Database& primary_;
  const std::chrono::seconds max_lag_;
  util::Logger& logger_;
  std::vector<std::unique_ptr<Standby>> standbys_;
  std::atomic<std::size_t> next_{0};  // round robin among standbys that have caught up
  std::atomic<std::uint64_t> primary_reads_{0};
};

// The host, port and database a PostgreSQL URL names, for logs and /readyz (never the password).
[[nodiscard]] std::string database_name_of(const std::string& url);

}  // namespace habitd::store
