#include "resolve/mapping_merge.hpp"

#include <fmt/format.h>

#include "base/limits.hpp"
#include "base/template_syntax.hpp"
#include "load/yaml_core.hpp"
#include "load/yaml_tree.hpp"

namespace expcfg {
namespace {

/// "training.deepspeed.zero_optimization.stage"
std::string dotted(const FieldSpec& field, const std::vector<std::string>& keys,
                   std::size_t count) {
  std::string out = field.key();
  for (std::size_t i = 0; i < count && i < keys.size(); ++i) out += "." + keys[i];
  return out;
}

bool fully_quoted(std::string_view text) {
  return text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
         text.back() == text.front();
}

/// A --set's text as YAML flow: `2` is a number, `{a: 1}` a mapping.
std::optional<Json> parse_flow(const std::string& text, const std::string& key,
                               const Origin& origin, Diagnostics& diagnostics) {
  const ParsedYaml parsed = parse_yaml(text);
  if (parsed.error) {
    diagnostics.error(origin, "invalid YAML value for '{}': {}", key, parsed.error->message);
    return std::nullopt;
  }
  if (parsed.documents > 1) {
    diagnostics.error(origin, "expected one YAML value for '{}', found {} documents", key,
                      parsed.documents);
    return std::nullopt;
  }
  const YamlNode root = parsed.root();
  if (root.is_null()) return Json();
  if (root.is_scalar()) {
    if (!root.is_plain()) return Json(std::string(root.scalar()));
    return parse_core_scalar(root.scalar()).value_or(Json(std::string(root.scalar())));
  }
  return yaml_to_json(root, nullptr, origin, key, diagnostics);
}

bool report_missing_key(const FieldSpec& field, const Json& mapping,
                        const std::vector<std::string>& keys, std::size_t depth,
                        const Origin& origin, Diagnostics& diagnostics) {
  auto& error = diagnostics.error(origin, "cannot remove '{}': '{}' has no key '{}'",
                                  dotted(field, keys, keys.size()), dotted(field, keys, depth),
                                  excerpt(keys[depth]));
  std::vector<std::string> names;
  for (const auto& item : mapping.items()) names.push_back(item.key());
  suggest(error, keys[depth], {names.begin(), names.end()});
  error.notes.push_back(
      Note{Origin::none(),
           names.empty()
               ? std::string("it is empty")
               : fmt::format("its keys: {}", excerpt(fmt::format("{}", fmt::join(names, ", "))))});
  return false;
}

}  // namespace

bool merges_by_key(const FieldSpec& field) {
  return field.kind == Kind::Mapping || field.kind == Kind::MappingOrString ||
         field.kind == Kind::Environment;
}

void merge_mapping(Json& into, const Json& update) {
  for (const auto& item : update.items()) {
    auto found = into.find(item.key());
    if (found != into.end() && found->is_object() && item.value().is_object()) {
      merge_mapping(*found, item.value());
    } else {
      into[item.key()] = item.value();
    }
  }
}

std::optional<Json> decode_key_value(const FieldSpec& field, const Entry& entry,
                                     const std::vector<std::string>& keys,
                                     Diagnostics& diagnostics) {
  const std::string key = dotted(field, keys, keys.size());
  if (field.kind == Kind::Environment) {
    // Environment values are strings, read as they are written (`OMP_NUM_THREADS: 8` is "8").
    if (keys.size() != 1 || !is_name(keys[0], false)) {
      diagnostics.error(entry.origin, "'{}' is not an environment variable name in '{}'",
                        excerpt(fmt::format("{}", fmt::join(keys, "."))), field.key());
      return std::nullopt;
    }
    if (entry.set_text) {
      const std::string& text = *entry.set_text;
      return Json(fully_quoted(text) ? text.substr(1, text.size() - 2) : text);
    }
    if (entry.words && entry.words->shape == Words::Shape::One && !entry.words->items.empty()) {
      return Json(entry.words->items.front());
    }
    const YamlNode node = YamlNode::of(entry);
    if (node.is_scalar() && !node.is_null()) return Json(std::string(node.scalar()));
    diagnostics.error(node.is_null() ? entry.origin : node.origin(entry.origin.loc.file),
                      "expected a string for '{}', got {}", key, describe(node));
    return std::nullopt;
  }
  if (entry.set_text) return parse_flow(*entry.set_text, key, entry.origin, diagnostics);
  if (entry.words) {
    if (entry.words->shape == Words::Shape::One && !entry.words->items.empty()) {
      return Json(entry.words->items.front());
    }
    diagnostics.error(entry.origin, "expected one value for '{}'", key);
    return std::nullopt;
  }
  const YamlNode node = YamlNode::of(entry);
  if (node.is_null()) return Json();
  if (node.is_scalar()) {
    if (!node.is_plain()) return Json(std::string(node.scalar()));
    return parse_core_scalar(node.scalar()).value_or(Json(std::string(node.scalar())));
  }
  return yaml_to_json(node, entry.origin.loc.file, entry.origin, key, diagnostics);
}

bool apply_key_entry(const FieldSpec& field, Value& current, const std::vector<std::string>& keys,
                     const std::optional<Json>& value, const Origin& origin,
                     const Origin& current_origin, Diagnostics& diagnostics) {
  if (keys.size() > limits::kMaxNestingDepth) {
    diagnostics.error(origin, "'{}' names more than {} levels of keys", field.key(),
                      limits::kMaxNestingDepth);
    return false;
  }
  if (is_none(current)) current = Json::object();
  Json* node = std::get_if<Json>(&current);
  if (!node) {
    // A file path (`deepspeed: ds.json`) or a `${...}` has no keys to reach into.
    auto& error =
        diagnostics.error(origin, "cannot {} a key of '{}': it holds the string '{}'",
                          value ? "set" : "remove", field.key(), excerpt(value_text(current)));
    if (current_origin.kind != Origin::Kind::Default) {
      error.notes.push_back(Note{current_origin, fmt::format("'{}' was set here", field.key())});
    }
    error.notes.push_back(Note{Origin::none(), fmt::format("set the whole mapping instead: --set "
                                                           "'{}={{...}}'",
                                                           field.key())});
    return false;
  }
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    auto found = node->find(keys[i]);
    if (found == node->end()) {
      if (!value) return report_missing_key(field, *node, keys, i, origin, diagnostics);
      node = &((*node)[keys[i]] = Json::object());
    } else if (!found->is_object()) {
      diagnostics.error(origin, "cannot {} a key of '{}': it holds {}, not a mapping",
                        value ? "set" : "remove", dotted(field, keys, i + 1),
                        excerpt(found->dump()));
      return false;
    } else {
      node = &*found;
    }
  }
  if (value) {
    (*node)[keys.back()] = *value;
    return true;
  }
  if (node->erase(keys.back()) == 0) {
    return report_missing_key(field, *node, keys, keys.size() - 1, origin, diagnostics);
  }
  return true;
}

std::string merge_rule(const FieldSpec& field) {
  const std::string key = field.key();
  const std::string name = std::string(field.name);
  if (merges_by_key(field)) {
    std::string rule = fmt::format(
        "a later layer's mapping updates it key by key{}; '{}!:' (--set '{}!=...') replaces it "
        "whole; --set {}.KEY=VALUE and --unset {}.KEY reach one key",
        field.kind == Kind::Environment ? "" : " (nested mappings too)", name, key, key, key);
    if (field.kind == Kind::MappingOrString) rule += "; a string (a file path) replaces it whole";
    return rule;
  }
  if (field.kind == Kind::Strings || field.kind == Kind::Ints) {
    return fmt::format("a later value replaces the list whole; '{}+:' (--set '{}+=[...]') appends",
                       name, key);
  }
  return "a later value replaces it";
}

}  // namespace expcfg
