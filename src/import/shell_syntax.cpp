// Running shfmt: no shell, the script on standard input (a memory file), bounded output and
// time. shfmt parses and prints; it never runs the script.

#include "import/shell_syntax.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

extern char** environ;

namespace expcfg {
namespace {

constexpr auto kTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxOutput = std::size_t{256} << 20;
constexpr std::size_t kMaxErrors = 4096;

/// A file descriptor closed when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

}  // namespace

std::optional<nlohmann::json> shell_syntax_tree(const std::string& text, std::string& error,
                                                bool& tool_failed, const std::string& program) {
  tool_failed = true;
  // The script as standard input: a memory file, so that shfmt reads it at its own pace.
  Fd input{memfd_create("expcfg-script", MFD_CLOEXEC)};
  if (input.fd < 0) {
    error = fmt::format("cannot hold the script for shfmt: {}", std::strerror(errno));
    return std::nullopt;
  }
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t wrote = write(input.fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      error = fmt::format("cannot hold the script for shfmt: {}", std::strerror(errno));
      return std::nullopt;
    }
    done += static_cast<std::size_t>(wrote);
  }
  lseek(input.fd, 0, SEEK_SET);
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  Fd out_read{out_pipe[0]};
  Fd out_write{out_pipe[1]};
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  Fd err_read{err_pipe[0]};
  Fd err_write{err_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input.fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, STDERR_FILENO);
  std::vector<std::string> argv = {program, "--language-dialect", "bash", "--to-json"};
  std::vector<char*> args;
  for (auto& word : argv) args.push_back(word.data());
  args.push_back(nullptr);
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  out_write.reset();
  err_write.reset();
  if (spawned != 0) {
    error = spawned == ENOENT
                ? fmt::format(
                      "import reads scripts with shfmt, which is not installed (Debian: apt-get "
                      "install shfmt); a command line after -- needs no shfmt")
                : fmt::format("cannot start shfmt: {}", std::strerror(spawned));
    return std::nullopt;
  }

  std::string output;
  std::string errors;
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  auto left_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now())
        .count();
  };
  bool too_much = false;
  bool timed_out = false;
  while (out_read.fd >= 0 || err_read.fd >= 0) {
    if (left_ms() <= 0) {
      timed_out = true;
      break;
    }
    pollfd ready[2] = {{out_read.fd, POLLIN, 0}, {err_read.fd, POLLIN, 0}};
    const int polled = poll(ready, 2, static_cast<int>(left_ms()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled < 0) break;
    for (int which = 0; which < 2; ++which) {
      if (ready[which].fd < 0 || ready[which].revents == 0) continue;
      Fd& from = which == 0 ? out_read : err_read;
      std::string& into = which == 0 ? output : errors;
      char buffer[65536];
      const ssize_t got = read(from.fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        from.reset();
        continue;
      }
      into.append(buffer, static_cast<std::size_t>(got));
      if (output.size() > kMaxOutput) too_much = true;
      if (errors.size() > kMaxErrors) errors.resize(kMaxErrors);
    }
    if (too_much) break;
  }
  out_read.reset();
  err_read.reset();
  if (timed_out || too_much) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    error = fmt::format("shfmt gave no answer within {} s", kTimeout.count());
    return std::nullopt;
  }
  if (too_much) {
    error = "shfmt's syntax tree of the script is over 256 MiB";
    return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // "<standard input>:3:5: reached EOF without closing quote '": the script's fault.
    std::string message = errors.substr(0, errors.find('\n'));
    if (message.starts_with("<standard input>:")) message.erase(0, 17);
    // "1:67: ...": a position in the script.
    const auto colon = message.find(':');
    if (WIFEXITED(status) && WEXITSTATUS(status) == 1 && colon != std::string::npos && colon > 0 &&
        message.find_first_not_of("0123456789") == colon) {
      tool_failed = false;
    }
    error = message.empty() ? fmt::format("shfmt failed (status {})",
                                          WIFEXITED(status) ? WEXITSTATUS(status) : -1)
                            : message;
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(output);
  } catch (const nlohmann::json::exception&) {
    error = "shfmt printed something that is not JSON";
    return std::nullopt;
  }
}

}  // namespace expcfg
