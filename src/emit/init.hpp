#pragma once
/// `expcfg init`: a commented experiment file to start from.
///
///   runner: embedder.encoder_only.base
///   model:
///     # The model checkpoint for initialization.
///     model_name_or_path:  # required: fill this in
///     # Pretrained config name or path if not the same as model_name_or_path
///     # config_name: null

#include <string>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// Every field of `config`'s runner, section by section, with its help as a comment. Written
/// out (uncommented) come the fields that matter most for a run (model, data, output folder,
/// learning rate, epochs, batch size, temperature, pooling) and every value that differs from
/// its default; the others follow commented out at their defaults. `source` names where the
/// values came from, for the header ("" for defaults only).
std::string init_file(const ResolvedConfig& config, const std::string& source);

}  // namespace expcfg
