// The resolved configuration as JSON, for scripts.

#include "expcfg/emit.hpp"

namespace expcfg {

std::string emit_json(const ResolvedConfig& config, const EmitOptions& options) {
  Json root = Json::object();
  root["runner"] = config.runner->name;
  Json origins = Json::object();
  for (Section section : kSections) {
    Json fields = Json::object();
    for (std::size_t i = 0; i < config.values.size(); ++i) {
      const FieldSpec& field = config.runner->fields[i];
      if (field.section != section) continue;
      if (options.changed_only && config.values[i] == field.default_value) continue;
      bool as_written = false;
      // A group's fields nest as in YAML: {"slurm": {"partition": ...}}.
      const std::string_view group = field_group(field.name);
      Json& place = group.empty() ? fields : fields[std::string(group)];
      place[std::string(field.name.substr(group.empty() ? 0 : group.size() + 1))] =
          to_json(config.shown_value(i, options.resolve, as_written));
      origins[field.key()] = config.origin_label(i);
    }
    root[std::string(section_name(section))] = std::move(fields);
  }
  if (options.show_origin) root["origins"] = std::move(origins);
  // A file name need not be UTF-8: such bytes print as U+FFFD rather than throwing.
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace expcfg
