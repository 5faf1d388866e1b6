// `launch` section + runner arguments -> the torchrun or deepspeed command line.

#include "run/launch.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "emit/argv.hpp"

namespace expcfg {
LaunchCommand launch_command(const ResolvedConfig& config, Diagnostics& diagnostics) {
  LaunchCommand command;
  const LaunchArguments launch = launch_arguments(config);
  const bool torchrun = launch.launcher == "torchrun";
  auto& argv = command.argv;
  argv.push_back(torchrun ? "torchrun" : "deepspeed");
  argv.push_back(torchrun ? "--nproc_per_node" : "--num_gpus");
  argv.push_back(fmt::format("{}", launch.nproc_per_node));
  if (launch.nnodes != 1) {
    argv.insert(argv.end(),
                {torchrun ? "--nnodes" : "--num_nodes", fmt::format("{}", launch.nnodes),
                 "--node_rank", fmt::format("{}", launch.node_rank)});
  }
  if (launch.master_addr) argv.insert(argv.end(), {"--master_addr", *launch.master_addr});
  if (launch.master_port) {
    argv.insert(argv.end(), {"--master_port", fmt::format("{}", *launch.master_port)});
  }
  argv.push_back(torchrun ? "-m" : "--module");
  argv.emplace_back(config.runner->module);
  const auto runner_argv = to_argv(config, {}, diagnostics);
  argv.insert(argv.end(), runner_argv.begin(), runner_argv.end());
  for (const auto& [name, value] : launch.env) command.env.emplace_back(name, value);
  return command;
}

void check_rank0_address(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const LaunchArguments launch = launch_arguments(config);
  if (launch.nnodes <= 1 || launch.master_addr) return;
  diagnostics
      .error(config.origin(*config.index("launch.nnodes")),
             "'launch.nnodes' is {}, so 'launch.master_addr' must name the rank-0 node",
             launch.nnodes)
      .notes.push_back(Note{Origin::none(),
                            "on Slurm, `expcfg launch --emit slurm` (or --submit) writes a job "
                            "whose first node is rank 0"});
}

std::optional<std::string> find_program(const std::string& program) {
  auto runnable = [](const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           access(path.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    return runnable(program) ? std::optional(program) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view folders = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = std::min(folders.find(':'), folders.size());
    const std::string_view folder = folders.substr(0, colon);
    const std::string candidate = fmt::format("{}/{}", folder.empty() ? "." : folder, program);
    if (runnable(candidate)) return candidate;
    if (colon == folders.size()) return std::nullopt;
    folders.remove_prefix(colon + 1);
  }
}

std::string shell_line(const LaunchCommand& command) {
  std::string line;
  for (const auto& [name, value] : command.env)
    line += fmt::format("{}={} ", name, shell_quote(value));
  return line + shell_join(command.argv);
}

}  // namespace expcfg
