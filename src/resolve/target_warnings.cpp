// Warnings about the releases a configuration targets: pairs that cannot train, and
// attributes FlagEmbedding's runners read that the target release no longer has
// (preflight rules FR01, FR03, FR04, FR31).

#include <fmt/format.h>

#include "expcfg/resolve.hpp"

namespace expcfg {
namespace {

constexpr Version k5{5, 0, 0};

const Origin& origin_of(const ResolvedConfig& config, std::string_view key) {
  return config.origin(*config.index(key));
}

/// FlagEmbedding 1.4.0 and earlier on transformers 5: the run starts, then fails.
void warn_unfixed_flagembedding(const ResolvedConfig& config, Version transformers,
                                Diagnostics& diagnostics) {
  const FlagEmbeddingTarget& flagembedding = config.flagembedding;
  if (transformers < k5 || flagembedding.supports_transformers5()) return;
  auto& warning = diagnostics.warning(origin_of(config, "launch.transformers"),
                                      "FlagEmbedding {} cannot finish a run on transformers {}",
                                      flagembedding.text(), transformers.text());
  auto note = [&](std::string text) {
    warning.notes.push_back(Note{Origin::none(), std::move(text)});
  };
  const bool reranker = config.runner->name.starts_with("reranker.");
  if (reranker) {
    note(
        "its reranker runners pass 'tokenizer=' to the Trainer, which transformers 5 rejects: "
        "TypeError before training starts");
    note(
        "its reranker data collator calls 'tokenizer.prepare_for_model', which FlagEmbedding "
        "replaced for transformers 5 tokenizers (PRs #1571, #1593)");
  }
  note(
      "its trainers save checkpoints through 'Trainer.tokenizer', which transformers 5 removed: "
      "AttributeError at the first checkpoint (save_steps) or the final save");
  note(
      fmt::format("target transformers {} (the newest 4.x) with --transformers, or a FlagEmbedding "
                  "with PRs #1592, #1593 and #1595 (launch.flagembedding: source)",
                  kDefaultTransformers.text()));
}

/// FlagEmbedding 1.3.0 to 1.3.3 pin transformers==4.44.2 (setup.py): pip installs only that.
void warn_pinned_flagembedding(const ResolvedConfig& config, Version transformers,
                               Diagnostics& diagnostics) {
  const FlagEmbeddingTarget& flagembedding = config.flagembedding;
  if (flagembedding.source || flagembedding.release < Version{1, 3, 0} ||
      flagembedding.release > Version{1, 3, 3} || transformers == kOldestTransformers) {
    return;
  }
  diagnostics.warning(origin_of(config, "launch.flagembedding"),
                      "FlagEmbedding {} requires transformers {} exactly, not {}",
                      flagembedding.text(), kOldestTransformers.text(), transformers.text());
}

/// FlagEmbedding's runners refuse a non-empty output_dir unless `overwrite_output_dir`, an
/// attribute transformers 5 no longer has.
void warn_overwrite_output_dir(const ResolvedConfig& config, Version transformers,
                               Diagnostics& diagnostics) {
  const auto do_train = config.index("training.do_train");
  if (transformers < k5 || !do_train || config.values[*do_train] != Value(true)) return;
  diagnostics
      .warning(config.origin(*do_train),
               "with 'training.do_train' true, FlagEmbedding's runner reads "
               "'overwrite_output_dir', which transformers {} does not have",
               transformers.text())
      .notes.push_back(Note{Origin::none(),
                            "if 'training.output_dir' exists and is not empty when the run "
                            "starts, it fails with AttributeError before training; start in an "
                            "empty or new output_dir"});
}

void warn_unknown_release(const ResolvedConfig& config, Version transformers,
                          Diagnostics& diagnostics) {
  if (transformers <= kNewestKnownTransformers) return;
  diagnostics.warning(origin_of(config, "launch.transformers"),
                      "expcfg knows transformers up to {}: {} is taken to have its fields",
                      kNewestKnownTransformers.text(), transformers.text());
}

}  // namespace

void warn_about_targets(const ResolvedConfig& config, Diagnostics& diagnostics) {
  if (!config.runner->transformers) return;
  const Version transformers = *config.runner->transformers;
  warn_unknown_release(config, transformers, diagnostics);
  warn_pinned_flagembedding(config, transformers, diagnostics);
  warn_unfixed_flagembedding(config, transformers, diagnostics);
  warn_overwrite_output_dir(config, transformers, diagnostics);
}

}  // namespace expcfg
