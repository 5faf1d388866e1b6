// Launchers and FlagEmbedding's module names across releases.

#include "import/launch_words.hpp"

#include <algorithm>

namespace expcfg {
namespace {

constexpr std::string_view kModulePrefix = "FlagEmbedding.finetune.";

// FlagEmbedding 1.3.0 (October 2024) moved every fine-tuning entry point under
// FlagEmbedding.finetune and renamed their flags; 1.2.x scripts name the old modules.
constexpr ModuleRename kModuleRenames[] = {
    {"FlagEmbedding.baai_general_embedding.finetune.run", "embedder.encoder_only.base", "1.3.0"},
    {"FlagEmbedding.BGE_M3.run", "embedder.encoder_only.m3", "1.3.0"},
    {"FlagEmbedding.reranker.run", "reranker.encoder_only.base", "1.3.0"},
    {"FlagEmbedding.llm_reranker.finetune_for_instruction.run", "reranker.decoder_only.base",
     "1.3.0"},
    {"FlagEmbedding.llm_reranker.finetune_for_layerwise.run", "reranker.decoder_only.layerwise",
     "1.3.0"},
};

constexpr FlagRename kFlagRenames[] = {
    {"embedder", "normlized", "normalize_embeddings", "1.3.0", ""},
    {"embedder", "same_task_within_batch", "same_dataset_within_batch", "1.3.0", ""},
    {"embedder", "use_inbatch_neg", "", "1.3.0",
     "1.3.0 decides in-batch negatives per dataset: a training folder whose name ends in "
     "no_in_batch_neg has none"},
    {"embedder", "enable_sub_batch", "", "1.3.0",
     "1.3.0 splits batches when sub_batch_size is set"},
    {"reranker", "query_instruction_for_retrieval", "query_instruction_for_rerank", "1.3.0", ""},
    {"reranker", "passage_instruction_for_retrieval", "passage_instruction_for_rerank", "1.3.0",
     ""},
};

std::string_view basename(std::string_view word) {
  const auto slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

bool is_python(std::string_view name) {
  if (!name.starts_with("python")) return false;
  name.remove_prefix(6);
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

std::span<const ModuleRename> module_renames() { return kModuleRenames; }
std::span<const FlagRename> flag_renames() { return kFlagRenames; }

bool is_launch_program(std::string_view word) {
  const std::string_view name = basename(word);
  return name == "torchrun" || name == "deepspeed" || name == "accelerate" || is_python(name);
}

bool is_flagembedding_module(std::string_view word) {
  if (word.starts_with(kModulePrefix)) return true;
  return std::any_of(std::begin(kModuleRenames), std::end(kModuleRenames),
                     [&](const ModuleRename& rename) { return rename.module == word; });
}

std::optional<LaunchLine> find_launch_line(const std::vector<Word>& words) {
  if (words.empty()) return std::nullopt;
  LaunchLine line;
  const std::string_view program = basename(words[0].text);
  std::size_t options_begin = 1;
  if (program == "deepspeed" || program == "torchrun") {
    line.launcher = std::string(program);
  } else if (program == "accelerate") {
    line.launcher = "accelerate";
    if (words.size() > 1 && words[1].text == "launch") options_begin = 2;
  } else if (is_python(program)) {
    line.launcher = "python";
    // `python -m torch.distributed.run` (or the older .launch) is torchrun.
    for (std::size_t i = 1; i + 1 < words.size(); ++i) {
      if (words[i].text != "-m") continue;
      if (words[i + 1].text == "torch.distributed.run" ||
          words[i + 1].text == "torch.distributed.launch") {
        line.launcher = "torchrun";
        options_begin = i + 2;
      }
      break;
    }
  } else {
    return std::nullopt;
  }
  for (std::size_t i = options_begin; i + 1 < words.size(); ++i) {
    if (words[i].text != "-m" && words[i].text != "--module") continue;
    const std::string& module = words[i + 1].text;
    if (!is_flagembedding_module(module) && !module.starts_with("FlagEmbedding.")) continue;
    line.options_begin = line.launcher == "python" ? words.size() : options_begin;
    line.options_end = i;
    if (line.launcher == "python") line.options_begin = line.options_end = i;
    line.module = i + 1;
    if (module.starts_with(kModulePrefix)) {
      line.runner = module.substr(kModulePrefix.size());
    } else {
      for (const ModuleRename& rename : kModuleRenames) {
        if (rename.module == module) {
          line.runner = std::string(rename.runner);
          line.renamed = &rename;
        }
      }
    }
    return line;
  }
  return std::nullopt;
}

}  // namespace expcfg
