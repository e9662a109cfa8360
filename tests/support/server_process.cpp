#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace habitd::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

pid_t spawn(const EnvVars& env, const std::vector<std::string>& args, const std::string& log_path) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    // HABITS_TEST_BINARY runs the suite against another build (an older revision: does a
    // regression test fail there?).
    const char* other = std::getenv("HABITS_TEST_BINARY");
    std::string binary = other != nullptr && *other != '\0' ? other : HABITD_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copies = args;
    for (auto& arg : copies) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "habitd-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

ServerProcess::ServerProcess(EnvVars env, std::vector<std::string> args) {
  log_path_ = make_temp_dir() + "/habitd.log";
  env.emplace(env.begin(), "HABITS_PORT", "0");
  pid_ = spawn(env, args, log_path_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_file(log_path_);
    if (const auto line = text.find(R"("msg":"listening")"); line != std::string::npos) {
      if (const auto key = text.find(R"("port":)", line); key != std::string::npos) {
        port_ = std::stoi(text.substr(key + 7));
        return;
      }
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("habitd exited during start-up:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop(SIGKILL);
  throw std::runtime_error("habitd did not start listening:\n" + read_file(log_path_));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop(SIGTERM);
}

std::string ServerProcess::log() const { return read_file(log_path_); }

int ServerProcess::stop(int signal, std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  const int status = wait_exit(pid_, timeout);
  pid_ = -1;
  return status;
}

std::pair<int, std::string> run_habitd(const EnvVars& env, const std::vector<std::string>& args) {
  const std::string log_path = make_temp_dir() + "/out.log";
  const pid_t pid = spawn(env, args, log_path);
  const int status = wait_exit(pid, std::chrono::seconds(60));
  return {status, read_file(log_path)};
}

}  // namespace habitd::test
