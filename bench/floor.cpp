// The floor: what "read base + experiment + override, apply two overrides, print the resolved
// YAML" costs with plain yaml-cpp and no schema. expcfg's dump is measured against it.
//   expcfg_floor FILE... [--set dotted.key=value]...
// Files are merged in order (mappings recursively, anything else replaced); `extends` is
// followed like expcfg does, so the example stack reads the same files.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {

void merge(YAML::Node into, const YAML::Node& from) {
  for (const auto& item : from) {
    const std::string key = item.first.as<std::string>();
    if (item.second.IsMap() && into[key].IsMap()) {
      merge(into[key], item.second);
    } else {
      into[key] = item.second;
    }
  }
}

/// A file after the files it extends (depth first, each once).
void load(const std::filesystem::path& file, std::set<std::filesystem::path>& seen,
          YAML::Node& merged) {
  const auto canonical = std::filesystem::weakly_canonical(file);
  if (!seen.insert(canonical).second) return;
  YAML::Node node = YAML::LoadFile(file.string());
  if (const YAML::Node extends = node["extends"]) {
    auto base = [&](const YAML::Node& path) {
      load(file.parent_path() / path.as<std::string>(), seen, merged);
    };
    if (extends.IsSequence()) {
      for (const auto& path : extends) base(path);
    } else {
      base(extends);
    }
    node.remove("extends");
  }
  merge(merged, node);
}

void set_dotted(YAML::Node root, const std::string& assignment) {
  const std::size_t equals = assignment.find('=');
  const std::string key = assignment.substr(0, equals);
  const std::size_t dot = key.find('.');
  root[key.substr(0, dot)][key.substr(dot + 1)] = YAML::Load(assignment.substr(equals + 1));
}

}  // namespace

int main(int argc, char** argv) {
  YAML::Node merged(YAML::NodeType::Map);
  std::set<std::filesystem::path> seen;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      if (word == "--set" && i + 1 < argc) {
        set_dotted(merged, argv[++i]);
      } else {
        load(word, seen, merged);
      }
    }
  } catch (const YAML::Exception& e) {
    std::cerr << "floor: " << e.what() << "\n";
    return 1;
  }
  YAML::Emitter out;
  out << merged;
  std::cout << out.c_str() << "\n";
  return 0;
}
