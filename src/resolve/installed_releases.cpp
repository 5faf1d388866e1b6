// Asks a Python interpreter which releases it has installed: one short child process, its
// standard output read through a pipe, killed if it hangs.

#include "resolve/installed_releases.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

extern char** environ;

namespace expcfg {
namespace {

// Prints the version, or exits 3 when the package is missing. For FlagEmbedding, a 1.4.0 whose
// trainers no longer save through Trainer.tokenizer (the line FlagEmbedding PR #1592 replaced)
// is a source install with the transformers 5 fixes.
constexpr const char* kProgram = R"py(import sys, os, importlib.metadata as m, importlib.util as u
name = sys.argv[1]
try:
    version = m.version(name)
except m.PackageNotFoundError:
    sys.exit(3)
if name == "FlagEmbedding" and version == "1.4.0":
    spec = u.find_spec("FlagEmbedding")
    trainer = os.path.join(os.path.dirname(spec.origin or ""), "finetune", "embedder",
                           "encoder_only", "base", "trainer.py")
    try:
        text = open(trainer, encoding="utf-8").read()
        if "self.tokenizer is not None and self.is_world_process_zero()" not in text:
            version = "source"
    except OSError:
        pass
print(version)
)py";

constexpr auto kTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxOutput = 4096;

/// Runs `argv` (no shell), returning its standard output and exit status; nullopt with `error`.
std::optional<std::pair<std::string, int>> run(const std::vector<std::string>& argv,
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
  // One line is the answer: stop reading there (a child it left behind may hold the pipe).
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  auto left_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now())
        .count();
  };
  while (output.find('\n') == std::string::npos && output.size() < kMaxOutput && left_ms() > 0) {
    pollfd ready{pipe_ends[0], POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(left_ms()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) break;  // an error, or the deadline
    char buffer[512];
    const ssize_t got = read(pipe_ends[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output.append(buffer, static_cast<std::size_t>(got));
  }
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
    error = fmt::format("no answer within {} s", kTimeout.count());
    return std::nullopt;
  }
  return std::pair{output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

}  // namespace

std::optional<std::string> installed_release(const std::string& python, const std::string& package,
                                             std::string& error) {
  static std::mutex guard;
  static std::map<std::pair<std::string, std::string>,
                  std::pair<std::optional<std::string>, std::string>>
      cache;
  const std::lock_guard lock(guard);
  auto [entry, is_new] = cache.try_emplace({python, package});
  auto& [release, failure] = entry->second;
  if (is_new) {
    if (auto result = run({python, "-c", kProgram, package}, failure)) {
      std::string text = result->first.substr(0, result->first.find('\n'));
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (result->second == 3) {
        failure = fmt::format("{} is not installed for it", package);
      } else if (result->second != 0) {
        failure = fmt::format("it exited with status {}", result->second);
      } else if (text.empty()) {
        failure = "it printed no release";
      } else {
        release = text;
      }
    }
  }
  error = failure;
  return release;
}

}  // namespace expcfg
