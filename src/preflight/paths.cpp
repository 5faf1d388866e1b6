// Folders the run opens before training: the model (and adapters), output_dir, and the
// checkpoint to resume (FR01, FR02, FR08, FR18, FR22-FR24, TA23-TA25).

#include <cmath>

#include "preflight/context.hpp"
#include "preflight/disk.hpp"
#include "preflight/json_reader.hpp"

namespace expcfg::preflight_checks {
namespace {

/// What transformers takes for a local path rather than a Hub id.
bool looks_local(const std::string& path) {
  return path.starts_with("/") || path.starts_with("./") || path.starts_with("../") ||
         path.starts_with("~") || path == "." || path == "..";
}

bool has_file(const std::string& folder, std::string_view name) {
  return path_kind(folder + "/" + std::string(name)) == PathKind::File;
}

bool any_file(const std::string& folder, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names)
    if (has_file(folder, name)) return true;
  return false;
}

bool has_weights(const std::string& folder) {
  if (any_file(folder, {"model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                        "pytorch_model.bin.index.json", "adapter_model.safetensors",
                        "adapter_model.bin", "tf_model.h5", "flax_model.msgpack"}))
    return true;
  std::string error;
  const auto names = list_folder(folder, error);
  if (!names) return false;
  for (const std::string& name : *names)
    if (name.ends_with(".safetensors") ||
        (name.starts_with("pytorch_model") && name.ends_with(".bin")))
      return true;
  return false;
}

bool has_tokenizer(const std::string& folder) {
  if (any_file(folder, {"tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json",
                        "tokenizer.model", "sentencepiece.bpe.model", "spiece.model"}))
    return true;
  return false;
}

/// A local model, config or tokenizer path: exists (FR23) and has what loading needs (FR24).
void check_model_path(Context& c, std::string_view key, bool weights, bool tokenizer) {
  const std::string* value = c.text(key);
  if (!value || value->empty()) return;
  const std::string path = expand_home(*value);
  const PathKind kind = path_kind(path);
  if (kind == PathKind::Missing) {
    if (looks_local(*value)) {
      auto& e = c.error("FR23", c.origin(key), "'{}' is a local path, '{}', that does not exist",
                        key, *value);
      note(e, "paths are relative to the folder the run starts in (here, the current folder)");
    }
    return;
  }
  if (kind != PathKind::Folder) {
    if (looks_local(*value))
      c.error("FR24", c.origin(key), "'{}' names '{}', which is not a model folder", key, *value);
    return;
  }
  if (!has_file(path, "config.json")) {
    c.error("FR24", c.origin(key), "model folder '{}' has no config.json", *value);
  } else {
    std::string error;
    SourceLoc where;
    const auto text = read_small_file(path + "/config.json", error);
    const auto name = std::make_shared<const std::string>(path + "/config.json");
    if (!text) {
      c.error("FR24", c.origin(key), "cannot read '{}': {}", *name, error);
    } else if (!read_json(*text, name, error, where)) {
      c.error("FR24", Origin::file(where), "the model's config.json is not valid JSON: {}", error);
    }
  }
  if (weights && !has_weights(path)) {
    c.error("FR24", c.origin(key),
            "model folder '{}' has no weights (model.safetensors, pytorch_model.bin or their "
            "sharded index)",
            *value);
  }
  if (tokenizer && !has_tokenizer(path)) {
    c.error("FR24", c.origin(key),
            "model folder '{}' has no tokenizer files (tokenizer.json, tokenizer_config.json, "
            "vocab.txt, ...)",
            *value);
  }
}

void check_adapters(Context& c) {
  for (std::string_view key : {"model.from_peft", "model.raw_peft"}) {
    const Value* v = c.value(key);
    if (!v) continue;
    std::vector<std::string> paths;
    if (const auto* s = std::get_if<std::string>(v)) paths.push_back(*s);
    if (const auto* list = std::get_if<StringList>(v)) paths = *list;
    for (const std::string& path : paths) {
      if (path.empty()) continue;
      const std::string folder = expand_home(path);
      if (path_kind(folder) != PathKind::Folder) {
        if (looks_local(path) || path_kind(folder) != PathKind::Missing)
          c.error("FR22", c.origin(key), "'{}' names '{}', which is not a folder", key, path);
        continue;
      }
      if (!has_file(folder, "adapter_config.json")) {
        c.error("FR22", c.origin(key), "'{}' folder '{}' has no adapter_config.json", key, path);
      }
      if (key == "model.raw_peft" && !c.is_reranker() &&
          path_kind(folder + "/embedding/emb.pth") != PathKind::File) {
        c.error("FR22", c.origin(key), "'{}' folder '{}' has no embedding/emb.pth", key, path);
      }
    }
  }
}

void check_output_dir(Context& c) {
  const std::string* output = c.text("training.output_dir");
  if (!output || output->empty()) return;
  const PathKind kind = path_kind(*output);
  if (kind == PathKind::File || kind == PathKind::Other) {
    c.error("FR02", c.origin("training.output_dir"),
            "'training.output_dir' '{}' exists and is not a folder: the runner fails listing it",
            *output);
    return;
  }
  if (kind != PathKind::Folder || !c.flag("training.do_train")) return;
  if (!folder_has_entries(*output)) return;
  const auto transformers = c.config.runner->transformers;
  const bool five = transformers && *transformers >= Version{5, 0, 0};
  if (!five && c.flag("training.overwrite_output_dir")) return;
  auto& e = c.error("FR01", c.origin("training.output_dir"),
                    "'training.output_dir' '{}' is not empty and 'training.do_train' is true: {}",
                    *output,
                    five ? "FlagEmbedding's runner reads 'overwrite_output_dir', which "
                           "transformers 5 removed (AttributeError)"
                         : "the runner refuses it (ValueError) without "
                           "'training.overwrite_output_dir'");
  e.notes.push_back(c.where("training.do_train"));
  note(e, "start in an empty or new output_dir");
}

void check_resume(Context& c) {
  const std::string* resume = c.text("training.resume_from_checkpoint");
  if (!resume || resume->empty()) return;
  const PathKind kind = path_kind(*resume);
  if (kind != PathKind::Folder) {
    c.error("TA23", c.origin("training.resume_from_checkpoint"),
            "'training.resume_from_checkpoint' '{}' is not an existing checkpoint folder", *resume);
    return;
  }
  if (!has_file(*resume, "trainer_state.json") || !has_weights(*resume)) {
    c.error("TA24", c.origin("training.resume_from_checkpoint"), "checkpoint '{}' lacks {}",
            *resume,
            has_file(*resume, "trainer_state.json") ? "model weights" : "trainer_state.json");
  }
  if (!c.is_null("training.deepspeed")) {
    std::string error;
    const auto names = list_folder(*resume, error);
    bool found = false;
    if (names) {
      for (const std::string& name : *names)
        if (name.starts_with("global_step") && path_kind(*resume + "/" + name) == PathKind::Folder)
          found = true;
    }
    if (!found) {
      c.error("TA25", c.origin("training.resume_from_checkpoint"),
              "checkpoint '{}' has no global_step* folder, which resuming with DeepSpeed needs",
              *resume);
    }
  }
}

std::optional<std::int64_t> hidden_size(const Json& config) {
  for (const Json* c :
       {&config, config.contains("text_config") ? &config["text_config"] : nullptr}) {
    if (!c || !c->is_object()) continue;
    if (c->contains("hidden_size") && (*c)["hidden_size"].is_number_integer())
      return (*c)["hidden_size"].get<std::int64_t>();
    if (c->contains("hidden_sizes") && (*c)["hidden_sizes"].is_array() &&
        !(*c)["hidden_sizes"].empty() && (*c)["hidden_sizes"].back().is_number_integer())
      return (*c)["hidden_sizes"].back().get<std::int64_t>();
  }
  return std::nullopt;
}

}  // namespace

std::optional<Json> local_model_config(const Context& c) {
  const std::string* value = c.text("model.model_name_or_path");
  if (!value) return std::nullopt;
  const std::string folder = expand_home(*value);
  if (path_kind(folder) != PathKind::Folder) return std::nullopt;
  std::string error;
  const auto text = read_small_file(folder + "/config.json", error);
  if (!text) return std::nullopt;
  SourceLoc where;
  const auto parsed =
      read_json(*text, std::make_shared<const std::string>(folder + "/config.json"), error, where);
  if (!parsed || !parsed->value.is_object()) return std::nullopt;
  return parsed->value;
}

void check_paths(Context& c) {
  // Encoder-only runners load the tokenizer from the model folder whatever tokenizer_name says.
  const bool encoder = c.runner() == "embedder.encoder_only.base" ||
                       c.runner() == "embedder.encoder_only.m3" ||
                       c.runner() == "reranker.encoder_only.base";
  const bool separate_tokenizer = !encoder && c.text("model.tokenizer_name") != nullptr;
  check_model_path(c, "model.model_name_or_path", true, !separate_tokenizer);
  check_model_path(c, "model.config_name", false, false);
  check_model_path(c, "model.tokenizer_name", false, true);
  check_adapters(c);
  check_output_dir(c);
  check_resume(c);

  const auto config = local_model_config(c);
  if (!config) return;
  const auto size = hidden_size(*config);
  const Value* dims = c.value("training.mrl_dims");
  if (size && dims && c.flag("training.use_mrl")) {
    if (const auto* list = std::get_if<IntList>(dims)) {
      for (std::int64_t d : *list) {
        if (d > *size) {
          c.warning("FR08", c.origin("training.mrl_dims"),
                    "'training.mrl_dims' holds {}, above the model's hidden size {}: it is "
                    "clipped",
                    d, *size);
        }
      }
    }
  }
  if (c.runner() == "embedder.encoder_only.m3" && c.flag("training.unified_finetuning")) {
    const std::string folder = expand_home(*c.text("model.model_name_or_path"));
    if (!has_file(folder, "colbert_linear.pt") || !has_file(folder, "sparse_linear.pt")) {
      c.warning("FR18", c.origin("model.model_name_or_path"),
                "model folder has no colbert_linear.pt and sparse_linear.pt: unified fine-tuning "
                "starts those heads from random weights");
    }
  }
}

}  // namespace expcfg::preflight_checks
