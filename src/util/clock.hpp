#pragma once
// Time is injected, so tests can pin "now" and time-zone rules can be tested at any instant.
#include <chrono>

namespace habitd::util {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace habitd::util
