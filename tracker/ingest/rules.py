"""The one loader of the ingest rule files (tracker/rules/en/furniture.yaml, datelines.yaml, ingest_*.yaml).

Each file holds rules (name, regex, example) and optional `macros` that a pattern uses as {name};
macros may use other macros. Files are read once and cached: rules are data, not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.rules import RuleFileError, read_rule_file

INGEST_FILES = ("furniture.yaml", "datelines.yaml", "ingest_outlet.yaml", "ingest_infer.yaml", "ingest_hosts.yaml")
_MACRO = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    example: str
    kind: str = ""  # the rule's group in its file, or its `kind`/`tense` field


def load_file(file_name: str) -> dict[str, Any]:
    """The parsed YAML of one of the ingest rule files."""
    if file_name not in INGEST_FILES:
        raise RuleFileError(f"{file_name} is not an ingest rule file")
    data = read_rule_file(file_name)
    if not isinstance(data, dict):
        raise RuleFileError(f"{file_name}: expected a mapping at the top")
    return data


def expand(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    """Replace {name} by the macro's text (macros may nest, a few levels deep)."""
    if depth > 5:
        raise RuleFileError(f"macros nest too deep in {pattern!r}")

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            return match.group(0)  # a regex quantifier such as {2} or {1,3}
        return "(?:" + expand(macros[name], macros, depth + 1) + ")"

    return _MACRO.sub(one, pattern)


def compile_pattern(file_name: str, pattern: str) -> re.Pattern[str]:
    macros = load_file(file_name).get("macros") or {}
    try:
        return re.compile(expand(pattern, macros), re.IGNORECASE)
    except re.error as err:
        raise RuleFileError(f"{file_name}: bad pattern {pattern!r}: {err}") from err


@lru_cache(maxsize=None)
def rules(file_name: str, group: str) -> tuple[Rule, ...]:
    """The rules of one group ("line", "end", "rules", "outlet", "cues"...) of one file."""
    entries = load_file(file_name).get(group) or []
    found = []
    for entry in entries:
        kind = entry.get("kind") or entry.get("tense") or group
        regex = compile_pattern(file_name, entry["pattern"])
        found.append(Rule(entry["name"], regex, entry["example"], kind))
    return tuple(found)


def setting(file_name: str, key: str) -> Any:
    """A plain value of a rule file (a number or a word list)."""
    data = load_file(file_name)
    if key not in data:
        raise RuleFileError(f"{file_name}: no {key!r}")
    return data[key]
