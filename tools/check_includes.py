#!/usr/bin/env python3
"""Checks that expcfg's include graph reads as its pipeline.

The stages of src/ are stacked in the order data flows; a file may include headers of its own
stage and of the stages below it, never of a stage above. Public headers (include/expcfg/)
belong to the stage that implements them. The module graph (X.hpp with X.cpp) has no cycles.
    python3 tools/check_includes.py [REPO_ROOT]     exit 0: clean; 1: prints each violation
"""
import pathlib
import re
import sys

STAGES = ["base", "schema", "load", "resolve", "emit", "preflight", "run", "import"]
PUBLIC = {  # public header -> the stage that implements it
    "expcfg/diagnostics.hpp": "base", "expcfg/value.hpp": "base",
    "expcfg/versions.hpp": "schema", "expcfg/schema.hpp": "schema",
    "expcfg/arguments.hpp": "schema", "expcfg/arguments/embedder.hpp": "schema",
    "expcfg/arguments/reranker.hpp": "schema", "expcfg/arguments/training.hpp": "schema",
    "expcfg/layer.hpp": "load", "expcfg/resolve.hpp": "resolve",
    "expcfg/emit.hpp": "emit", "expcfg/diff.hpp": "emit",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^">]+)[">]', re.M)


def main(root):
    problems = []
    files = {}  # include name -> (stage, path)
    for path in sorted((root / "include").rglob("*.hpp")):
        name = path.relative_to(root / "include").as_posix()
        if name not in PUBLIC:
            problems.append(f"{path}: public header with no stage (add it to PUBLIC)")
            continue
        files[name] = (PUBLIC[name], path)
    sources = []
    for path in sorted((root / "src").rglob("*")):
        if path.suffix not in (".hpp", ".cpp"):
            continue
        rel = path.relative_to(root / "src")
        if len(rel.parts) != 2 or rel.parts[0] not in STAGES:
            problems.append(f"{path}: not in a stage folder ({', '.join(STAGES)})")
            continue
        sources.append((rel.parts[0], path))
        if path.suffix == ".hpp":
            files[rel.as_posix()] = (rel.parts[0], path)
    modules = {}  # module name -> set of module names it includes
    for stage, path in [v for v in files.values()] + sources:
        module = module_of(root, path)
        deps = modules.setdefault(module, set())
        for name in INCLUDE.findall(path.read_text()):
            if name not in files:
                continue  # a system or third-party header
            dep_stage, dep_path = files[name]
            if STAGES.index(dep_stage) > STAGES.index(stage):
                problems.append(f"{path}: includes {name}, of the later stage '{dep_stage}'")
            dep = module_of(root, dep_path)
            if dep != module:
                deps.add(dep)
    problems += [f"include cycle: {' -> '.join(cycle)}" for cycle in cycles(modules)]
    for problem in problems:
        print(problem)
    print(f"check_includes: {len(files)} headers, {len(modules)} modules, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


def module_of(root, path):
    """src/resolve/decode.cpp and its .hpp are one module; a public header is its own."""
    return path.relative_to(root).with_suffix("").as_posix()


def cycles(graph):
    """One cycle per strongly connected group of modules, found by depth-first search."""
    found, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == "open":
                found.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()))
