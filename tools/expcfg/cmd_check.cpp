// `expcfg check`: validate only; silent on success. `--preflight` also reads what the
// configuration names (DeepSpeed JSON, data, model folder, output_dir, checkpoint).

#include "commands.hpp"
#include "preflight/preflight.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {

namespace {
struct CheckOptions {
  bool preflight = false;
  std::size_t sample = 0;
  std::string format = "text";
  bool show_deepspeed = false;
};
}  // namespace

std::function<int()> add_check_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("check", "Validate a layered configuration; silent when valid");
  auto options = std::make_shared<StackOptions>();
  options->add_to(*command);
  auto check = std::make_shared<CheckOptions>();
  command->add_flag("--preflight", check->preflight,
                    "Also read the files the configuration names (DeepSpeed JSON, train_data, "
                    "model folder, output_dir, checkpoint) and check them as the run would");
  command->add_option("--sample", check->sample,
                      "With --preflight: check only the first N records of each data file "
                      "(the rest are counted)");
  command->add_option("--format", check->format, "Output format of the problems")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_flag("--show-deepspeed", check->show_deepspeed,
                    "With --preflight: print the DeepSpeed config with every \"auto\" the Trainer "
                    "fills resolved");
  return [command, options, check] {
    Diagnostics diagnostics;
    const ResolvedConfig config = options->resolve(*command, diagnostics);
    if (!diagnostics.has_errors()) warn_about_targets(config, diagnostics);
    PreflightReport report_data;
    const bool run_preflight = check->preflight || check->show_deepspeed || check->sample > 0;
    if (run_preflight && !diagnostics.has_errors()) {
      report_data = preflight(config, PreflightOptions{check->sample}, diagnostics);
    }
    if (check->format == "json") {
      Json out;
      out["diagnostics"] = diagnostics_json(diagnostics);
      if (run_preflight) {
        out["deepspeed"] = report_data.deepspeed;
        out["records"] = report_data.records ? Json(*report_data.records) : Json(nullptr);
      }
      fmt::print("{}\n", out.dump(2, ' ', false, Json::error_handler_t::replace));
      return exit_status(diagnostics);
    }
    const int status = report(diagnostics);
    if (check->show_deepspeed && status == 0 && !report_data.deepspeed.is_null()) {
      fmt::print("{}\n", report_data.deepspeed.dump(2, ' ', false, Json::error_handler_t::replace));
    }
    return status;
  };
}

}  // namespace expcfg::cli
