#pragma once
// Every connection is a file descriptor. The soft limit a shell hands down is often 1024, far
// below HABITS_MAX_CONNECTIONS; beyond it accept() fails and clients wait unserved. Any process
// may raise its soft limit up to the hard one, so habitd does that at start-up.
#include <cstdint>

namespace habitd::app {

struct DescriptorLimit {
  std::uint64_t before;  // the soft limit inherited
  std::uint64_t after;   // the soft limit now
};

// Raises the soft RLIMIT_NOFILE to `wanted`, or to the hard limit when that is lower; never lowers it.
[[nodiscard]] DescriptorLimit raise_descriptor_limit(std::uint64_t wanted) noexcept;

}  // namespace habitd::app
