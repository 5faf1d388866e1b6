// The `launch` section's table: how `expcfg launch` starts a runner.

#include "schema/field_tables.hpp"

namespace expcfg {
namespace {

constexpr std::string_view kLauncherChoices[] = {"torchrun", "deepspeed"};

void add_launch(FieldTable<LaunchArguments>& t) {
  using S = LaunchArguments;
  t.add("launcher", &S::launcher, "The program that starts the processes.", kLauncherChoices);
  t.add("nproc_per_node", &S::nproc_per_node, "Processes (GPUs) per node.");
  t.add("nnodes", &S::nnodes, "Number of nodes.");
  t.add("node_rank", &S::node_rank, "This node's rank, from 0 to nnodes - 1.");
  t.add("master_addr", &S::master_addr, "Address of the rank-0 node (several nodes).");
  t.add("master_port", &S::master_port, "Port of the rank-0 node.");
  t.add("env", &S::env,
        "Environment variables for the run, e.g. {WANDB_MODE: disabled}; a later layer's env "
        "replaces the earlier one whole, like every mapping value.");
  t.add("transformers", &S::transformers,
        "The transformers release the run will use, e.g. 4.44.2 or 5.17.0 (4.44.2 up to 6.0): "
        "its fields, defaults and command line are the ones expcfg writes. 'auto' asks the "
        "Python that runs the job (launch.python) which release it has installed.");
  t.add("flagembedding", &S::flagembedding,
        "The FlagEmbedding release the run will use (1.3.x, 1.4.0), 'source' for an install "
        "with the transformers 5 fixes made after 1.4.0, or 'auto' to ask launch.python.");
  t.add("python", &S::python,
        "The Python that runs the job, asked for installed releases when a version is 'auto' "
        "(default: python3 from PATH).");
}

}  // namespace

template <>
const FieldTable<LaunchArguments>& field_table() {
  return built_table<LaunchArguments, Section::Launch, add_launch>();
}

}  // namespace expcfg
