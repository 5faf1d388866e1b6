#pragma once
// What `launch.transformers: auto` and `launch.flagembedding: auto` ask: the releases installed
// for the Python that will run the job, read from package metadata (nothing is imported, so it
// takes a Python start-up, not transformers' 15 s import).

#include <optional>
#include <string>

namespace expcfg {

/// The release of `package` installed for `python` ("4.57.6"); for FlagEmbedding, "source" when
/// the installed code has the transformers 5 fixes made after 1.4.0 although its metadata says
/// 1.4.0. nullopt with `error` set when Python cannot be run or the package is not installed.
/// Results are cached for the process: a sweep asks once.
std::optional<std::string> installed_release(const std::string& python, const std::string& package,
                                             std::string& error);

}  // namespace expcfg
