#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/sha256.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {
namespace {

/// Appends `text` as JSON, the same bytes as Json's compact dump: most strings need no escape
/// and are copied as they are (a sweep hashes every run, and a Json per string was most of it).
void append_json_string(std::string& out, const std::string& text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

void append_integer(std::string& out, std::int64_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(digits, end);
}

/// Appends `value` as its compact JSON (what to_json(value).dump() writes), without building
/// a Json for the common kinds.
void append_json(std::string& out, const Value& value) {
  if (is_none(value)) {
    out += "null";
  } else if (const auto* flag = std::get_if<bool>(&value)) {
    out += *flag ? "true" : "false";
  } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
    append_integer(out, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    append_json_string(out, *text);
  } else if (const auto* list = std::get_if<IntList>(&value)) {
    out += '[';
    for (std::size_t item = 0; item < list->size(); ++item) {
      if (item > 0) out += ',';
      append_integer(out, (*list)[item]);
    }
    out += ']';
  } else {  // floats (Json's shortest round-trip form) and JSON values
    out += to_json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

}  // namespace

std::string config_hash(const ResolvedConfig& config) {
  // Canonical form: one line per field, in declaration order, `section.field=<JSON value>`
  // (numbers in the shortest form that reads back), credentials as their placeholder.
  // Fed to the hash in pieces: a long list's text is never held whole.
  Sha256 hash;
  std::string text = fmt::format("runner={}\n", config.runner->name);
  text.reserve(1 << 14);
  auto flush = [&] {
    if (text.size() < (1 << 16)) return;
    hash.update(text);
    text.clear();
  };
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    // Where and when Slurm schedules the job (partition, time, ...) does not change the run.
    if (field.section == Section::Launch && field_group(field.name) == "slurm") continue;
    // A pointer, not `cond ? redact(...) : values[i]`, which would copy every value.
    Value redacted;
    const Value* shown = &config.values[i];
    if (holds_secrets(field)) {
      redacted = redact(field, config.values[i]);
      shown = &redacted;
    }
    // A value made from the start time or the commit enters as its template: the experiment
    // keeps its hash from one run to the next.
    if (const auto found = config.interpolations.find(i);
        !holds_secrets(field) && found != config.interpolations.end() && found->second.run_time) {
      shown = &found->second.written;
      text += "template:";
    }
    const Value& value = *shown;
    text += section_name(field.section);
    text += '.';
    text += field.name;
    text += '=';
    if (const auto* list = std::get_if<StringList>(&value)) {
      // Item by item: the same text as the list's JSON, without a JSON copy of a long list.
      text += '[';
      for (std::size_t item = 0; item < list->size(); ++item) {
        if (item > 0) text += ',';
        append_json_string(text, (*list)[item]);
        flush();
      }
      text += ']';
    } else {
      append_json(text, value);
    }
    text += '\n';
    flush();
  }
  hash.update(text);
  return hash.hex().substr(0, 16);
}

}  // namespace expcfg
