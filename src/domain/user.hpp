#pragma once
#include <cstdint>
#include <string>

namespace habitd::domain {

struct User {
  std::string id;
  std::string email;
  std::string username;
  std::string timezone = "UTC";
  int day_start_minutes = 0;    // the user's day begins this long after local midnight
  std::int64_t created_at = 0;  // microseconds since the Unix epoch
  std::int64_t updated_at = 0;
};

}  // namespace habitd::domain
