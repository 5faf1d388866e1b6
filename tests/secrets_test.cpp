// Credentials: which values are secret, how they print, and reading `<redacted>` back.

#include "resolve/secrets.hpp"

#include <gtest/gtest.h>

#include <set>

#include "expcfg/diff.hpp"
#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::run;
using testing::valid_layer;

// The declaration names real fields: each secret name is a field of some runner, and those
// fields, and only they, are marked secret.
TEST(Secrets, SecretFieldNamesAreTheFieldsMarkedSecret) {
  std::set<std::string_view> marked;
  for (const RunnerSchema* runner : all_runners()) {
    for (const FieldSpec& field : runner->fields) {
      if (field.secret) marked.insert(field.name);
    }
  }
  EXPECT_EQ(marked,
            std::set<std::string_view>(std::begin(kSecretFieldNames), std::end(kSecretFieldNames)));
}

TEST(Secrets, CredentialEnvNamesByConvention) {
  for (const char* name : {"HF_TOKEN", "hub_token", "WANDB_API_KEY", "AWS_SECRET_ACCESS_KEY",
                           "DB_PASSWORD", "AWS_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS",
                           "WANDB_APIKEY", "COMET_APIKEY", "GH_PAT", "SSH_PASSPHRASE"}) {
    EXPECT_TRUE(is_credential_env_name(name)) << name;
  }
  for (const char* name :
       {"WANDB_MODE", "HF_HOME", "KEYBOARD", "NCCL_DEBUG", "CUDA_VISIBLE_DEVICES",
        "TOKENIZERS_PARALLELISM", "PATH", "PATCH_LEVEL"}) {
    EXPECT_FALSE(is_credential_env_name(name)) << name;
  }
}

TEST(Secrets, RedactedCopyHidesOnlyCredentials) {
  auto r =
      run({{"a.yaml", valid_layer() + "launch:\n  env: {HF_TOKEN: t1, WANDB_MODE: disabled}\n"}},
          {"a.yaml"}, {"--set", "model.token=t2", "--set", "hub_token=t3"});
  ASSERT_EQ(r.problems, "");
  const ResolvedConfig shown = redact_secrets(r.config);
  EXPECT_EQ(shown.at("model.token"), Value(std::string("<redacted>")));
  EXPECT_EQ(shown.at("training.hub_token"), Value(std::string("<redacted>")));
  EXPECT_EQ(shown.at("launch.env"),
            Value(Json{{"HF_TOKEN", "<redacted>"}, {"WANDB_MODE", "disabled"}}));
  EXPECT_EQ(shown.at("model.model_name_or_path"), r.config.at("model.model_name_or_path"));
  EXPECT_EQ(shown.origin(*shown.index("model.token")).where(), "--set model.token=<redacted>");
  // An unset credential stays null: there is nothing to hide.
  auto plain = run({{"a.yaml", valid_layer()}}, {"a.yaml"});
  EXPECT_TRUE(is_none(redact_secrets(plain.config).at("model.token")));
}

TEST(Secrets, SetArgumentsOfCredentialsAreNotEchoed) {
  auto r = run({{"a.yaml", valid_layer()}}, {"a.yaml"},
               {"--set", "model.tokn=hf_abc", "--set", "launch.env={API_KEY: k, 1X: y}"});
  EXPECT_EQ(r.problems,
            "--set model.tokn=<redacted>: error: unknown key 'model.tokn'\n"
            "--set model.tokn=<redacted>: note: did you mean 'token'?\n"
            "--set launch.env=<redacted>: error: '1X' is not an environment variable name in "
            "'launch.env'\n");
  EXPECT_TRUE(names_secret("hub_token"));
  EXPECT_TRUE(names_secret("training.hub_tokn"));
  EXPECT_FALSE(names_secret("learning_rate"));
  EXPECT_FALSE(hides_set_value("launch.env", "{WANDB_MODE: disabled}"));
}

TEST(Secrets, ReadingRedactedBackIsAnErrorWithAHint) {
  auto r =
      run({{"base.yaml", valid_layer()},
           {"dump.yaml", "model:\n  token: <redacted>\nlaunch:\n  env: {HF_TOKEN: <redacted>}\n"}},
          {"base.yaml", "dump.yaml"});
  EXPECT_EQ(r.problems,
            "dump.yaml:2:3: error: 'model.token' is '<redacted>': a dump hides credentials, so it "
            "cannot supply one\n"
            "note: supply it with --set model.token=VALUE, or leave it unset and export HF_TOKEN "
            "(huggingface_hub reads it)\n"
            "dump.yaml:4:3: error: 'launch.env.HF_TOKEN' is '<redacted>': a dump hides "
            "credentials, so it cannot supply one\n"
            "note: export the variable in the shell that runs 'expcfg launch' and leave it out of "
            "'launch.env': the run inherits it\n");
  // A later layer that supplies the secrets makes the stack valid again.
  auto supplied =
      run({{"base.yaml", valid_layer()}, {"dump.yaml", "model:\n  token: <redacted>\n"}},
          {"base.yaml", "dump.yaml"}, {"--set", "model.token=real"});
  EXPECT_EQ(supplied.problems, "");
}

TEST(Secrets, DiffComparesRealValuesAndShowsThemRedacted) {
  auto left = run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "model.token=one"});
  auto right = run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "model.token=two"});
  const auto shown = diff(left.config, right.config);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(render_diff_text(shown, {}), "model.token: <redacted> -> <redacted>\n");
  EXPECT_EQ(render_diff_text(diff(left.config, right.config, {.redact_secrets = false}), {}),
            "model.token: one -> two\n");
}

}  // namespace
}  // namespace expcfg
