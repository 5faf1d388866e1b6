// Data checks: every train_data entry expanded the way FlagEmbedding's datasets do (a file,
// or the .json/.jsonl files directly in a folder), each record read once and held against
// what the runner will do with it (FD01-FD32 in docs/preflight.md).

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "preflight/context.hpp"
#include "preflight/disk.hpp"
#include "preflight/preflight.hpp"
#include "preflight/record_checks.hpp"

namespace expcfg::preflight_checks {
namespace {

bool json_name(std::string_view name) {
  return name.ends_with(".json") || name.ends_with(".jsonl");
}

void report(Context& context, const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    Diagnostic& d = f.warning ? context.warning(f.rule, Origin::file(f.loc), "{}", f.message)
                              : context.error(f.rule, Origin::file(f.loc), "{}", f.message);
    for (const std::string& n : f.notes) note(d, n);
    if (f.more > 0) note(d, fmt::format("and {} more like it in this file", f.more));
  }
}

}  // namespace

DataSummary check_data(Context& context) {
  DataSummary summary;
  const Value* value = context.value("data.train_data");
  const auto* entries = value ? std::get_if<StringList>(value) : nullptr;
  if (!entries) return summary;
  const Origin& origin = context.origin("data.train_data");
  // A list built with `+` is blamed on its last part: name every part, to find the entry.
  const std::string parts = context.config.origin_label(*context.config.index("data.train_data"));
  auto locate = [&](Diagnostic& diagnostic) {
    if (parts.find(" + ") != std::string::npos)
      note(diagnostic, fmt::format("'data.train_data' is built from {}", parts));
  };
  const bool same_dataset = context.flag("data.same_dataset_within_batch");
  Settings settings;
  settings.distill = context.flag("data.knowledge_distillation");
  settings.same_dataset = same_dataset;
  settings.icl = context.runner() == "embedder.decoder_only.icl";
  settings.reranker = context.is_reranker();
  settings.group = context.integer("data.train_group_size").value_or(1);
  settings.sample = context.options.sample;
  const std::int64_t cap = context.integer("data.max_example_num_per_dataset").value_or(INT64_MAX);
  const std::int64_t per_device =
      context.integer("training.per_device_train_batch_size").value_or(1);
  const std::int64_t small_threshold = context.integer("data.small_threshold").value_or(0);
  const std::int64_t drop_threshold = context.integer("data.drop_threshold").value_or(0);

  // Sampling checks fewer records but still counts them all: the batch arithmetic holds.
  summary.complete = true;
  struct Checked {
    DataFile file;
    std::unique_ptr<FileResult> check;
  };
  std::vector<Checked> checked;

  for (std::size_t i = 0; i < entries->size(); ++i) {
    const std::string& entry = (*entries)[i];
    std::string error;
    const PathKind kind = path_kind(entry, &error);
    // The no_in_batch_neg marker: a folder path ending so, or a file's name before its extension.
    const auto dot = entry.rfind('.');
    const std::string stem = dot == std::string::npos ? entry : entry.substr(0, dot);
    std::string trimmed = entry;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    if (!same_dataset &&
        (trimmed.ends_with("no_in_batch_neg") || stem.ends_with("no_in_batch_neg"))) {
      auto& w = context.warning("FD22", origin,
                                "'{}' is marked no_in_batch_neg, which only "
                                "'data.same_dataset_within_batch' reads: it trains with in-batch "
                                "negatives",
                                entry);
      w.notes.push_back(context.where("data.same_dataset_within_batch"));
      locate(w);
    }
    if (same_dataset && kind == PathKind::Folder && trimmed != entry &&
        trimmed.ends_with("no_in_batch_neg")) {
      context.warning("FD23", origin,
                      "'{}' ends with '/': FlagEmbedding sees no no_in_batch_neg marker and "
                      "trains it with in-batch negatives",
                      entry);
    }
    if (kind == PathKind::Missing) {
      summary.complete = false;
      auto& e = context.error("FD01", origin, "data file or folder '{}' does not exist", entry);
      note(e, "paths are relative to the folder the run starts in (here, the current folder)");
      locate(e);
      continue;
    }
    if (kind == PathKind::Other) {
      summary.complete = false;
      context.error("FD05", origin, "data path '{}' is not a regular file or folder", entry);
      continue;
    }
    if (kind == PathKind::File) {
      if (!json_name(entry)) {
        context.warning("FD02", origin,
                        "'{}' does not end in .json or .jsonl: FlagEmbedding skips it", entry);
        continue;
      }
      DataFile file;
      file.path = entry;
      file.entry = i;
      file.no_in_batch_neg = stem.ends_with("no_in_batch_neg");
      checked.push_back({file, nullptr});
      continue;
    }
    std::string list_error;
    const auto names = list_folder(entry, list_error);
    if (!names) {
      summary.complete = false;
      context.error("FD01", origin, "cannot list data folder '{}': {}", entry, list_error);
      continue;
    }
    std::vector<std::string> ignored;
    for (const std::string& name : *names) {
      const std::string path = entry + (entry.ends_with('/') ? "" : "/") + name;
      const PathKind child = path_kind(path);
      if (!json_name(name) || child == PathKind::Folder) {
        ignored.push_back(name + (child == PathKind::Folder ? "/" : ""));
        continue;
      }
      DataFile file;
      file.path = path;
      file.entry = i;
      file.in_folder = true;
      file.no_in_batch_neg = entry.ends_with("no_in_batch_neg");
      checked.push_back({file, nullptr});
    }
    if (!ignored.empty()) {
      std::string shown;
      for (std::size_t k = 0; k < ignored.size() && k < 5; ++k)
        shown += (k ? ", " : "") + ignored[k];
      if (ignored.size() > 5) shown += fmt::format(", ... ({} in all)", ignored.size());
      auto& w = context.warning("FD03", origin,
                                "FlagEmbedding reads only the .json and .jsonl files directly in "
                                "'{}' and ignores: {}",
                                entry, shown);
      note(w, "list subfolders as entries of 'data.train_data' to train on them");
    }
  }

  // Read every file; each reports its own problems.
  for (Checked& item : checked) {
    item.check = std::make_unique<FileResult>(check_file(item.file.path, settings));
    if (!item.check->readable) {
      summary.complete = false;
      context.error("FD05", origin, "cannot read data file '{}': {}", item.file.path,
                    item.check->read_error);
      continue;
    }
    report(context, item.check->findings);
    if (item.check->broken) summary.complete = false;
    item.file.records = std::min(item.check->records, cap);
  }

  // Across files: columns datasets cannot concatenate, a prompt some files lack.
  std::map<std::string, std::pair<std::string, const Checked*>> types;
  std::vector<const Checked*> without_prompt;
  bool any_prompt = false;
  for (const Checked& item : checked) {
    if (!item.check || !item.check->readable || item.check->records == 0) continue;
    for (const Column& c : item.check->columns) {
      if (!settings.distill && (c.key == "pos_scores" || c.key == "neg_scores")) continue;
      const std::string type = column_type(c.kinds, c.items);
      if (type.empty()) continue;
      // Mixed types in the keys the runner reads are already reported per record.
      const bool read_by_runner = c.key == "query" || c.key == "pos" || c.key == "neg" ||
                                  c.key == "pos_scores" || c.key == "neg_scores";
      if (type == "mixed" && read_by_runner) continue;
      if (type == "mixed") {
        context.error("FD16",
                      Origin::file(SourceLoc{std::make_shared<const std::string>(item.file.path),
                                             c.first_line, 1}),
                      "column '{}' holds values of different types in this file", c.key);
        continue;
      }
      auto [it, fresh] = types.try_emplace(c.key, type, &item);
      if (!fresh && it->second.first != type) {
        auto& e = context.error(
            "FD16",
            Origin::file(
                SourceLoc{std::make_shared<const std::string>(item.file.path), c.first_line, 1}),
            "column '{}' is {} here but {} in '{}': datasets cannot join the files", c.key, type,
            it->second.first, it->second.second->file.path);
        (void)e;
      }
    }
    if (item.check->column("prompt"))
      any_prompt = true;
    else
      without_prompt.push_back(&item);
  }
  if (any_prompt && !without_prompt.empty()) {
    auto& w = context.warning("FD17", origin,
                              "some data files have a 'prompt' column and '{}' has not: its "
                              "records get the prompt \"None\"",
                              without_prompt.front()->file.path);
    if (without_prompt.size() > 1) note(w, fmt::format("{} files lack it", without_prompt.size()));
  }

  // m3_kd_loss indexes in-batch columns that a no_in_batch_neg batch's scores do not have.
  const std::string* kd_loss = context.text("training.kd_loss_type");
  if (settings.distill && same_dataset && per_device > 1 && kd_loss && *kd_loss == "m3_kd_loss") {
    for (const Checked& item : checked) {
      if (!item.file.no_in_batch_neg || !item.check || !item.check->column("pos_scores")) continue;
      auto& e = context.error("FR19", context.origin("training.kd_loss_type"),
                              "'m3_kd_loss' with distillation scores in the no_in_batch_neg set "
                              "'{}': the loss indexes in-batch columns its scores lack (index out "
                              "of range)",
                              item.file.path);
      note(e, "use 'kl_div' for such sets, or drop their pos_scores/neg_scores");
      break;
    }
  }

  // Counting batches.
  std::int64_t total = 0;
  const bool drop_last = context.flag("training.dataloader_drop_last");
  const std::int64_t w = context.world_size;
  std::int64_t batches = 0;
  struct SmallGroup {
    std::int64_t records = 0;
    std::int64_t batch = 0;
    std::int64_t files = 0;
  };
  std::map<std::size_t, SmallGroup> small;
  // Same-dataset mode: whole batches of `batch` records on each of the w processes.
  auto file_batches = [&](const std::string& name, std::int64_t n, std::int64_t batch) {
    if (batch <= 0) return std::int64_t{0};
    if (n < product(batch, w)) {
      context.warning("FD20", origin,
                      "'{}' has {} records, fewer than one batch of {} x {} processes: it is "
                      "never trained on",
                      name, n, batch, w);
      return std::int64_t{0};
    }
    return n / product(batch, w);
  };
  for (Checked& item : checked) {
    if (!item.check || !item.check->readable) continue;
    const FileResult& check = *item.check;
    const std::int64_t n = item.file.records;
    if (n == 0) continue;
    total += n;
    if (!same_dataset) continue;
    std::int64_t batch = per_device;
    const bool symmetric =
        check.has_type && check.first_type.find("symmetric") != std::string::npos;
    if (check.batch_size) {
      batch = *check.batch_size;
    } else if (symmetric) {
      batch = per_device / 2;
      if (batch == 0) {
        context
            .error(
                "FD19",
                Origin::file(SourceLoc{std::make_shared<const std::string>(item.file.path), 1, 1}),
                "a '{}' file halves the batch size, and 'training.per_device_train_batch_size' "
                "is 1: range step of zero",
                check.first_type)
            .notes.push_back(context.where("training.per_device_train_batch_size"));
        continue;
      }
    }
    item.file.batch = batch;
    item.file.symmetric = symmetric;
    if (n < small_threshold) {
      if (item.file.in_folder) {
        // A folder's small files are merged, with their smallest batch, and the merge is
        // dropped when it holds fewer than drop_threshold records.
        SmallGroup& group = small[item.file.entry];
        group.records += n;
        group.batch = group.batch == 0 ? batch : std::min(group.batch, batch);
        group.files += 1;
      } else {
        context.warning("FD20", origin,
                        "'{}' has {} records, under 'data.small_threshold' ({}): it is never "
                        "trained on",
                        item.file.path, n, small_threshold);
      }
      continue;
    }
    batches += file_batches(item.file.path, n, batch);
  }
  for (const auto& [entry, group] : small) {
    const std::string& folder = (*entries)[entry];
    if (group.records < drop_threshold) {
      context.warning("FD20", origin,
                      "the {} files of '{}' under 'data.small_threshold' ({}) hold {} records "
                      "together, under 'data.drop_threshold' ({}): they are never trained on",
                      group.files, folder, small_threshold, group.records, drop_threshold);
    } else {
      batches += file_batches(folder + " (its small files merged)", group.records, group.batch);
    }
  }
  summary.same_dataset_batches = batches;
  summary.records = total;
  for (Checked& item : checked) summary.files.push_back(item.file);

  if (total == 0 && summary.complete && !checked.empty()) {
    if (checked.size() == 1) {
      context.error("FD30", origin, "the only data file, '{}', holds no records",
                    checked.front().file.path);
    } else {
      context.error("FD04", origin, "no data file yields a record");
    }
  } else if (total == 0 && checked.empty() && summary.complete) {
    context.error("FD04", origin, "no entry of 'data.train_data' names a .json or .jsonl file");
  } else if (summary.complete) {
    if (!same_dataset && drop_last && total < product(per_device, w)) {
      context.warning("FD32", origin,
                      "{} records make no full batch of {} x {} processes with "
                      "'training.dataloader_drop_last': no training step",
                      total, per_device, w);
    } else if (same_dataset && batches == 0) {
      context.warning("FD32", origin, "no data file fills one batch: no training step");
    }
    if (context.is_reranker() && !drop_last && per_device > 0 && (total / w) % per_device != 0) {
      context.warning("FD27", origin,
                      "{} records per process are not a multiple of "
                      "'training.per_device_train_batch_size' ({}): the last batch of each epoch "
                      "breaks the reranker's score reshape",
                      total / w, per_device);
    }
  }
  if (same_dataset && !context.is_reranker() &&
      context.is_null("data.query_instruction_for_retrieval")) {
    for (const Checked& item : checked) {
      if (item.check && item.check->readable && item.check->records > 0 &&
          !item.check->column("prompt")) {
        context.warning("FD21", origin,
                        "'{}' has no 'prompt' and 'data.query_instruction_for_retrieval' is "
                        "unset: its queries are prefixed with \"None\"",
                        item.file.path);
      }
    }
  }
  return summary;
}

}  // namespace expcfg::preflight_checks
