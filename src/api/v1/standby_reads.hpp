#pragma once
// Runs an uncached read on a PostgreSQL standby that has caught up with the user's own writes, or
// on the primary (store/standbys.hpp): the read cache's misses, the changes feed and the export.
#include <cstdint>

#include "http/router.hpp"

namespace habitd::service {
class HabitService;
}
namespace habitd::store {
class Standbys;
}

namespace habitd::api::v1 {

class StandbyReads {
 public:
  StandbyReads(const service::HabitService& habits, store::Standbys& standbys) : habits_(habits), standbys_(standbys) {}

  // Runs `handler` for its user, whose data_version on the primary, read for this request, is
  // `data_version`. A standby that fails the read mid-way is skipped and the primary answers.
  [[nodiscard]] http::Response run(const http::Handler& handler, http::Request& request, std::int64_t data_version) const;
  // Wraps a read the read cache does not hold: it reads the user's data_version itself (only when
  // there are standbys to compare it with).
  [[nodiscard]] http::Handler wrap(http::Handler handler) const;

 private:
  const service::HabitService& habits_;
  store::Standbys& standbys_;
};

}  // namespace habitd::api::v1
