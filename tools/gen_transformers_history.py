#!/usr/bin/env python3
"""Writes src/schema/schema_history.cpp: how each TrainingArguments field changed across transformers
releases, from the reference data (tests/reference/transformers-versions.json).

Only the facts a command line meets are kept, per era (a run of releases with the same facts):
whether the field exists, its dataclass default, the argparse type and nargs HfArgumentParser
gives it, and its choices. Fields whose facts never change from 4.44.2 (the oldest supported
release) to the newest known are left out: the field tables hold them.

Usage: gen_transformers_history.py REFERENCE_JSON OUTPUT_CPP
The test `versions.history_up_to_date` runs it and compares with the committed file.
"""
import json
import sys

OLDEST = (4, 44, 2)


def parse(text):
    return tuple(int(part) for part in text.split("."))


def cli_facts(records):
    """What matters of a field's argparse entries (the hyphen aliases of 4.46+ do not)."""
    main = records[0]
    return {"type": main["type"], "nargs": main["nargs"], "required": main["required"]}


def field_state(field):
    if field is None:
        return None
    if not field["argparse"]:  # init=False (_n_gpu): never on a command line
        return None
    return {
        "default": field["default"],
        # argparse's choices: the field's own are sometimes recorded as text ("dict_keys([...])").
        "choices": field["argparse"][0]["choices"],
        **cli_facts(field["argparse"]),
    }


def main():
    reference, output = sys.argv[1:]
    data = json.load(open(reference))
    pinned = {parse(v["version"]): {f["name"]: f for f in v["fields"]} for v in data["versions"]}
    releases = sorted({parse(r["version"]) for r in data["releases_scanned"]} | set(pinned))
    releases = [r for r in releases if r >= OLDEST]
    changes = {}
    for change in data["changes"]:
        changes.setdefault(parse(change["version"]), []).append(change)

    names = []
    for version in sorted(pinned):
        for name in pinned[version]:
            if name not in names:
                names.append(name)

    def pinned_at_or_after(version, name):
        for pin in sorted(pinned):
            if pin >= version and name in pinned[pin]:
                return pinned[pin][name]
        raise SystemExit(f"{name}: added at {version} but in no later pinned release")

    # Walk the releases, applying each release's changes to the state of every field.
    state = {name: field_state(pinned[OLDEST].get(name)) for name in names}
    history = {name: [(OLDEST, state[name])] for name in names}
    for release in releases[1:]:
        for change in changes.get(release, []):
            name, kind = change["field"], change["change"]
            if name not in state:
                continue
            current = dict(state[name]) if state[name] else None
            if kind == "added":
                current = field_state(pinned_at_or_after(release, name))
            elif kind == "removed":
                current = None
            elif kind == "default":
                current["default"] = change["new"]
            elif kind == "argparse":
                if current is None:
                    continue  # the field arrives in this release: 'added' sets it
                current.update(cli_facts(change["new"]))
                current["choices"] = change["new"][0]["choices"]
            state[name] = current
        for name in names:
            if history[name][-1][1] != state[name]:
                history[name].append((release, state[name]))
        if release in pinned:  # the walk must agree with every pinned release
            for name in names:
                want = field_state(pinned[release].get(name))
                if want != state[name]:
                    raise SystemExit(f"{name} at {release}: walked {state[name]}, pinned {want}")

    lines = []
    choice_arrays = {}

    def choices_ref(choices):
        if not choices:
            return "{}"
        key = tuple(choices)
        if key not in choice_arrays:
            choice_arrays[key] = f"kChoices{len(choice_arrays)}"
        return choice_arrays[key]

    def literal(text):
        return json.dumps(text)

    for name in names:
        eras = history[name]
        if name == "_n_gpu" or len(eras) == 1:
            continue
        for since, facts in eras:
            version = "{%d, %d, %d}" % since
            if facts is None:
                lines.append(f'    {{"{name}", {version}, false, "", "", "", {{}}}},')
                continue
            default = json.dumps(facts["default"], separators=(",", ":"))
            lines.append(
                f'    {{"{name}", {version}, true, {literal(default)}, {literal(facts["type"])}, '
                f'{literal(facts["nargs"] or "")}, {choices_ref(facts["choices"])}}},')

    replacements = []
    for item in data["replacements"]:
        if item["field"] == "_n_gpu":
            continue
        replacements.append(f'    {{"{item["field"]}", {literal(item["replacement"] or "")}}},')

    out = [
        "// Generated by tools/gen_transformers_history.py from tests/reference/"
        "transformers-versions.json:",
        "// do not edit. How TrainingArguments fields changed across transformers releases.",
        "// clang-format off",
        "",
        '#include "schema/schema_history.hpp"',
        "",
        "namespace expcfg {",
        "namespace {",
        "",
    ]
    for choices, array in choice_arrays.items():
        items = ", ".join(literal(c) for c in choices)
        out.append(f"constexpr std::string_view {array}[] = {{{items}}};")
    out += [
        "",
        "constexpr FieldEra kEras[] = {",
        *lines,
        "};",
        "",
        "constexpr FieldReplacement kReplacements[] = {",
        *replacements,
        "};",
        "",
        "}  // namespace",
        "",
        "std::span<const FieldEra> field_eras() { return kEras; }",
        "std::span<const FieldReplacement> field_replacements() { return kReplacements; }",
        "",
        "}  // namespace expcfg",
        "",
    ]
    with open(output, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
