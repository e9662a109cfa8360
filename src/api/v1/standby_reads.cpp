#include "api/v1/standby_reads.hpp"

#include "domain/error.hpp"
#include "service/habit_service.hpp"
#include "store/standbys.hpp"

namespace habitd::api::v1 {

http::Response StandbyReads::run(const http::Handler& handler, http::Request& request, std::int64_t data_version) const {
  if (!standbys_.empty()) {
    auto route = standbys_.route(request.user_id(), data_version);
    if (route.on_standby()) {
      try {
        http::Response response = handler(request);
        standbys_.served(route);
        return response;
      } catch (const domain::Error& error) {
        // A 404 or 422 is the answer, wherever it was read; only the standby's failure is not.
        if (error.code() != domain::ErrorCode::kUnavailable) throw;
        standbys_.failed(std::move(route), error.what());
      } catch (const std::exception& error) {
        standbys_.failed(std::move(route), error.what());
      }
    }
  }
  http::Response response = handler(request);
  standbys_.served({});
  return response;
}

http::Handler StandbyReads::wrap(http::Handler handler) const {
  return [this, handler = std::move(handler)](http::Request& request) {
    if (standbys_.empty()) return run(handler, request, 0);
    return run(handler, request, habits_.read_stamp(request.user_id()).data_version);
  };
}

}  // namespace habitd::api::v1
