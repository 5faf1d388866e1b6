// `launch` section + runner arguments -> the torchrun or deepspeed command line.

#include "expcfg/launch.hpp"

#include <fmt/format.h>

#include "expcfg/argv.hpp"

namespace expcfg {
namespace {

std::int64_t int_at(const ResolvedConfig& config, std::string_view key) {
  return std::get<std::int64_t>(config.at(key));
}

}  // namespace

LaunchCommand launch_command(const ResolvedConfig& config, Diagnostics& diagnostics) {
  LaunchCommand command;
  const bool torchrun = std::get<std::string>(config.at("launch.launcher")) == "torchrun";
  const std::string nodes = fmt::format("{}", int_at(config, "launch.nnodes"));
  auto& argv = command.argv;
  argv.push_back(torchrun ? "torchrun" : "deepspeed");
  argv.push_back(torchrun ? "--nproc_per_node" : "--num_gpus");
  argv.push_back(fmt::format("{}", int_at(config, "launch.nproc_per_node")));
  if (nodes != "1") {
    argv.insert(argv.end(), {torchrun ? "--nnodes" : "--num_nodes", nodes, "--node_rank",
                             fmt::format("{}", int_at(config, "launch.node_rank"))});
  }
  if (const auto* address = std::get_if<std::string>(&config.at("launch.master_addr"))) {
    argv.insert(argv.end(), {"--master_addr", *address});
  }
  if (const auto* port = std::get_if<std::int64_t>(&config.at("launch.master_port"))) {
    argv.insert(argv.end(), {"--master_port", fmt::format("{}", *port)});
  }
  argv.push_back(torchrun ? "-m" : "--module");
  argv.emplace_back(config.runner->module);
  const auto runner_argv = to_argv(config, {}, diagnostics);
  argv.insert(argv.end(), runner_argv.begin(), runner_argv.end());
  for (const auto& [name, value] : std::get<Json>(config.at("launch.env")).items()) {
    command.env.emplace_back(name, value.get<std::string>());
  }
  return command;
}

std::string shell_line(const LaunchCommand& command) {
  std::string line;
  for (const auto& [name, value] : command.env)
    line += fmt::format("{}={} ", name, shell_quote(value));
  return line + shell_join(command.argv);
}

}  // namespace expcfg
