// The `launch` section's table: how `expcfg launch` starts a runner.

#include "schema/field_tables.hpp"

namespace expcfg {
namespace {

constexpr std::string_view kLauncherChoices[] = {"torchrun", "deepspeed"};

void add_launch(FieldTable<LaunchArguments>& t) {
  using S = LaunchArguments;
  t.add("launcher", &S::launcher, "The program that starts the processes.", kLauncherChoices);
  t.add("nproc_per_node", &S::nproc_per_node, "Processes (GPUs) per node.");
  t.add("nnodes", &S::nnodes, "Number of nodes (on Slurm, the job's node count).");
  t.add("node_rank", &S::node_rank, "This node's rank, from 0 to nnodes - 1.");
  t.add("master_addr", &S::master_addr,
        "Address of the rank-0 node (several nodes); Slurm scripts use the job's first node.");
  t.add("master_port", &S::master_port,
        "Port of the rank-0 node; Slurm scripts derive one from the job id when unset.");
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

/// `launch.slurm.*`: written `slurm: {partition: gpu}` under `launch:`, a group of fields whose
/// names carry the group (`slurm.partition`), so every stage finds them by key.
void add_slurm(FieldTable<SlurmArguments>& t) {
  using S = SlurmArguments;
  t.add("slurm.job_name", &S::job_name,
        "Slurm's job name (default: the run's or the sweep's folder name).");
  t.add("slurm.partition", &S::partition, "The partition to run in (sbatch --partition).");
  t.add("slurm.account", &S::account, "The account charged for the job (sbatch --account).");
  t.add("slurm.qos", &S::qos, "The quality of service (sbatch --qos).");
  t.add("slurm.time", &S::time,
        "The time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (sbatch --time).");
  t.add("slurm.gpus_per_node", &S::gpus_per_node,
        "GPUs per node, COUNT or TYPE:COUNT, e.g. 8 or a100:8 (sbatch --gpus-per-node); unset "
        "asks for none, for clusters without GPU GRES.");
  t.add("slurm.cpus_per_task", &S::cpus_per_task,
        "CPUs for each node's task, shared by its launch.nproc_per_node processes and their "
        "dataloader workers (sbatch --cpus-per-task).");
  t.add("slurm.mem", &S::mem, "Memory per node, e.g. 500G; 0 asks for all (sbatch --mem).");
  t.add("slurm.constraint", &S::constraint, "Node features to require (sbatch --constraint).");
  t.add("slurm.exclusive", &S::exclusive, "Whole nodes only, shared with no other job.");
  t.add("slurm.output", &S::output,
        "Where the job's standard output goes, a Slurm file pattern (%j job id, %A array job, "
        "%a array task); relative to the folder expcfg ran in (default: "
        "<output_dir>/expcfg/slurm-%j.out for a run, <sweep>/logs/%A_%a.out for a sweep).");
  t.add("slurm.error", &S::error,
        "Where standard error goes, a file pattern as for output (default: with the output).");
  t.add("slurm.array_throttle", &S::array_throttle,
        "At most this many runs of a sweep at once (sbatch --array=...%N).");
  t.add("slurm.extra", &S::extra,
        "More sbatch options, each '--name=value' or '--flag', e.g. ['--mail-type=END']; "
        "options expcfg writes itself are refused.");
}

}  // namespace

template <>
const FieldTable<LaunchArguments>& field_table() {
  return built_table<LaunchArguments, Section::Launch, add_launch>();
}

template <>
const FieldTable<SlurmArguments>& field_table() {
  return built_table<SlurmArguments, Section::Launch, add_slurm>();
}

}  // namespace expcfg
