#include "store/standbys.hpp"

#include <libpq-fe.h>
#include <soci/soci.h>

#include <map>

#include "domain/error.hpp"
#include "store/migrations.hpp"
#include "store/statements.hpp"
#include "util/logger.hpp"

namespace habitd::store {
namespace {

// Where the standby is, in one round trip: the user's data_version there, whether it is still a
// standby, how far its replay is behind, and the newest migration it has replayed. The lag is the
// age of the last replayed transaction while received WAL waits for replay, and 0 once everything
// received is replayed (an idle primary sends nothing, and then the age would only grow).
constexpr const char* kProbe =
    "SELECT (SELECT data_version FROM users WHERE id = :user), CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END, "
    "COALESCE(CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END, 0)::float8, "
    "(SELECT MAX(version) FROM schema_migrations)";

// A standby that did not answer is not asked again for this long; reads meanwhile go to the
// primary at no cost (a standby behind a dead network would otherwise hold a request for the
// whole connect timeout every reconnect pause).
constexpr std::chrono::seconds kDownPause{2};
// One that answered but may not take reads (lagging, promoted, schema behind) is asked again after
// this: meanwhile reads do not each spend a round trip on it.
constexpr std::chrono::seconds kUnusablePause{1};

struct ProbeRow {
  long long version = 0;
  soci::indicator version_ind = soci::i_null;
  int in_recovery = 0;
  double lag = 0;
  int schema = 0;
  soci::indicator schema_ind = soci::i_null;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(version, version_ind));
    st.exchange(soci::into(in_recovery));
    st.exchange(soci::into(lag));
    st.exchange(soci::into(schema, schema_ind));
  }
};

std::string_view state_name(int state) {
  static constexpr std::string_view kNames[] = {"unknown", "ok", "lagging", "down", "not_standby", "schema_behind"};
  return kNames[state];
}

}  // namespace

std::string database_name_of(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (error) PQfreemem(error);
  if (!options) return "standby";
  std::map<std::string, std::string> values;
  for (const PQconninfoOption* option = options; option->keyword; ++option)
    if (option->val) values[option->keyword] = option->val;
  PQconninfoFree(options);
  const std::string host = values.contains("host") ? values["host"] : "localhost";
  const std::string port = values.contains("port") ? values["port"] : "5432";
  return host + ":" + port + "/" + (values.contains("dbname") ? values["dbname"] : "");
}

struct Standbys::Standby {
  Standby(std::string its_name, DatabaseOptions options, util::Logger& logger)
      : name(std::move(its_name)), database(std::move(options), logger) {}
  const std::string name;
  Database database;
  mutable std::mutex mutex;  // guards what follows
  State state = State::kUnknown;
  std::optional<double> lag_seconds;
  std::chrono::steady_clock::time_point skip_until{};
  std::atomic<std::uint64_t> reads{0};
};

Standbys::Route::Route(Database& primary, Standby& standby)
    : standby_(&standby), scope_(std::make_unique<Database::ReadsOn>(primary, standby.database)) {}

Standbys::Route::~Route() = default;

Standbys::Standbys(Database& primary, const std::vector<std::string>& urls, const DatabaseOptions& base,
                   std::chrono::seconds max_lag, util::Logger& logger)
    : primary_(primary), max_lag_(max_lag), logger_(logger) {
  for (const auto& url : urls) {
    DatabaseOptions options = base;
    options.url = url;
    options.standby = true;
    options.name = database_name_of(url);
    std::string name = options.name;
    standbys_.push_back(std::make_unique<Standby>(std::move(name), std::move(options), logger));
  }
}

Standbys::~Standbys() = default;

void Standbys::record(Standby& standby, State state, std::optional<double> lag) {
  State before{};
  {
    const std::lock_guard lock(standby.mutex);
    before = standby.state;
    standby.state = state;
    standby.lag_seconds = lag;
    const auto now = std::chrono::steady_clock::now();
    standby.skip_until = state == State::kOk     ? std::chrono::steady_clock::time_point{}
                         : state == State::kDown ? now + kDownPause
                                                 : now + kUnusablePause;
  }
  // Changes only, not every request: a lagging standby would otherwise fill the log.
  if (before == state) return;
  const auto name = std::string_view(standby.name);
  const auto state_now = state_name(static_cast<int>(state));
  if (state == State::kOk)
    logger_.info("standby usable for reads", {{"standby", name}, {"state", state_now}});
  else
    logger_.warn("standby skipped for reads", {{"standby", name}, {"state", state_now}, {"lag_seconds", lag.value_or(-1.0)}});
}

std::optional<Standbys::Probe> Standbys::probe(Standby& standby, const std::string& user_id) {
  Probe probe;
  try {
    standby.database.run([&](soci::session& sql) {
      auto& q = prepared<Select<ProbeRow, std::string>>(sql, kProbe);
      q.values.params = {user_id};
      (void)read_one(sql, q);
      const ProbeRow& row = q.values.row;
      if (row.version_ind == soci::i_ok) probe.data_version = row.version;
      probe.in_recovery = row.in_recovery == 1;
      probe.lag_seconds = row.lag;
      probe.schema_version = row.schema_ind == soci::i_ok ? row.schema : 0;
    });
  } catch (const std::exception&) {
    // Unreachable (domain kUnavailable), or an error of its own: either way not one to read from.
    record(standby, State::kDown, std::nullopt);
    return std::nullopt;
  }
  State state = State::kOk;
  if (!probe.in_recovery)
    state = State::kNotStandby;
  else if (probe.schema_version < migrations().back().version)
    state = State::kSchemaBehind;
  else if (probe.lag_seconds > static_cast<double>(max_lag_.count()))
    state = State::kLagging;
  record(standby, state, probe.lag_seconds);
  if (state != State::kOk) return std::nullopt;
  return probe;
}

Standbys::Route Standbys::route(const std::string& user_id, std::int64_t data_version) {
  const std::size_t count = standbys_.size();
  const std::size_t first = count == 0 ? 0 : next_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < count; ++i) {
    Standby& standby = *standbys_[(first + i) % count];
    {
      const std::lock_guard lock(standby.mutex);
      if (std::chrono::steady_clock::now() < standby.skip_until) continue;
    }
    const auto where = probe(standby, user_id);
    if (where && where->data_version == data_version) return Route(primary_, standby);
  }
  return {};
}

void Standbys::served(const Route& route) {
  if (route.standby_)
    route.standby_->reads.fetch_add(1, std::memory_order_relaxed);
  else
    primary_reads_.fetch_add(1, std::memory_order_relaxed);
}

void Standbys::failed(Route route, std::string_view error) {
  Standby* standby = route.standby_;
  route = Route();  // the thread's reads go back to the primary
  if (!standby) return;
  logger_.warn("standby read failed; the primary answers", {{"standby", std::string_view(standby->name)}, {"error", error}});
  record(*standby, State::kDown, std::nullopt);
}

std::vector<StandbyStatus> Standbys::check() {
  for (auto& standby : standbys_) (void)probe(*standby, std::string());
  return status();
}

StandbyStatus Standbys::status_of(const Standby& standby) {
  const std::lock_guard lock(standby.mutex);
  return StandbyStatus{standby.name, std::string(state_name(static_cast<int>(standby.state))), standby.lag_seconds,
                       standby.reads.load(std::memory_order_relaxed)};
}

std::vector<StandbyStatus> Standbys::status() const {
  std::vector<StandbyStatus> all;
  all.reserve(standbys_.size());
  for (const auto& standby : standbys_) all.push_back(status_of(*standby));
  return all;
}

std::uint64_t Standbys::standby_reads() const noexcept {
  std::uint64_t total = 0;
  for (const auto& standby : standbys_) total += standby->reads.load(std::memory_order_relaxed);
  return total;
}

}  // namespace habitd::store
