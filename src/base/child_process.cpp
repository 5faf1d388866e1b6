#include "base/child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace expcfg {

std::optional<std::pair<std::string, int>> run_child(const std::vector<std::string>& argv,
                                                     const ChildOptions& options,
                                                     std::string& error) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& word : argv) args.push_back(const_cast<char*>(word.c_str()));
  args.push_back(nullptr);
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_ends[1]);
  if (spawned != 0) {
    close(pipe_ends[0]);
    error = std::strerror(spawned);
    return std::nullopt;
  }
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  auto left_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now())
        .count();
  };
  while (output.size() < options.max_output && !(options.enough && options.enough(output)) &&
         left_ms() > 0) {
    pollfd ready{pipe_ends[0], POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(left_ms()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) break;  // an error, or the deadline
    char buffer[4096];
    const ssize_t got = read(pipe_ends[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output.append(buffer, static_cast<std::size_t>(got));
  }
  // Closing the pipe first: a child still writing gets SIGPIPE instead of blocking forever.
  close(pipe_ends[0]);
  int status = 0;
  pid_t done = 0;
  while ((done = waitpid(child, &status, WNOHANG)) == 0 && left_ms() > 0) {
    poll(nullptr, 0, 10);  // a short sleep until it exits
  }
  if (done == 0) {
    kill(child, SIGKILL);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    error = fmt::format("no answer within {} s",
                        std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count());
    return std::nullopt;
  }
  return std::pair{output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

}  // namespace expcfg
