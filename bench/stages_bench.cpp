// Micro-benchmarks of each stage (load, merge, override, resolve, emit, diff) on the shipped
// example, and of generated large inputs. EXPCFG_BENCH_TINY=1 registers tiny sizes only: CI
// runs that once as a smoke test (never as a timed test).

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>

#include "expcfg/diff.hpp"
#include "expcfg/emit.hpp"
#include "expcfg/resolve.hpp"
#include "memory_file_system.hpp"

namespace expcfg {
namespace {

const std::vector<std::string> kExample = {EXPCFG_CONFIGS_DIR "/experiments/bge-large-en-v1.5.yaml",
                                           EXPCFG_CONFIGS_DIR "/overrides/debug.yaml"};
const std::vector<std::string> kSets = {"training.learning_rate=2e-5", "training.seed=7"};

std::vector<Entry> entries_of(const std::vector<std::string>& sets) {
  Diagnostics problems;
  std::vector<Entry> entries;
  for (const auto& set : sets) entries.push_back(*parse_set(set, problems));
  return entries;
}

std::vector<Layer> example_layers() {
  Diagnostics problems;
  auto layers = load_layers(kExample, disk_file_system(), problems);
  layers.push_back(override_layer(entries_of(kSets)));
  return layers;
}

void check(const Diagnostics& problems, benchmark::State& state) {
  if (!problems.empty()) state.SkipWithError(render(problems).c_str());
}

void BM_Load(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics problems;
    benchmark::DoNotOptimize(load_layers(kExample, disk_file_system(), problems));
  }
}

void BM_MergeAndValidate(benchmark::State& state) {
  const auto layers = example_layers();
  for (auto _ : state) {
    Diagnostics problems;
    benchmark::DoNotOptimize(resolve(layers, problems));
    check(problems, state);
  }
}

void BM_Override(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics problems;
    benchmark::DoNotOptimize(override_layer(entries_of(kSets)));
  }
}

void BM_EmitYaml(benchmark::State& state) {
  Diagnostics problems;
  const ResolvedConfig config = resolve(example_layers(), problems);
  for (auto _ : state) benchmark::DoNotOptimize(emit_yaml(config, {}));
}

void BM_EmitJson(benchmark::State& state) {
  Diagnostics problems;
  const ResolvedConfig config = resolve(example_layers(), problems);
  for (auto _ : state) benchmark::DoNotOptimize(emit_json(config, {}));
}

void BM_Diff(benchmark::State& state) {
  Diagnostics problems;
  const ResolvedConfig left = resolve(example_layers(), problems);
  auto layers = load_layers(kExample, disk_file_system(), problems);
  const ResolvedConfig right = resolve(layers, problems);
  for (auto _ : state) benchmark::DoNotOptimize(diff(left, right, {}));
}

/// The whole `dump` of the example in one process: load, merge, two --set, validate, emit.
void BM_DumpExample(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics problems;
    const ResolvedConfig config =
        load_config(kExample, entries_of(kSets), disk_file_system(), problems);
    benchmark::DoNotOptimize(emit_yaml(config, {}));
  }
}

/// A layer whose train_data lists `state.range(0)` paths (~37 bytes each).
void BM_TrainDataPaths(benchmark::State& state) {
  std::string text = "model:\n  model_name_or_path: m\ndata:\n  train_data:\n";
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    text += fmt::format("    - /data/shard/train-{:06d}.jsonl\n", i);
  }
  testing::MemoryFileSystem fs{{"big.yaml", text}};
  for (auto _ : state) {
    Diagnostics problems;
    const ResolvedConfig config = load_config({"big.yaml"}, {}, fs, problems);
    benchmark::DoNotOptimize(emit_yaml(config, {}));
    check(problems, state);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

/// `state.range(0)` layer files over the example, each setting two fields.
void BM_ManyLayers(benchmark::State& state) {
  std::map<std::string, std::string> files;
  std::vector<std::string> names = {"base.yaml"};
  files["base.yaml"] = testing::valid_layer();
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    names.push_back(fmt::format("layer{}.yaml", i));
    files[names.back()] = fmt::format("training:\n  seed: {}\n  learning_rate: {}e-6\n", i, i + 1);
  }
  testing::MemoryFileSystem fs(files);
  for (auto _ : state) {
    Diagnostics problems;
    benchmark::DoNotOptimize(load_config(names, {}, fs, problems));
    check(problems, state);
  }
}

/// `state.range(0)` --set overrides on the example.
void BM_ManySets(benchmark::State& state) {
  std::vector<std::string> sets;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    sets.push_back(fmt::format("training.seed={}", i));
  }
  Diagnostics problems;
  const auto files = load_layers(kExample, disk_file_system(), problems);
  for (auto _ : state) {
    auto layers = files;
    layers.push_back(override_layer(entries_of(sets)));
    benchmark::DoNotOptimize(resolve(layers, problems));
    check(problems, state);
  }
}

/// The sweep case: the example's layers parsed once, resolved again and again with a
/// different override each (what `expcfg sweep` does per point).
void BM_SweepResolutions(benchmark::State& state) {
  Diagnostics problems;
  std::vector<Layer> layers = load_layers(kExample, disk_file_system(), problems);
  layers.emplace_back();
  std::int64_t seed = 0;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < state.range(0); ++i) {
      layers.back() = override_layer(entries_of({fmt::format("training.seed={}", seed++)}));
      Diagnostics point;
      benchmark::DoNotOptimize(resolve(layers, point));
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

/// The same points through StackResolver, as `expcfg sweep` resolves them: the example's
/// layers merged once, each point's override applied over a copy of that merge.
void BM_SweepStackResolutions(benchmark::State& state) {
  Diagnostics problems;
  const StackResolver stack(load_layers(kExample, disk_file_system(), problems));
  std::int64_t seed = 0;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < state.range(0); ++i) {
      Diagnostics point;
      benchmark::DoNotOptimize(stack.resolve(
          override_layer(entries_of({fmt::format("training.seed={}", seed++)})), point));
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void register_all(bool tiny) {
  benchmark::RegisterBenchmark("Load/example", BM_Load);
  benchmark::RegisterBenchmark("MergeAndValidate/example", BM_MergeAndValidate);
  benchmark::RegisterBenchmark("Override/two_sets", BM_Override);
  benchmark::RegisterBenchmark("EmitYaml/example", BM_EmitYaml);
  benchmark::RegisterBenchmark("EmitJson/example", BM_EmitJson);
  benchmark::RegisterBenchmark("Diff/example", BM_Diff);
  benchmark::RegisterBenchmark("Dump/example", BM_DumpExample);
  auto* paths = benchmark::RegisterBenchmark("TrainDataPaths", BM_TrainDataPaths)
                    ->Unit(benchmark::kMillisecond);
  auto* layers = benchmark::RegisterBenchmark("ManyLayers", BM_ManyLayers);
  auto* sets = benchmark::RegisterBenchmark("ManySets", BM_ManySets);
  auto* sweep = benchmark::RegisterBenchmark("SweepResolutions", BM_SweepResolutions)
                    ->Unit(benchmark::kMillisecond);
  auto* stacked = benchmark::RegisterBenchmark("SweepStackResolutions", BM_SweepStackResolutions)
                      ->Unit(benchmark::kMillisecond);
  if (tiny) {
    stacked->Arg(2);
    paths->Arg(10);
    layers->Arg(2);
    sets->Arg(2);
    sweep->Arg(2);
  } else {
    paths->Arg(1'000)->Arg(10'000)->Arg(100'000);
    layers->Arg(10)->Arg(30)->Arg(100);
    sets->Arg(10)->Arg(100)->Arg(1'000);
    sweep->Arg(10'000);
    stacked->Arg(10'000);
  }
}

}  // namespace
}  // namespace expcfg

int main(int argc, char** argv) {
  const char* tiny = std::getenv("EXPCFG_BENCH_TINY");
  expcfg::register_all(tiny && std::string(tiny) == "1");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
