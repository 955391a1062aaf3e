"""The README stays true to the code: every command documented, the two set-up commands kept."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sigact.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_every_cli_command_is_in_the_readme() -> None:
    missing = [c for c in _commands() if f"sigact {c}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_keeps_exactly_the_two_setup_commands() -> None:
    setup = [line.split("#")[0].strip() for line in README.splitlines()
             if line.startswith("make ")]
    assert setup == ["make demo", "make test"]


def test_every_watch_config_key_is_in_the_readme() -> None:
    from sigact.watch import documented_keys

    keys = documented_keys()
    missing = [k for k in keys if f"| `{k}` |" not in README]
    assert not missing, f"watch config keys missing from README.md's table: {missing}"
    listed = re.findall(r"^\| `(\w+\.\w+)` \|", README, flags=re.M)
    assert sorted(listed) == sorted(keys), "README.md documents keys the config does not have"


def test_readme_watch_example_is_a_valid_config(tmp_path: Path) -> None:
    from sigact.watch import load_config

    block = README.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "watch.toml"
    path.write_text(block, encoding="utf-8")
    config = load_config(path)
    assert [s.name for s in config.sources] == ["wire", "ministry"]
    assert [a.name for a in config.areas] == ["Baghdad", "east-anbar"]
