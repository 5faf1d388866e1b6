// The resolved configuration as YAML, written directly (no yaml-cpp emitter) so quoting and
// float spelling are exactly what round-trips.

#include <fmt/format.h>

#include "base/template_syntax.hpp"
#include "expcfg/emit.hpp"
#include "load/yaml_core.hpp"

namespace expcfg {
namespace {

bool is_indicator(char c) {
  return std::string_view("-?:,[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

/// Whether a plain scalar with this text would read back as the same string, in any YAML
/// reader (1.1 or 1.2): not a null, bool or number word, no structure characters.
bool can_be_plain(std::string_view text) {
  if (text.empty() || is_indicator(text.front()) || text.front() == ' ' || text.back() == ' ') {
    return false;
  }
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos ||
      text.back() == ':') {
    return false;
  }
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F ||
        std::string_view("{}[],").find(c) != std::string_view::npos) {
      return false;
    }
  }
  if (parse_core_scalar(text) || parse_bool_word(text)) return false;
  // YAML 1.1 readers also take y/n as bools and 0x1F, 0o17, 1_000, 1:30 as numbers; quote
  // anything that starts like a number.
  for (std::string_view word : {"y", "Y", "n", "N"}) {
    if (text == word) return false;
  }
  const std::size_t first = (text.front() == '+' || text.front() == '.') ? 1 : 0;
  if (first < text.size() && text[first] >= '0' && text[first] <= '9') return false;
  // .inf, .NaN and the like.
  if (text.front() == '.' && text.size() > 1 &&
      std::string_view("iInN").find(text[1]) != std::string_view::npos) {
    return false;
  }
  return true;
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

/// A value on the key's line (`: value`), or a block list on the lines after it.
struct Rendered {
  std::string inline_text;
  std::vector<std::string> items;  // block sequence entries, when not inline
};

template <class List, class Format>
Rendered render_list(const List& list, Format format) {
  Rendered out;
  if (list.empty()) {
    out.inline_text = "[]";
    return out;
  }
  for (const auto& item : list) out.items.push_back(format(item));
  return out;
}

/// Strings as a layer writes them: a literal `${` as `$${`, so that reading the layer back
/// does not take it for a reference (see interpolate.hpp).
std::string layer_string(const std::string& text) { return yaml_string(escape_template(text)); }

Json escaped_json(const Json& json) {
  if (json.is_string()) return escape_template(json.get_ref<const std::string&>());
  Json out = json;
  if (!out.is_structured()) return out;  // a number or bool iterates as itself
  for (auto& item : out) item = escaped_json(item);
  return out;
}

/// `escape`: write strings so that they read back as themselves; without it, as they are
/// (a value as written, with its references).
Rendered render(const Value& value, bool escape = true) {
  auto string = [escape](const std::string& s) {
    return escape ? layer_string(s) : yaml_string(s);
  };
  return std::visit(
      [&](const auto& v) -> Rendered {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, None>) {
          return {"null", {}};
        } else if constexpr (std::is_same_v<T, bool>) {
          return {v ? "true" : "false", {}};
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return {fmt::format("{}", v), {}};
        } else if constexpr (std::is_same_v<T, double>) {
          return {format_float(v), {}};
        } else if constexpr (std::is_same_v<T, std::string>) {
          return {string(v), {}};
        } else if constexpr (std::is_same_v<T, StringList>) {
          return render_list(v, string);
        } else if constexpr (std::is_same_v<T, IntList>) {
          return render_list(v, [](std::int64_t n) { return fmt::format("{}", n); });
        } else {
          // A mapping as one line of JSON: valid YAML flow, one unit like the value it is.
          const Json shown = escape && value_has_template(Value(v)) ? escaped_json(v) : v;
          return {shown.dump(-1, ' ', false, Json::error_handler_t::replace), {}};
        }
      },
      value);
}

}  // namespace

std::string yaml_flow(const Value& value) {
  const Rendered rendered = render(value);
  if (rendered.items.empty()) return rendered.inline_text;
  return fmt::format("[{}]", fmt::join(rendered.items, ", "));
}

std::string yaml_string(std::string_view text) {
  return can_be_plain(text) ? std::string(text) : double_quoted(text);
}

namespace {

/// A list's items as block entries, written straight into `out`: a 100,000-path list is not
/// first made into 100,000 rendered strings.
template <class List, class Format>
void write_items(std::string& out, std::string_view indent, const List& list, Format format) {
  for (const auto& item : list) {
    out += indent;
    out += "  - ";
    out += format(item);
    out += '\n';
  }
}

/// `  name: value  # origin` or `  name:  # origin` and the block entries of a list. A field of
/// a group (`slurm.partition`) is written as `partition:` one level deeper, under `slurm:`.
void write_field(std::string& out, std::string_view name, const Value& value, bool escape,
                 const std::string& comment) {
  const std::string_view group = field_group(name);
  const std::string_view indent = group.empty() ? "  " : "    ";
  if (!group.empty()) name.remove_prefix(group.size() + 1);
  const auto* strings = std::get_if<StringList>(&value);
  const auto* ints = std::get_if<IntList>(&value);
  if ((strings && !strings->empty()) || (ints && !ints->empty())) {
    out += fmt::format("{}{}:{}\n", indent, name, comment);
    if (strings) {
      write_items(out, indent, *strings, [escape](const std::string& item) {
        return escape ? layer_string(item) : yaml_string(item);
      });
    } else {
      write_items(out, indent, *ints, [](std::int64_t item) { return fmt::format("{}", item); });
    }
    return;
  }
  out += fmt::format("{}{}: {}{}\n", indent, name, render(value, escape).inline_text, comment);
}

/// About the dump's length, so that a long list's dump is not copied as the text grows.
std::size_t expected_size(const ResolvedConfig& config) {
  std::size_t size = 4096 + 96 * config.values.size();
  for (const Value& value : config.values) {
    if (const auto* list = std::get_if<StringList>(&value)) {
      for (const auto& item : *list) size += item.size() + 8;
    }
  }
  return size;
}

}  // namespace

std::string emit_yaml(const ResolvedConfig& config, const EmitOptions& options) {
  // The releases are in the header too: a --changed-only dump leaves out their defaults.
  std::string out = fmt::format(
      "# expcfg resolved configuration ({})\n# targets: transformers {}, FlagEmbedding {}\n"
      "# config hash: {}\n",
      config.runner->module,
      config.runner->transformers ? config.runner->transformers->text() : "(any)",
      config.flagembedding.text(), config_hash(config));
  out.reserve(expected_size(config));
  auto comment = [&](const std::string& label) {
    // A file name may hold a newline: a comment must stay one line.
    return options.show_origin ? fmt::format("  # {}", printable(label)) : std::string();
  };
  out += fmt::format("runner: {}{}\n", config.runner->name, comment(config.runner_origin.label()));
  for (Section section : kSections) {
    const std::size_t header = out.size();
    out += fmt::format("{}:\n", section_name(section));
    const std::size_t body = out.size();
    std::string_view group;  // the group whose `slurm:` line is written
    for (std::size_t i = 0; i < config.values.size(); ++i) {
      const FieldSpec& field = config.runner->fields[i];
      if (field.section != section) continue;
      bool as_written = false;  // a value as written is shown with its references as they are
      const Value& value = config.shown_value(i, options.resolve, as_written);
      // As written, `${env:X,2}` differs from a default of 2: the file says where it comes from.
      if (options.changed_only && value == field.default_value) continue;
      if (field_group(field.name) != group) {
        group = field_group(field.name);
        if (!group.empty()) out += fmt::format("  {}:\n", group);
      }
      write_field(out, field.name, value, /*escape=*/!as_written,
                  options.show_origin ? comment(config.origin_label(i)) : std::string());
    }
    if (out.size() == body) {  // no field: an empty mapping
      out.resize(header);
      out += fmt::format("{}: {{}}\n", section_name(section));
    }
  }
  return out;
}

}  // namespace expcfg
