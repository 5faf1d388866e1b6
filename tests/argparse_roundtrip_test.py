#!/usr/bin/env python3
"""`expcfg args` against Python's own argparse.

For each runner, rebuild the parser HfArgumentParser makes from the reference's record of it
(tests/reference/flagembedding-args.json: every option's flags, dest, nargs, const, default,
choices and type), parse `expcfg args --all -0 CONFIG` with it, and check that every field reads
back as `expcfg dump --format json CONFIG` says. Usage: argparse_roundtrip_test.py EXPCFG REFERENCE
CONFIG [--set K=V ...]
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


def build_parser(runner):
    parser = argparse.ArgumentParser(exit_on_error=False)
    for action in runner["argparse"]:
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
    expcfg, reference, config, *extra = sys.argv[1:]
    ref = json.load(open(reference))
    dump = json.loads(subprocess.run([expcfg, "dump", "--format", "json", config, *extra],
                                     check=True, capture_output=True, text=True).stdout)
    words = subprocess.run([expcfg, "args", "--all", "-0", config, *extra], check=True,
                           capture_output=True).stdout.decode().split("\0")[:-1]
    runner = ref["runners"][dump["runner"]]
    parsed = vars(build_parser(runner).parse_args(words))
    failures = []
    for section in ("model", "data", "training"):
        for field in runner[section]["fields"]:
            name = field["name"]
            want, got = dump[section][name], parsed[name]
            if name in ("liger_kernel_config", "parallelism_config") and want is None:
                continue  # argparse cannot take them; left out, they stay None
            if isinstance(want, dict) and isinstance(got, str):
                got = json.loads(got)  # a dict field travels as compact JSON
            if name == "debug":
                want = want.split() if isinstance(want, str) else want
                got = got or []  # argparse's default is None, the dataclass's ""
            if name == "include_num_input_tokens_seen" and want == "no":
                want = False  # argparse's default; both mean "do not count"
            if isinstance(want, list) and len(want) == 1 and isinstance(got, str):
                want = want[0]  # report_to: [wandb] travels as one value
            both_numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                               for v in (want, got))
            if want != got or (type(want) is not type(got) and not both_numbers):
                failures.append(f"{section}.{name}: dump {want!r}, argparse {got!r}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{config}: {len(words)} words parse back to the dump's values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
