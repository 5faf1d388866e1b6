#!/usr/bin/env python3
"""`expcfg args` against Python's own argparse, for one transformers release.

Rebuild the parser HfArgumentParser makes for the runner: FlagEmbedding's own options from the
reference's record of them (tests/reference/flagembedding-args.json: every option's flags, dest,
nargs, const, default, choices and type) and TrainingArguments' options from the release's record
(tests/reference/transformers-versions.json). Parse `expcfg args --all -0 --transformers VERSION
CONFIG` with it, and check that every field reads back as `expcfg dump --format json` says.
Usage: argparse_roundtrip_test.py EXPCFG REFERENCE VERSIONS VERSION CONFIG [--set K=V ...]
"""
import argparse
import json
import subprocess
import sys


def string_to_bool(text):  # transformers.hf_argparser.string_to_bool
    if isinstance(text, bool):
        return text
    if text.lower() in ("yes", "true", "t", "y", "1"):
        return True
    if text.lower() in ("no", "false", "f", "n", "0"):
        return False
    raise argparse.ArgumentTypeError(f"Truthy value expected: got {text}")


TYPES = {"str": str, "int": int, "float": float, "string_to_bool": string_to_bool}


def release_actions(runner, versions, version):
    """The runner's options with TrainingArguments' replaced by those of `version`."""
    release = next(v for v in versions["versions"] if v["version"] == version)
    every_release = {f["name"] for v in versions["versions"] for f in v["fields"]}
    own = [a for a in runner["argparse"] if a["dest"] not in every_release]
    return own + [a for f in release["fields"] for a in f["argparse"]]


def release_fields(runner, versions, version):
    """(section, field) pairs the release's runner has, in the reference's layout."""
    release = next(v for v in versions["versions"] if v["version"] == version)
    every_release = {f["name"] for v in versions["versions"] for f in v["fields"]}
    for section in ("model", "data", "training"):
        for field in runner[section]["fields"]:
            if field["name"] not in every_release:
                yield section, field
    for field in release["fields"]:
        if field["argparse"]:  # init=False fields (_n_gpu) have no option
            yield "training", field


def build_parser(actions):
    parser = argparse.ArgumentParser(exit_on_error=False)
    for action in actions:
        if action["action"] == "_StoreFalseAction":
            parser.add_argument(*action["options"], dest=action["dest"], action="store_false")
            continue
        kwargs = {"dest": action["dest"], "default": action["default"],
                  # enum fields (type "<lambda>") and DebugOption are strings with choices.
                  "type": TYPES.get(action["type"], str)}
        for key in ("nargs", "const", "choices"):
            if action[key] is not None:
                kwargs[key] = action[key]
        if action.get("required"):
            kwargs["required"] = True
        parser.add_argument(*action["options"], **kwargs)
    return parser


def main():
    expcfg, reference, versions_file, version, config, *extra = sys.argv[1:]
    ref = json.load(open(reference))
    versions = json.load(open(versions_file))
    extra = ["--transformers", version, *extra]
    dump = json.loads(subprocess.run([expcfg, "dump", "--format", "json", config, *extra],
                                     check=True, capture_output=True, text=True).stdout)
    words = subprocess.run([expcfg, "args", "--all", "-0", config, *extra], check=True,
                           capture_output=True).stdout.decode().split("\0")[:-1]
    runner = ref["runners"][dump["runner"]]
    parsed = vars(build_parser(release_actions(runner, versions, version)).parse_args(words))
    failures = []
    if dump["launch"]["transformers"] != version:
        failures.append(f"launch.transformers: dump {dump['launch']['transformers']!r}")
    dumped = {(section, name) for section in ("model", "data", "training") for name in dump[section]}
    expected = set()
    for section, field in release_fields(runner, versions, version):
        name = field["name"]
        expected.add((section, name))
        if name not in dump[section]:
            failures.append(f"{section}.{name}: not in the dump")
            continue
        want, got = dump[section][name], parsed[name]
        if name in ("liger_kernel_config", "parallelism_config") and want is None:
            continue  # argparse cannot take them; left out, they stay None
        if isinstance(want, dict) and isinstance(got, str):
            got = json.loads(got)  # a dict field travels as compact JSON
        if name == "debug":
            want = want.split() if isinstance(want, str) else want
            got = got or []  # argparse's default is None, the dataclass's ""
        if name == "fsdp" and isinstance(got, list):  # 4.57.0: nargs='+' words
            got = " ".join(got)
        if name == "include_num_input_tokens_seen" and want == "no":
            want = False  # argparse's default; both mean "do not count"
        if isinstance(want, list) and len(want) == 1 and isinstance(got, str):
            want = want[0]  # report_to: [wandb] travels as one value
        both_numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                           for v in (want, got))
        if want != got or (type(want) is not type(got) and not both_numbers):
            failures.append(f"{section}.{name}: dump {want!r}, argparse {got!r}")
    for section, name in sorted(dumped - expected):
        failures.append(f"{section}.{name}: dumped, but transformers {version} has no such field")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{config} on transformers {version}: {len(words)} words parse back to the dump's values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
