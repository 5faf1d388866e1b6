#pragma once
/// A content hash of a resolved configuration, so that two runs with the same effective
/// configuration are recognisable:
///
///   $ expcfg hash configs/experiments/bge-large-en-v1.5.yaml
///   5d1f0c2e9a7b3c41
///
/// It covers the runner and every field's typed value (defaults included), so it does not
/// depend on how the layers were split into files, on key order or on float spelling
/// (`1e-5` and `0.00001` are one value). Credentials are left out: a token does not change it.

#include <string>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// The first 16 hex digits of the SHA-256 of a canonical text of the values.
std::string config_hash(const ResolvedConfig& config);

}  // namespace expcfg
