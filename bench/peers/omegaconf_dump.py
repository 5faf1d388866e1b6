#!/usr/bin/env python3
"""The OmegaConf peer of `expcfg dump`: a structured schema (dataclasses of the same fields,
types and defaults, made from expcfg's JSON Schema of one runner), three YAML layers merged in
order, dotted overrides, the result printed as YAML.

    omegaconf_dump.py SCHEMA.json FILE... [--set key=value]...
"""
import dataclasses
import json
import sys
from typing import Any, Dict, List, Optional

from omegaconf import MISSING, OmegaConf

SCALARS = {"string": str, "integer": int, "number": float, "boolean": bool}


def field_type(spec):
    """The Python type of a JSON Schema property (Any where OmegaConf has no union)."""
    options = spec.get("anyOf", [spec])
    nullable = any(o.get("type") == "null" for o in options)
    options = [o for o in options if o.get("type") != "null"]
    if len(options) != 1:
        return Any
    kind = options[0].get("type")
    if isinstance(kind, list):
        nullable = nullable or "null" in kind
        kind = [k for k in kind if k != "null"]
        kind = "string" if "string" in kind else (kind[0] if len(kind) == 1 else None)
    if kind in SCALARS:
        base = SCALARS[kind]
    elif kind == "array":
        item = options[0].get("items", {}).get("type")
        base = List[int] if item == "integer" else List[str]
    elif kind == "object":
        base = Dict[str, Any]
    else:
        return Any
    return Optional[base] if nullable else base


def section_class(name, properties):
    fields = []
    for key, spec in properties.items():
        if key.endswith("+"):
            continue
        default = spec.get("default", MISSING)
        if isinstance(default, (list, dict)):
            value = dataclasses.field(default_factory=lambda d=default: d)
        else:
            value = dataclasses.field(default=default)
        fields.append((key, field_type(spec), value))
    # Fields without a default must come first in a dataclass.
    fields.sort(key=lambda f: f[2].default is not MISSING or f[2].default_factory is not dataclasses.MISSING)
    return dataclasses.make_dataclass(name, fields)


def main(argv):
    schema = json.load(open(argv[1]))
    sections = {}
    for name in ("model", "data", "training", "launch"):
        sections[name] = section_class(name, schema["properties"][name]["properties"])
    top = dataclasses.make_dataclass(
        "Config",
        [("runner", str, dataclasses.field(default="embedder.encoder_only.base"))]
        + [(n, c, dataclasses.field(default_factory=c)) for n, c in sections.items()],
    )
    config = OmegaConf.structured(top)
    files, sets = [], []
    words = iter(argv[2:])
    for word in words:
        if word == "--set":
            sets.append(next(words))
        else:
            files.append(word)
    for path in files:
        config = OmegaConf.merge(config, OmegaConf.load(path))
    config = OmegaConf.merge(config, OmegaConf.from_dotlist(sets))
    OmegaConf.to_container(config, throw_on_missing=True)  # validation: nothing missing
    sys.stdout.write(OmegaConf.to_yaml(config))


if __name__ == "__main__":
    main(sys.argv)
