#include "domain/webhook_retry.hpp"

#include <algorithm>
#include <array>

namespace habitd::domain {

using namespace std::chrono_literals;

std::chrono::seconds base_retry_delay(int attempts) {
  static constexpr std::array<std::chrono::seconds, 9> kDelays = {5s, 30s, 2min, 10min, 30min, 1h, 2h, 4h, 8h};
  const auto index = static_cast<std::size_t>(std::clamp(attempts, 1, static_cast<int>(kDelays.size())) - 1);
  return kDelays.at(index);
}

RetryDecision next_retry(int attempts, SysSeconds recorded_at, SysSeconds now, double jitter) {
  if (now - recorded_at >= kRetryWindow) return RetryDecision{true, now};
  const double factor = 0.8 + 0.4 * std::clamp(jitter, 0.0, 1.0);
  const auto delay =
      std::chrono::seconds(static_cast<long long>(static_cast<double>(base_retry_delay(attempts).count()) * factor));
  return RetryDecision{false, now + std::max(delay, std::chrono::seconds(1))};
}

bool should_disable(std::optional<SysSeconds> failing_since, SysSeconds now) {
  return failing_since && now - *failing_since >= kDisableAfter;
}

}  // namespace habitd::domain
