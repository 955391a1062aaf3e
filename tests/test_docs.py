"""The README stays true to the code: every command documented, the two set-up commands kept."""

from __future__ import annotations

import argparse
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
