#!/usr/bin/env python3
"""`expcfg import SCRIPT` then `expcfg args` gives back the script's own values.

Runs the script itself with a fake torchrun on PATH that records the argv it receives, imports
the script, and parses both the recorded argv and `expcfg args` of the imported YAML with
argparse rebuilt from the reference for transformers VERSION (a 4.x release takes the script's
every flag, `--overwrite_output_dir` and `--warmup_ratio` included).
Usage: import_roundtrip_test.py EXPCFG REFERENCE VERSIONS VERSION SCRIPT
"""
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).parent
spec = importlib.util.spec_from_file_location("argparse_roundtrip", HERE / "argparse_roundtrip_test.py")
argparse_roundtrip = importlib.util.module_from_spec(spec)
spec.loader.exec_module(argparse_roundtrip)

def recorded_argv(script, work):
    fake = pathlib.Path(work, "torchrun")
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done > "$ARGV_OUT"\n')
    fake.chmod(0o755)
    out = pathlib.Path(work, "argv")
    env = dict(os.environ, PATH=f"{work}:{os.environ['PATH']}", ARGV_OUT=str(out))
    subprocess.run(["bash", script], check=True, env=env, capture_output=True)
    words = out.read_bytes().decode().split("\0")[:-1]
    module_at = words.index("-m")
    runner = words[module_at + 1].removeprefix("FlagEmbedding.finetune.")
    return runner, words[module_at + 2:]


def main():
    expcfg, reference, versions_file, version, script = sys.argv[1:]
    ref = json.load(open(reference))
    versions = json.load(open(versions_file))
    with tempfile.TemporaryDirectory() as work:
        runner, original = recorded_argv(script, work)
        imported = pathlib.Path(work, "imported.yaml")
        subprocess.run([expcfg, "import", script, "-o", str(imported)], check=True,
                       capture_output=True)
        words = subprocess.run([expcfg, "args", "-0", str(imported), "--transformers", version],
                               check=True,
                               capture_output=True).stdout.decode().split("\0")[:-1]
    parser = argparse_roundtrip.build_parser(
        argparse_roundtrip.release_actions(ref["runners"][runner], versions, version))
    want, got = vars(parser.parse_args(original)), vars(parser.parse_args(words))
    for values in (want, got):  # inline JSON: the same dict however it is spaced
        for key, value in values.items():
            if isinstance(value, str) and value.startswith("{"):
                try:
                    values[key] = json.loads(value)
                except json.JSONDecodeError:
                    pass  # "{}{}" and the like: a string
    differences = [f"{k}: script {want[k]!r}, expcfg args {got[k]!r}" for k in want if want[k] != got[k]]
    if differences:
        print("\n".join(differences))
        return 1
    print(f"{script}: {len(original)} words of the script read back from the import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
