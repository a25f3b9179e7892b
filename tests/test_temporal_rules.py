"""Every rule in tracker/rules/en/rules.yaml carries an example; each must give its expected value."""

from __future__ import annotations

import pytest

from tracker.temporal import tag
from tracker.temporal.rules import RULES_DIR, RuleError, expand, load_rules

RULES = load_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_example(rule) -> None:
    found = tag(rule.example, rule.example_dct)
    fired = [t for t in found if t.rule == rule.name]
    shown = [(t.text, t.value, t.rule) for t in found]
    assert fired, f"{rule.name} did not fire on {rule.example!r}: {shown}"
    assert fired[0].value == rule.expected, shown


def test_rule_names_are_unique_and_files_exist() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    assert (RULES_DIR / "en" / "tables.yaml").exists()


def test_unknown_macro_is_a_named_error() -> None:
    with pytest.raises(RuleError):
        expand("{no_such_macro}", {}, "test")


def test_every_rule_file_reads_the_same_through_libyaml_as_through_pure_python():
    import yaml

    from tracker.rules import RULES_DIR as ALL_RULES
    from tracker.rules import read_rule_file

    assert yaml.__with_libyaml__  # PyYAML's wheels carry libyaml: the quick parser is the one used
    files = sorted((ALL_RULES / "en").glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        assert read_rule_file(path.name) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
