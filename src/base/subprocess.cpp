// One child process: posix_spawnp with pipes, standard input a memory file (read at the
// child's own pace), poll() on both outputs until they close or a limit is passed.

#include "base/subprocess.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace expcfg {
namespace {

/// A file descriptor closed when it goes out of scope.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int value) : fd(value) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

/// `text` in the memory file `file`, positioned at its start; false on failure.
bool fill_memory_file(const Fd& file, const std::string& text) {
  for (std::size_t done = 0; file.fd >= 0 && done < text.size();) {
    const ssize_t wrote = write(file.fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return file.fd >= 0 && lseek(file.fd, 0, SEEK_SET) == 0;
}

}  // namespace

bool has_first_line(const std::string& output) { return output.find('\n') != std::string::npos; }

std::optional<ProgramResult> run_program(const std::vector<std::string>& argv,
                                         const std::string& input, const ProgramLimits& limits,
                                         ProgramFailure& failure) {
  auto fail = [&](ProgramFailure::Kind kind, std::string message) {
    failure = ProgramFailure{kind, std::move(message)};
    return std::nullopt;
  };
  const Fd stdin_file{memfd_create("expcfg-input", MFD_CLOEXEC)};
  int out_pipe[2];
  int err_pipe[2];
  if (!fill_memory_file(stdin_file, input) || pipe2(out_pipe, O_CLOEXEC) != 0) {
    return fail(ProgramFailure::Kind::CannotStart, std::strerror(errno));
  }
  Fd out_read{out_pipe[0]};
  Fd out_write{out_pipe[1]};
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    return fail(ProgramFailure::Kind::CannotStart, std::strerror(errno));
  }
  Fd err_read{err_pipe[0]};
  Fd err_write{err_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdin_file.fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& word : argv) args.push_back(const_cast<char*>(word.c_str()));
  args.push_back(nullptr);
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  out_write.reset();
  err_write.reset();
  if (spawned != 0) {
    return fail(
        spawned == ENOENT ? ProgramFailure::Kind::NotFound : ProgramFailure::Kind::CannotStart,
        std::strerror(spawned));
  }

  ProgramResult result;
  const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
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
      std::string& into = which == 0 ? result.output : result.errors;
      char buffer[65536];
      const ssize_t got = read(from.fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        from.reset();
        continue;
      }
      into.append(buffer, static_cast<std::size_t>(got));
      if (result.output.size() > limits.max_output) too_much = true;
      if (result.errors.size() > limits.max_errors) result.errors.resize(limits.max_errors);
    }
    if (too_much) break;
    if (limits.enough && limits.enough(result.output)) break;
  }
  out_read.reset();
  err_read.reset();
  // A child that closed its outputs but keeps running is given what is left of the time.
  int status = 0;
  pid_t done = 0;
  while (!timed_out && !too_much && (done = waitpid(child, &status, WNOHANG)) == 0) {
    if (left_ms() <= 0)
      timed_out = true;
    else
      poll(nullptr, 0, 10);
  }
  if (done <= 0) {
    kill(child, SIGKILL);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (timed_out) {
    const auto ms = limits.timeout.count();
    return fail(ProgramFailure::Kind::TimedOut,
                ms % 1000 == 0 ? fmt::format("no answer within {} s", ms / 1000)
                               : fmt::format("no answer within {} ms", ms));
  }
  if (too_much) {
    return fail(ProgramFailure::Kind::TooMuchOutput,
                fmt::format("it printed more than {} bytes", limits.max_output));
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace expcfg
