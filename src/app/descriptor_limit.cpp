#include "app/descriptor_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace habitd::app {

DescriptorLimit raise_descriptor_limit(std::uint64_t wanted) noexcept {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {0, 0};
  const DescriptorLimit inherited{limit.rlim_cur, limit.rlim_cur};
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) return inherited;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, limit.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return inherited;
  return {inherited.before, limit.rlim_cur};
}

}  // namespace habitd::app
