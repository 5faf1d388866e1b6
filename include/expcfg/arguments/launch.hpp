#pragma once
/// expcfg's own `launch` section: how `expcfg launch` starts the runner's module.
///
///   launch:
///     nproc_per_node: 8
///     env: {WANDB_MODE: disabled}

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace expcfg {

/// Environment variables for the run, by name.
using StringMap = std::map<std::string, std::string>;

struct LaunchArguments {
  std::string launcher = "torchrun";
  std::int64_t nproc_per_node = 1;
  std::int64_t nnodes = 1;
  std::int64_t node_rank = 0;
  std::optional<std::string> master_addr;
  std::optional<std::int64_t> master_port;
  StringMap env;
  /// The releases the run will meet (see expcfg/versions.hpp); "auto" asks `python`.
  std::string transformers = "4.57.6";
  std::string flagembedding = "1.4.0";
  std::optional<std::string> python;
};

}  // namespace expcfg
