#include "app/background_jobs.hpp"

#include <algorithm>

#include "util/logger.hpp"

namespace habitd::app {

BackgroundJobs::BackgroundJobs(std::vector<Job> jobs, util::Logger& logger)
    : jobs_(std::move(jobs)), logger_(logger), thread_([this] { loop(); }) {}

BackgroundJobs::~BackgroundJobs() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  for (const auto& job : jobs_) run_job(job.name, job.at_stop ? job.at_stop : job.run);
}

void BackgroundJobs::run_job(const std::string& name, const std::function<void()>& work) {
  try {
    work();
  } catch (const std::exception& error) {
    logger_.warn("background job failed", {{"job", std::string_view(name)}, {"error", std::string_view(error.what())}});
  }
}

void BackgroundJobs::loop() {
  using clock = std::chrono::steady_clock;
  std::vector<clock::time_point> due(jobs_.size(), clock::now());
  for (std::size_t i = 0; i < jobs_.size(); ++i)
    if (!jobs_[i].at_start) due[i] += jobs_[i].interval;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto next = due.empty() ? clock::now() + std::chrono::hours(1) : *std::min_element(due.begin(), due.end());
    wake_.wait_until(lock, next, [this] { return stopping_; });
    if (stopping_) break;
    const auto now = clock::now();
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (due[i] > now) continue;
      lock.unlock();
      run_job(jobs_[i].name, jobs_[i].run);
      lock.lock();
      due[i] = clock::now() + jobs_[i].interval;
    }
  }
}

}  // namespace habitd::app
