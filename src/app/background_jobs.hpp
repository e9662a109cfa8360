#pragma once
// Work that runs off the request path on a timer: writing noted token uses, purging what is kept
// only for a while. One thread; each job runs every `interval` (the first time at once when
// `at_start`), and once more when stopping (`at_stop` instead, when given).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace habitd::util {
class Logger;
}

namespace habitd::app {

class BackgroundJobs {
 public:
  struct Job {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> run;  // a failure is logged and the job runs again at its next turn
    bool at_start = false;
    std::function<void()> at_stop;
  };

  BackgroundJobs(std::vector<Job> jobs, util::Logger& logger);
  // Runs every job a last time (nothing noted is lost on a clean stop), then joins.
  ~BackgroundJobs();
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

 private:
  void loop();
  void run_job(const std::string& name, const std::function<void()>& work);

  std::vector<Job> jobs_;
  util::Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace habitd::app
