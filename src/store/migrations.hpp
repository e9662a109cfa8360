#pragma once
#include <span>
#include <string_view>

namespace habitd::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // statements separated by ';' at the end of a line
};

// The migrations/ folder, embedded at build time, in version order.
[[nodiscard]] std::span<const Migration> migrations();

}  // namespace habitd::store
