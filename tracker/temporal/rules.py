"""The one loader of the tagger's rule data (tracker/rules/en/*.yaml).

tables.yaml   normalisation tables (month names -> "01", ...); each is also a pattern macro.
patterns.yaml pattern macros, one regex alternative a line.
rules.yaml    extraction rules: name, pattern, type, value template, mod, unless, example.

Patterns are expanded and compiled once per process (load_rules is cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from tracker.rules import RuleFileError, read_rule_file
from tracker.temporal.needed import Needs, remembered

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
TYPES = ("DATE", "TIME", "DURATION", "SET")
_MACRO = re.compile(r"\{(\w+)(?:@(\w+))?\}")


class RuleError(RuleFileError):
    """A rule data file is malformed (bad YAML, unknown macro, a pattern that does not compile)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One extraction rule: a compiled pattern and the TIMEX3 it makes."""

    name: str
    order: int  # position in rules.yaml: breaks ties in the overlap policy
    regex: re.Pattern[str]
    type: str
    value: str  # template, see rules.yaml
    mod: str | None
    example: str
    example_dct: date | None
    expected: str
    # A match is dropped when this pattern occurs near it (extract.UNLESS_REACH characters either
    # side): "the first half" is no half-year in a football report.
    unless: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the tagger reads from the rule files of one language."""

    rules: tuple[Rule, ...]
    tables: Mapping[str, Mapping[str, str]]
    date_mod: re.Pattern[str]  # a modifier ending right before a date ("early ", "mid-")
    quant_mod: re.Pattern[str]  # a modifier ending right before a duration ("about ")
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]
    future_prep: re.Pattern[str]  # "by", "until" ending right before an expression
    past_prep: re.Pattern[str]
    future_plan: re.Pattern[str]  # "told to return " ending right before an expression
    start_prep: re.Pattern[str]  # "starting ", a future preposition that a past verb can overrule
    reporting_past: re.Pattern[str]  # "said": a past cue that only reports
    trigger: re.Pattern[str]  # words every expression contains: rules run only near them
    # per rule, the strings it cannot match without (read from its regex): each rule runs only in
    # the windows near a trigger that hold one of them (temporal/needed.py)
    needs: Needs | None = None


def _table_alternatives(keys: list[str]) -> str:
    # Longest first so "sept" is tried before "sep"; spaces in keys match one space.
    ordered = sorted(keys, key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(k) for k in ordered) + r")(?!\w)"


def _macros(tables: Mapping[str, Mapping[str, str]], patterns: dict) -> dict[str, str]:
    macros = {name: _table_alternatives(list(table)) for name, table in tables.items()}
    for name, alternatives in patterns.items():
        if not isinstance(alternatives, list) or not alternatives:
            raise RuleError(f"patterns.yaml: {name} must be a list of alternatives")
        macros[name] = "(?:" + "|".join(str(a) for a in alternatives) + ")"
    return macros


def expand(pattern: str, macros: Mapping[str, str], where: str) -> str:
    """Replace {macro} / {macro@group} slots by named groups of the macro's alternatives."""

    def one(match: re.Match[str]) -> str:
        name, group = match.group(1), match.group(2) or match.group(1)
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{name}}}")
        return f"(?P<{group}>{macros[name]})"

    return _MACRO.sub(one, pattern)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise RuleError(f"{where}: pattern does not compile: {err}") from err


def _rule(order: int, raw: dict, macros: Mapping[str, str]) -> Rule:
    name = raw.get("name")
    where = f"rules.yaml rule {name or order}"
    missing = [k for k in ("name", "pattern", "type", "value", "example", "expected") if k not in raw]
    if missing:
        raise RuleError(f"{where}: missing {', '.join(missing)}")
    if raw["type"] not in TYPES:
        raise RuleError(f"{where}: type {raw['type']} is not one of {TYPES}")
    dct = raw.get("dct")
    if dct is not None and not isinstance(dct, date):
        raise RuleError(f"{where}: dct {dct!r} is not a date")
    return Rule(
        name=str(name),
        order=order,
        regex=_compile(expand(str(raw["pattern"]), macros, where), where),
        type=raw["type"],
        value=str(raw["value"]),
        mod=raw.get("mod"),
        example=str(raw["example"]),
        example_dct=dct,
        expected=str(raw["expected"]),
        unless=_compile(expand(str(raw["unless"]), macros, where), where) if raw.get("unless") else None,
    )


def _ending_alternation(keys: list[str]) -> re.Pattern[str]:
    ordered = sorted(keys, key=len, reverse=True)
    body = "|".join(re.escape(k) for k in ordered)
    return re.compile(r"(?:^|(?<=[^\w-]))(" + body + r")[ ]?$", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_rules(language: str = "en") -> RuleSet:
    """Read, expand and compile the rule files of one language (cached)."""
    folder = RULES_DIR / language
    tables_raw = read_rule_file("tables.yaml", language)
    patterns = read_rule_file("patterns.yaml", language)
    rules_raw = read_rule_file("rules.yaml", language)
    if not isinstance(tables_raw, dict) or not isinstance(patterns, dict) or not isinstance(rules_raw, list):
        raise RuleError(f"{folder}: tables and patterns must be mappings, rules a list")
    tables = MappingProxyType(
        {name: MappingProxyType({str(k): str(v) for k, v in t.items()}) for name, t in tables_raw.items()}
    )
    macros = _macros(tables, patterns)
    rules = tuple(_rule(i, raw, macros) for i, raw in enumerate(rules_raw))
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise RuleError("rules.yaml: rule names must be unique")
    return RuleSet(
        rules=rules,
        tables=tables,
        date_mod=_ending_alternation(list(tables["date_mod"])),
        quant_mod=_ending_alternation(list(tables["quant_mod"])),
        future_cue=_compile(r"\b" + macros["future_cue"] + r"\b", "patterns.yaml future_cue"),
        past_cue=_compile(r"\b" + macros["past_cue"] + r"\b", "patterns.yaml past_cue"),
        future_prep=_compile(r"\b" + macros["future_prep"] + r" $", "patterns.yaml future_prep"),
        past_prep=_compile(r"\b" + macros["past_prep"] + r" $", "patterns.yaml past_prep"),
        future_plan=_compile(r"\b(?:" + macros["future_plan"] + r")(?:\s+[\w'’-]+){0,3}?\s+to\s+[a-z]+(?:\s+(?:back|up|out|down|off|over))?"
                             r"(?:\s+(?:in|at|before|to)\s+(?:the\s+)?[a-z]+)?\s+(?:on\s+|by\s+)?(?:the\s+)?$",
                             "patterns.yaml future_plan"),
        start_prep=_compile(r"\b" + macros["start_prep"] + r"\s+$", "patterns.yaml start_prep"),
        reporting_past=_compile(macros["reporting_past"], "patterns.yaml reporting_past"),
        trigger=_compile(r"\b" + macros["trigger"], "patterns.yaml trigger"),
        needs=remembered([r.regex for r in rules]),
    )
