#!/usr/bin/env python3
"""`expcfg schema` checked by an independent validator (python3-jsonschema, draft 2020-12).

Every layer file in configs/ must validate against the generated schema (and against its own
runner's schema when it names one); every file in tests/schema/bad/ must fail it, and expcfg
itself must reject it too. configs/expcfg.schema.json, which the files' modelines point at,
must be the current output of `expcfg schema`.

Usage: schema_validation_test.py EXPCFG REPOSITORY_ROOT
"""
import json
import pathlib
import re
import subprocess
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with YAML 1.2 core scalars, as yaml-language-server reads files: only
    true/false are bools (`no` is a string) and `1e-5` is a float."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float", "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader) or {}


def main():
    expcfg, root = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = []
    generated = run(expcfg, "schema")
    assert generated.returncode == 0, generated.stderr
    schema = json.loads(generated.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    committed = root / "configs" / "expcfg.schema.json"
    if committed.read_text(encoding="utf-8") != generated.stdout:
        failures.append(f"{committed} is stale: regenerate it with `expcfg schema -o {committed}`")

    layer_files = sorted((root / "configs").rglob("*.yaml"))
    assert layer_files, "no layer files found"
    for path in layer_files:
        document = load(path)
        errors = [e.message for e in validator.iter_errors(document)]
        if errors:
            failures.append(f"{path}: rejected by the schema: {errors[:3]}")
        modeline = "# yaml-language-server: $schema="
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        if not first_line.startswith(modeline):
            failures.append(f"{path}: first line is not the yaml-language-server modeline")
        elif not (path.parent / first_line[len(modeline):]).resolve() == committed.resolve():
            failures.append(f"{path}: the modeline does not point at {committed}")
        if "runner" in document:
            own = run(expcfg, "schema", "--runner", document["runner"])
            own_errors = [e.message for e in
                          jsonschema.Draft202012Validator(json.loads(own.stdout)).iter_errors(document)]
            if own_errors:
                failures.append(f"{path}: rejected by its runner's schema: {own_errors[:3]}")

    good_files = sorted((root / "tests" / "schema" / "good").glob("*.yaml"))
    assert good_files, "no known-good files found"
    for path in good_files:
        errors = [e.message for e in validator.iter_errors(load(path))]
        if errors:
            failures.append(f"{path}: rejected by the schema: {errors[:3]}")
        checked = run(expcfg, "check", str(root / "tests" / "schema" / "valid_base.yaml"), str(path))
        if checked.returncode != 0:
            failures.append(f"{path}: expcfg check rejected it: {checked.stderr}")

    bad_files = sorted((root / "tests" / "schema" / "bad").glob("*.yaml"))
    assert bad_files, "no known-bad files found"
    for path in bad_files:
        if validator.is_valid(load(path)):
            failures.append(f"{path}: accepted by the schema, but it is invalid")
        # Over a valid base, so that the bad file's own error is what fails the check.
        checked = run(expcfg, "check", str(root / "tests" / "schema" / "valid_base.yaml"), str(path))
        if checked.returncode != 1 or path.name not in checked.stderr:
            failures.append(f"{path}: expcfg check did not reject it at the file: {checked.stderr}")

    for failure in failures:
        print("FAIL:", failure)
    print(f"schema: {len(layer_files)} layer files and {len(good_files)} good files valid, "
          f"{len(bad_files)} bad files rejected"
          if not failures else f"schema: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
