#include "expcfg/resolve.hpp"

namespace expcfg {

ResolvedConfig load_config(const std::vector<std::string>& files, std::vector<Entry> overrides,
                           FileSystem& file_system, Diagnostics& diagnostics,
                           const ResolveOptions& options) {
  std::vector<Layer> layers = load_layers(files, file_system, diagnostics, options.config_dirs);
  layers.push_back(override_layer(std::move(overrides)));
  return resolve(layers, diagnostics, options);
}

}  // namespace expcfg
