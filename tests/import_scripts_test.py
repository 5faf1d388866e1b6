#!/usr/bin/env python3
"""One launch script of tests/data/import/: its import is the expected YAML, and `import` then
`args` gives the runner the values bash gives it.

1. Golden: `expcfg import SCRIPT [options]` prints NAME.yaml (stdout) and NAME.stderr (the
   warnings). Options come from a `# import-options: ...` line of the script. With
   EXPCFG_UPDATE_GOLDEN=1 the files are written instead (review `git diff`).
2. Property: the script runs under bash in a temporary folder (HOME and the working folder),
   with stand-in launchers on PATH (torchrun, deepspeed, accelerate, python, python3, srun,
   conda, and $HOME/miniconda3/bin/python) that write their argv and exit (and an nvidia-smi
   that lists four GPUs, a scontrol that names two hosts). The import (for the default
   target, transformers 4.57.6) is then given to `expcfg args`, in the same environment, and
   both command lines are parsed by argparse rebuilt from the reference for 4.57.6: every value
   must be equal. The script's FlagEmbedding 1.2 flags are read by their current names first
   (the table below, FlagEmbedding 1.3.0's renames). A value import marks `${fill:...}` (only a
   run knows it) is filled with the value bash computed, by --set: the rest must match as is.
   `expcfg launch` of the import must set the launcher's options as the script did
   (processes per node, nodes, rank, address, port; accelerate's total over machines).
   Variables for the run come from a `# test-env: NAME=VALUE ...` line.
Usage: import_scripts_test.py EXPCFG REFERENCE VERSIONS SCRIPT
"""
import importlib.util
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).parent
spec = importlib.util.spec_from_file_location("argparse_roundtrip", HERE / "argparse_roundtrip_test.py")
argparse_roundtrip = importlib.util.module_from_spec(spec)
spec.loader.exec_module(argparse_roundtrip)

VERSION = "4.57.6"
PREFIX = "FlagEmbedding.finetune."
# FlagEmbedding 1.2 modules and flags, as FlagEmbedding 1.3.0 renamed them (None: no counterpart,
# the flag and its value are left out).
OLD_MODULES = {
    "FlagEmbedding.baai_general_embedding.finetune.run": "embedder.encoder_only.base",
    "FlagEmbedding.BGE_M3.run": "embedder.encoder_only.m3",
    "FlagEmbedding.reranker.run": "reranker.encoder_only.base",
    "FlagEmbedding.llm_reranker.finetune_for_instruction.run": "reranker.decoder_only.base",
    "FlagEmbedding.llm_reranker.finetune_for_layerwise.run": "reranker.decoder_only.layerwise",
}
OLD_FLAGS = {
    "embedder": {"normlized": "normalize_embeddings",
                 "same_task_within_batch": "same_dataset_within_batch",
                 "use_inbatch_neg": None, "enable_sub_batch": None},
    "reranker": {"query_instruction_for_retrieval": "query_instruction_for_rerank",
                 "passage_instruction_for_retrieval": "passage_instruction_for_rerank"},
}
# Launcher options and the `launch` field each sets (accelerate counts processes on all machines).
LAUNCH_NAMES = {"nproc_per_node": "nproc_per_node", "num_gpus": "nproc_per_node",
                "nnodes": "nnodes", "num_nodes": "nnodes", "node_rank": "node_rank",
                "master_addr": "master_addr", "master_port": "master_port",
                "num_processes": "num_processes", "num_machines": "nnodes",
                "machine_rank": "node_rank", "main_process_ip": "master_addr",
                "main_process_port": "master_port"}
LAUNCH_DEFAULTS = {"nproc_per_node": "1", "nnodes": "1", "node_rank": "0", "master_addr": None,
                   "master_port": None}
LAUNCHERS = ("torchrun", "deepspeed", "accelerate")
STAND_IN = '#!/bin/sh\nfor a in "$0" "$@"; do printf "%s\\0" "$a"; done >> "$ARGV_OUT"\nprintf "\\n\\0" >> "$ARGV_OUT"\n'


def directives(script, name):
    for line in script.read_text().splitlines():
        if line.startswith(f"# {name}:"):
            return shlex.split(line.split(":", 1)[1])
    return []


def bash_runs(script, work, env):
    """The argv of every stand-in launcher the script ran, in order."""
    out = pathlib.Path(work, "argv")
    bin_dirs = [pathlib.Path(work, "bin"), pathlib.Path(work, "home/miniconda3/bin")]
    for folder in bin_dirs:
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("torchrun", "deepspeed", "accelerate", "python", "python3", "srun", "conda"):
            (folder / name).write_text(STAND_IN)
            (folder / name).chmod(0o755)
    # What scripts ask the node: four GPUs, and Slurm's two hosts.
    for name, text in (("nvidia-smi", 'for i in 0 1 2 3; do echo "GPU $i: NVIDIA A100"; done'),
                       ("scontrol", "echo node1; echo node2")):
        (bin_dirs[0] / name).write_text(f"#!/bin/sh\n{text}\n")
        (bin_dirs[0] / name).chmod(0o755)
    env = dict(env, PATH=f"{bin_dirs[0]}:{os.environ['PATH']}", ARGV_OUT=str(out))
    subprocess.run(["bash", str(script)], env=env, cwd=work, capture_output=True, timeout=60)
    if not out.exists():
        return []
    runs, words = [], []
    for word in out.read_bytes().decode().split("\0")[:-1]:
        if word == "\n":
            runs.append(words)
            words = []
        else:
            words.append(word)
    return runs


def runner_argv(words):
    """The runner and its arguments from a launcher's argv (after the module)."""
    for i, word in enumerate(words[:-1]):
        module = words[i + 1]
        if word in ("-m", "--module") and (module.startswith(PREFIX) or module in OLD_MODULES):
            if module in OLD_MODULES:
                runner = OLD_MODULES[module]
                return runner, renamed(runner, words[i + 2:])
            return module[len(PREFIX):], words[i + 2:]
    return None, []


def launch_fields(words):
    """The `launch` fields a launcher's argv sets (defaults for what it leaves out)."""
    fields = dict(LAUNCH_DEFAULTS)
    start = next((i for i, w in enumerate(words) if os.path.basename(w) in LAUNCHERS
                  or os.path.basename(w).startswith("python")), None)
    if start is None:
        return fields
    program, i = os.path.basename(words[start]), start + 1
    if program == "accelerate" and words[i:i + 1] == ["launch"]:
        i += 1
    if program.startswith("python"):
        if words[i:i + 2] not in (["-m", "torch.distributed.run"], ["-m", "torch.distributed.launch"]):
            return fields
        i += 2
    while i < len(words) and words[i] not in ("-m", "--module"):
        word = words[i]
        i += 1
        if not word.startswith("-"):
            continue
        name, _, value = word.lstrip("-").partition("=")
        name = name.replace("-", "_")
        if name in LAUNCH_NAMES and not value and i < len(words) and not words[i].startswith("-"):
            value = words[i]
            i += 1
        if name in LAUNCH_NAMES and value:
            fields[LAUNCH_NAMES[name]] = value
    if "num_processes" in fields:
        fields["nproc_per_node"] = str(int(fields.pop("num_processes")) // int(fields["nnodes"]))
    return fields


def renamed(runner, args):
    table = OLD_FLAGS["embedder" if runner.startswith("embedder") else "reranker"]
    out, skipping = [], False
    for word in args:
        if word.startswith("--"):
            name = word[2:].split("=", 1)[0]
            skipping = name in table and table[name] is None
            if skipping:
                continue
            if name in table:
                word = "--" + table[name] + word[2 + len(name):]
        elif skipping:
            continue
        out.append(word)
    return out


def fills(yaml_text):
    """section.field of each value import marked ${fill:...}."""
    keys, section = [], None
    for line in yaml_text.splitlines():
        if re.match(r"^[a-z]+:", line):
            section = line.split(":")[0]
        match = re.match(r"^  ([a-z_0-9]+):", line)
        if match and "${fill:" in line:
            keys.append(f"{section}.{match.group(1)}")
        elif line.startswith("    - ") and "${fill:" in line and keys[-1:] != [f"{section}.{last}"]:
            keys.append(f"{section}.{last}")
        if match:
            last = match.group(1)
    return keys


def golden(expcfg, script, options, env):
    root = script.parent.parent.parent.parent
    result = subprocess.run([expcfg, "import", os.path.relpath(script, root), *options],
                            capture_output=True, env=env, cwd=root)
    stdout, stderr = result.stdout.decode(), result.stderr.decode()
    if result.returncode != 0:
        stdout += f"# exit status {result.returncode}\n"
    expected_out, expected_err = script.with_suffix(".yaml"), script.with_suffix(".stderr")
    if os.environ.get("EXPCFG_UPDATE_GOLDEN") == "1":
        expected_out.write_text(stdout)
        if stderr:
            expected_err.write_text(stderr)
        elif expected_err.exists():
            expected_err.unlink()
        return []
    problems = []
    for path, actual in ((expected_out, stdout), (expected_err, stderr)):
        want = path.read_text() if path.exists() else ""
        if want != actual:
            problems.append(f"{path.name} differs:\n--- expected\n{want}--- actual\n{actual}")
    return problems


def main():
    expcfg, reference, versions_file, script = sys.argv[1:]
    expcfg = os.path.abspath(expcfg)
    script = pathlib.Path(script).resolve()
    ref = json.load(open(reference))
    versions = json.load(open(versions_file))
    with tempfile.TemporaryDirectory() as work:
        home = pathlib.Path(work, "home")
        home.mkdir()
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
        for item in directives(script, "test-env"):
            name, value = item.split("=", 1)
            env[name] = value
        problems = golden(expcfg, script, directives(script, "import-options"), env)

        runs = bash_runs(script, work, env)
        runner, original = next(((r, a) for r, a in map(runner_argv, runs) if r), (None, []))
        if runner is None:
            problems.append("the script ran no FlagEmbedding module under bash")
        else:
            imported = pathlib.Path(work, "imported.yaml")
            subprocess.run([expcfg, "import", str(script), "-o", str(imported)], check=True,
                           capture_output=True, env=env, cwd=work)
            text = imported.read_text()
            parser = argparse_roundtrip.build_parser(
                argparse_roundtrip.release_actions(ref["runners"][runner], versions, VERSION))
            # Flags of no runner are reported by import and left out (the run would stop there).
            want = vars(parser.parse_known_args(original)[0])
            launcher = next(run for run in runs if runner_argv(run)[0])
            want_launch = launch_fields(launcher)
            filled = fills(text)
            sets = []
            for key in filled:
                section, field = key.split(".")
                value = want.get(field, 0) if section != "launch" else (want_launch.get(field) or 1)
                if isinstance(value, list):
                    value = "[" + ", ".join(json.dumps(v) for v in value) + "]"
                sets.append(f"--set={key}={value}")
            result = subprocess.run([expcfg, "args", "-0", str(imported), *sets], env=env,
                                    capture_output=True, cwd=work)
            if result.returncode != 0:
                problems.append(f"expcfg args failed: {result.stderr.decode()}")
            else:
                got = vars(parser.parse_args(result.stdout.decode().split("\0")[:-1]))
                for values in (want, got):
                    for key, value in values.items():
                        if isinstance(value, str) and value.startswith("{"):
                            try:
                                values[key] = json.loads(value)
                            except json.JSONDecodeError:
                                pass
                problems += [f"{k}: bash {want[k]!r}, expcfg args {got[k]!r}" for k in want
                             if want[k] != got[k]]
            # The launcher's options: `expcfg launch` of the import starts the same processes.
            result = subprocess.run([expcfg, "launch", str(imported), *sets], env=env,
                                    capture_output=True, cwd=work)
            if result.returncode != 0:
                problems.append(f"expcfg launch failed: {result.stderr.decode()}")
            else:
                words = shlex.split(result.stdout.decode())
                got_launch = launch_fields(words)
                problems += [f"launch.{k}: bash {want_launch[k]!r}, expcfg launch {got_launch[k]!r}"
                             for k in want_launch if f"launch.{k}" not in filled
                             and want_launch[k] != got_launch[k]]
            if not problems:
                print(f"{script.name}: {len(original)} words of bash's argv and the launcher's "
                      f"{len(want_launch)} settings read back from the import ({len(sets)} filled)")
    if problems:
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
