// The field catalogue: the field tables as a list a person can scan or a script can read.

#include "emit/field_catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "expcfg/emit.hpp"

namespace expcfg {
namespace {

/// Table cells longer than this are cut (a default such as a long instruction).
constexpr std::size_t kMaxDefaultWidth = 24;
constexpr std::size_t kMaxHelpWidth = 80;

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

/// `text` cut to `width` bytes with "..." (on a UTF-8 character boundary).
std::string cut(std::string_view text, std::size_t width) {
  if (text.size() <= width) return std::string(text);
  std::size_t end = width - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

std::string default_text(const FieldSpec& field) {
  return field.required ? std::string("required")
                        : cut(yaml_flow(field.default_value), kMaxDefaultWidth);
}

}  // namespace

std::vector<const FieldSpec*> catalogue_fields(const RunnerSchema& runner,
                                               const CatalogueFilter& filter) {
  const std::string word = lowered(filter.word);
  std::vector<const FieldSpec*> fields;
  for (const FieldSpec& field : runner.fields) {
    if (filter.section && field.section != *filter.section) continue;
    if (!word.empty() && lowered(field.key()).find(word) == std::string::npos &&
        lowered(field.help).find(word) == std::string::npos) {
      continue;
    }
    fields.push_back(&field);
  }
  return fields;
}

std::string field_type_text(const FieldSpec& field) {
  return fmt::format("{}{}", kind_name(field.kind), field.nullable ? " or null" : "");
}

/// Whether the period at `help[i]` ends a sentence: it ends a word, and the word is not an
/// abbreviation with periods inside ("e.g.", "i.e.").
bool ends_sentence(std::string_view help, std::size_t i) {
  if (i + 1 < help.size() && help[i + 1] != ' ') return false;
  const std::size_t word = help.find_last_of(' ', i);
  const std::string_view last = help.substr(word == std::string_view::npos ? 0 : word + 1);
  return last.substr(0, last.size() - (help.size() - i)).find('.') == std::string_view::npos;
}

std::string help_line(const FieldSpec& field) {
  std::string_view help = field.help;
  // The first sentence: up to a period that ends it, or the end of the first line.
  for (std::size_t i = 0; i < help.size(); ++i) {
    if (help[i] == '\n' || (help[i] == '.' && ends_sentence(help, i))) {
      help = help.substr(0, help[i] == '.' ? i + 1 : i);
      break;
    }
  }
  return cut(help, kMaxHelpWidth);
}

std::string catalogue_text(const RunnerSchema& runner, const std::vector<const FieldSpec*>& fields,
                           const CatalogueFilter& filter) {
  std::string heading = fmt::format("{}", runner.name);
  if (runner.transformers) heading += fmt::format(", transformers {}", runner.transformers->text());
  heading += fmt::format(": {} of {} fields", fields.size(), runner.fields.size());
  if (filter.section) heading += fmt::format(" in '{}'", section_name(*filter.section));
  if (!filter.word.empty()) heading += fmt::format(" matching '{}'", excerpt(filter.word));

  std::size_t key_width = 3, type_width = 4, default_width = 7;
  for (const FieldSpec* field : fields) {
    key_width = std::max(key_width, field->key().size());
    type_width = std::max(type_width, field_type_text(*field).size());
    default_width = std::max(default_width, default_text(*field).size());
  }
  std::string out = heading + "\n";
  auto row = [&](std::string_view key, std::string_view type, std::string_view value,
                 std::string_view help) {
    std::string line = fmt::format("{:<{}}  {:<{}}  {:<{}}  {}", key, key_width, type, type_width,
                                   value, default_width, help);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  row("KEY", "TYPE", "DEFAULT", "HELP");
  for (const FieldSpec* field : fields) {
    row(field->key(), field_type_text(*field), default_text(*field), help_line(*field));
  }
  return out;
}

Json catalogue_json(const RunnerSchema& runner, const std::vector<const FieldSpec*>& fields) {
  Json rows = Json::array();
  for (const FieldSpec* field : fields) {
    Json choices = Json::array();
    for (std::string_view choice : field->choices) choices.push_back(std::string(choice));
    rows.push_back(
        Json{{"key", field->key()},
             {"section", std::string(section_name(field->section))},
             {"name", std::string(field->name)},
             {"type", std::string(kind_name(field->kind))},
             {"nullable", field->nullable},
             {"required", field->required},
             {"default", field->required ? Json(nullptr) : to_json(field->default_value)},
             {"choices", std::move(choices)},
             {"help", std::string(field->help)}});
  }
  return Json{
      {"runner", std::string(runner.name)},
      {"transformers", runner.transformers ? Json(runner.transformers->text()) : Json(nullptr)},
      {"fields", std::move(rows)}};
}

}  // namespace expcfg
