#pragma once
// When a failed webhook delivery is tried again, when it is given up, and when a webhook that keeps
// failing is switched off. Pure functions of the attempt count, the times involved and a random
// draw, so the schedule is tested without a clock or sleeps.
#include <chrono>
#include <optional>

namespace habitd::domain {

using SysSeconds = std::chrono::sys_seconds;

// An event is retried for at least this long after it was recorded, then marked failed.
inline constexpr std::chrono::hours kRetryWindow{24};
// A webhook whose deliveries have failed without a single success for this long is disabled.
inline constexpr std::chrono::hours kDisableAfter{72};
// No answer within this long is a failure.
inline constexpr std::chrono::seconds kDeliveryTimeout{10};

struct RetryDecision {
  bool give_up = false;  // the event is failed: no further attempt
  SysSeconds next_attempt_at{};
};

// The base delay after the `attempts`-th failed attempt (1 for the first): 5 s, 30 s, 2 min,
// 10 min, 30 min, 1 h, 2 h, 4 h, then every 8 h.
[[nodiscard]] std::chrono::seconds base_retry_delay(int attempts);

// After the `attempts`-th attempt failed at `now`, for an event recorded at `recorded_at`. `jitter`
// is a uniform draw from [0, 1): the delay is scaled by 0.8 + 0.4 * jitter, so retries of events
// that failed together spread out (the first retry still comes within 6 s). The event is given up
// once the failure happens 24 h or more after it was recorded, so it is retried for at least 24 h.
[[nodiscard]] RetryDecision next_retry(int attempts, SysSeconds recorded_at, SysSeconds now, double jitter);

// Whether a webhook failing since `failing_since` (its first failure after its last success; none
// while it succeeds) is to be disabled at `now`.
[[nodiscard]] bool should_disable(std::optional<SysSeconds> failing_since, SysSeconds now);

}  // namespace habitd::domain
