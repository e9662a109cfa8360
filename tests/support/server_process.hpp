#pragma once
// Starts the real habitd binary on a free port, and stops it.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace habitd::test {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

class ServerProcess {
 public:
  // Starts habitd with HABITS_PORT=0 plus `env`; waits until it logs the port it listens on.
  explicit ServerProcess(EnvVars env, std::vector<std::string> args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string log() const;  // everything it wrote to stdout and stderr so far
  // Sends `signal` and waits for the exit status (the exit code, or 128 + signal).
  int stop(int signal = 15, std::chrono::seconds timeout = std::chrono::seconds(30));
  [[nodiscard]] bool running() const noexcept { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

// Runs habitd to completion with `args` (e.g. --help); returns {exit status, output}.
std::pair<int, std::string> run_habitd(const EnvVars& env, const std::vector<std::string>& args);

// A fresh temporary folder, removed by the caller when it wants.
[[nodiscard]] std::string make_temp_dir();

}  // namespace habitd::test
