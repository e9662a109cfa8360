// PostgreSQL through Debian's PgBouncer, the way most hosted PostgreSQL is reached. In transaction
// mode (HABITS_DATABASE_POOLER=transaction) a server connection serves other clients between two
// transactions of one habitd connection, and the pool here holds fewer server connections than
// habitd opens, so they really are shared: a journey of several parallel clients must work all
// the same. In session mode habitd needs no setting. On SQLite there is no pooler to go through.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPgBouncer = "/usr/sbin/pgbouncer";

// The parts of the test cluster's postgresql://user:password@host:port/database URL.
struct PgUrl {
  std::string user, password, host, port, database;
};

PgUrl parse(const std::string& url) {
  const auto after_scheme = url.find("://") + 3;
  const auto colon = url.find(':', after_scheme);
  const auto at = url.find('@', colon);
  const auto port_colon = url.find(':', at);
  const auto slash = url.find('/', port_colon);
  return {url.substr(after_scheme, colon - after_scheme), url.substr(colon + 1, at - colon - 1),
          url.substr(at + 1, port_colon - at - 1), url.substr(port_colon + 1, slash - port_colon - 1), url.substr(slash + 1)};
}

std::string& value_of(EnvVars& env, const std::string& key) {
  for (auto& [name, value] : env)
    if (name == key) return value;
  throw std::runtime_error("no " + key);
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A pgbouncer process in front of the test cluster, in a folder of its own, stopped by its PID.
class PgBouncer {
 public:
  PgBouncer(const PgUrl& server, const std::string& pool_mode, int server_connections) : dir_(make_temp_dir()) {
    std::ofstream(dir_ + "/userlist.txt") << '"' << server.user << "\" \"" << server.password << "\"\n";
    // pgbouncer refuses to run as root: as root (CI) it switches to the postgres user, which
    // Debian's postgresql package creates, and must be able to write its folder.
    const bool root = geteuid() == 0;
    if (root) {
      const passwd* postgres = getpwnam("postgres");
      if (postgres == nullptr) throw std::runtime_error("running as root, and there is no postgres user");
      if (chown(dir_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) throw std::runtime_error("chown failed");
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = free_port();
      std::ofstream ini(dir_ + "/pgbouncer.ini");
      ini << "[databases]\n* = host=" << server.host << " port=" << server.port << "\n"
          << "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = " << port_ << "\nunix_socket_dir =\n"
          << "auth_type = scram-sha-256\nauth_file = " << dir_ << "/userlist.txt\n"
          << "pool_mode = " << pool_mode << "\ndefault_pool_size = " << server_connections << "\n"
          << "max_client_conn = 200\nlogfile = " << dir_ << "/pgbouncer.log\n"
          << (root ? "user = postgres\n" : "");
      ini.close();
      if (start()) return;
    }
    throw std::runtime_error("pgbouncer did not start:\n" + log());
  }
  ~PgBouncer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);  // immediate shutdown
      waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove_all(dir_);
  }
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string log() const { return read_text(dir_ + "/pgbouncer.log"); }

 private:
  bool start() {
    const std::string ini = dir_ + "/pgbouncer.ini";
    pid_ = fork();
    if (pid_ == 0) {
      // It logs to its file (logfile) and to stderr: the file is enough.
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      execl(kPgBouncer, kPgBouncer, ini.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      if (accepts(port_)) return true;
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) break;  // exited: the port was taken meanwhile
      std::this_thread::sleep_for(50ms);
    }
    if (waitpid(pid_, nullptr, WNOHANG) == 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
    return false;
  }

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

class PoolerApi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (backend_name() != "postgres") GTEST_SKIP() << "SQLite is a file: there is no pooler to go through";
    if (access(kPgBouncer, X_OK) != 0)
      GTEST_SKIP() << kPgBouncer << " is missing: install Debian's pgbouncer package (scripts/setup test installs it)";
    env_ = backend_env_alone();
    server_ = parse(value_of(env_, "HABITS_DATABASE_URL"));
  }

  // Starts pgbouncer in `pool_mode` with at most `server_connections` to PostgreSQL; returns the
  // settings of a habitd that goes through it, with `extra` ones.
  EnvVars through_bouncer(const std::string& pool_mode, int server_connections, const EnvVars& extra) {
    bouncer_ = std::make_unique<PgBouncer>(server_, pool_mode, server_connections);
    EnvVars env = env_;
    value_of(env, "HABITS_DATABASE_URL") = "postgresql://" + server_.user + ":" + server_.password +
                                           "@127.0.0.1:" + std::to_string(bouncer_->port()) + "/" + server_.database;
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
  }

  // A person's journey: sign up, sign in, habits, logs and every kind of read, each answer checked.
  void journey(const std::string& name) const {
    HttpClient http(habitd_->port());
    const std::string password = "a good password";
    auto registered =
        http.post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", password}});
    ASSERT_EQ(registered.status, 201) << registered.body;
    auto login = http.post("/api/v1/auth/login", {{"login", name}, {"password", password}});
    ASSERT_EQ(login.status, 200) << login.body;
    const Headers auth = bearer(std::string(login.json().at("access_token").as_string()));
    for (int h = 0; h < 3; ++h) {
      auto created = http.post(
          "/api/v1/habits", {{"name", "habit " + std::to_string(h)}, {"frequency", "daily"}, {"start_date", "2026-01-01"}}, auth);
      ASSERT_EQ(created.status, 201) << created.body;
      const std::string habit = "/api/v1/habits/" + std::string(created.json().at("id").as_string());
      for (int day = 1; day <= 5; ++day) {
        auto logged = http.post(habit + "/logs", {{"date", "2026-01-0" + std::to_string(day)}}, auth);
        ASSERT_EQ(logged.status, 201) << logged.body;
      }
      auto renamed = http.patch(habit, {{"name", "renamed " + std::to_string(h)}}, auth);
      ASSERT_EQ(renamed.status, 200) << renamed.body;
      auto read = http.get(habit, auth);
      ASSERT_EQ(read.status, 200) << read.body;
      EXPECT_EQ(read.json().at("name").as_string(), "renamed " + std::to_string(h));
      auto logs = http.get(habit + "/logs", auth);
      ASSERT_EQ(logs.status, 200) << logs.body;
      ASSERT_EQ(http.get(habit + "/streak", auth).status, 200);
      ASSERT_EQ(http.get(habit + "/calendar?year=2026", auth).status, 200);
    }
    auto list = http.get("/api/v1/habits", auth);
    ASSERT_EQ(list.status, 200) << list.body;
    for (const char* read : {"/api/v1/progress", "/api/v1/today", "/api/v1/insights", "/api/v1/export", "/api/v1/users/me"}) {
      auto reply = http.get(read, auth);
      ASSERT_EQ(reply.status, 200) << read << ": " << reply.body;
    }
  }

  // `clients` journeys at once, each with its own connection to habitd.
  void parallel_journeys(int clients, const std::string& tag) const {
    std::vector<std::thread> threads;
    threads.reserve(clients);
    for (int i = 0; i < clients; ++i) threads.emplace_back([this, i, &tag] { journey(tag + std::to_string(i)); });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(habitd_->log().find("\"level\":\"error\""), std::string::npos) << habitd_->log();
  }

  EnvVars env_;
  PgUrl server_;
  std::unique_ptr<PgBouncer> bouncer_;
  std::unique_ptr<ServerProcess> habitd_;
};

TEST_F(PoolerApi, TransactionModeServesParallelJourneysWhenToldSo) {
  // Fewer server connections than habitd's pool: consecutive transactions of one habitd
  // connection land on different server connections, which other connections used meanwhile.
  habitd_ = std::make_unique<ServerProcess>(through_bouncer("transaction", 2, {{"HABITS_DATABASE_POOLER", "transaction"}}));
  parallel_journeys(6, "txpool");
}

TEST_F(PoolerApi, SessionModeNeedsNoSetting) {
  // One server connection for each of habitd's.
  habitd_ = std::make_unique<ServerProcess>(through_bouncer("session", 40, {}));
  parallel_journeys(4, "sesspool");
}

// Without the setting, its statements would fail now and then (named prepared statements on the
// wrong server connection): habitd notices the pooler at start-up and refuses, naming the fix.
TEST_F(PoolerApi, TransactionModeUnannouncedIsRefusedAtStart) {
  const EnvVars env = through_bouncer("transaction", 2, {});
  try {
    const ServerProcess habitd(env);
    FAIL() << "habitd started behind a transaction pooler it was not told of:\n" << habitd.log();
  } catch (const std::runtime_error& refused) {
    const std::string output = refused.what();
    EXPECT_NE(output.find("set HABITS_DATABASE_POOLER=transaction"), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace habitd::test
