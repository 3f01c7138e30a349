"""Run the validation of one delivery: structural checks, then the GX suites chunk by chunk.

See the package docstring for the design. `run_validation` returns a `Summary` (also written as
JSON); the CLI in `__main__` prints it and turns it into the exit code.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import time
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from jobcenter_warehouse.contract import EXTRACTS, Extract
from jobcenter_warehouse.validation import prepare
from jobcenter_warehouse.validation.prepare import mask_cpr_text
from jobcenter_warehouse.validation.reader import (
    ChunkStats,
    ExtractDelivery,
    StructuralError,
    inspect_extract,
    iter_chunks,
)

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_STRUCTURAL = 2

DEFAULT_CHUNK_ROWS = 200_000
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
SAMPLE_SIZE = 5
DATASOURCE = "raw_extracts"
SUMMARY_FILE = "validation_summary.json"
RESULTS_DIR = Path("uncommitted", "validations")
DOCS_DIR = Path("uncommitted", "data_docs")
DOCS_INDEX = DOCS_DIR / "local_site" / "index.html"
# Samples of these (helper) columns are meaningless or derived from CPR: never kept.
MASKED_COLUMNS = {"cpr__pseudonym"}
MASK = "<masked>"
LINE_WIDTH = 110


@dataclass
class Outcome:
    """One expectation, aggregated over all chunks of an extract."""

    label: str
    expectation_type: str
    column: str | None
    element_count: int = 0
    missing_count: int = 0
    unexpected_count: int = 0
    success: bool = True
    samples: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    detail: str = ""
    _sample_counts: Counter = field(default_factory=Counter, repr=False)


@dataclass
class ExtractResult:
    extract: str
    folder: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    chunks: int = 0
    malformed_rows: int = 0
    status: str = "OK"  # OK | BROKEN
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    validated: bool = False

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.malformed_rows:
            n = _rows(self.malformed_rows)
            found.append(f"malformed rows: more fields than the header ({n})")
        for o in self.outcomes:
            if o.errors:
                found.append(f"{o.label} (could not be evaluated)")
            elif not o.success:
                extra = f"; {o.detail}" if o.detail else ""
                found.append(f"{o.label} ({_rows(o.unexpected_count)}{extra})")
        return found


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


@dataclass
class Summary:
    raw_data_path: str
    gx_dir: str
    chunk_rows: int
    extracts: list[ExtractResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data_docs: str | None = None
    seconds: float = 0.0

    @property
    def structural_errors(self) -> list[str]:
        return [f"{r.extract}: {e}" for r in self.extracts for e in r.errors]

    @property
    def internal_errors(self) -> list[str]:
        return [
            f"{r.extract}: {o.label}: {e}"
            for r in self.extracts
            for o in r.outcomes
            for e in o.errors
        ]

    @property
    def exit_code(self) -> int:
        if self.structural_errors:
            return EXIT_STRUCTURAL
        if self.internal_errors:
            return EXIT_INTERNAL
        return EXIT_OK

    def to_json(self) -> dict:
        def outcome(o: Outcome) -> dict:
            d = asdict(o)
            d.pop("_sample_counts", None)
            return d

        return {
            "raw_data_path": self.raw_data_path,
            "status": {0: "ok", 1: "validator_error", 2: "structural_breakage"}[self.exit_code],
            "exit_code": self.exit_code,
            "chunk_rows": self.chunk_rows,
            "seconds": round(self.seconds, 2),
            "data_docs": self.data_docs,
            "notes": self.notes,
            "extracts": {
                r.extract: {
                    "folder": r.folder,
                    "files": r.files,
                    "rows": r.rows if r.validated else None,
                    "chunks": r.chunks if r.validated else None,
                    "malformed_rows": r.malformed_rows if r.validated else None,
                    "status": r.status,
                    "validated": r.validated,
                    "structural_errors": r.errors,
                    "warnings": r.warnings,
                    "notes": r.notes,
                    "seconds": round(r.seconds, 2),
                    "expectations": [outcome(o) for o in r.outcomes],
                }
                for r in self.extracts
            },
        }


def default_seeds_dir() -> Path:
    """seeds/reference under the working directory, else under the repository of this file."""
    here = Path.cwd() / "seeds" / "reference"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "seeds" / "reference"


# --------------------------------------------------------------------------------------------
# aggregation of per-chunk GX results


def _column_of(config: Any) -> str | None:
    kwargs = config.kwargs
    if "column" in kwargs:
        return kwargs["column"]
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _exception_messages(info: Any) -> list[str]:
    if not isinstance(info, dict) or not info:
        return []
    if "raised_exception" in info:
        return [str(info.get("exception_message"))] if info.get("raised_exception") else []
    messages: list[str] = []
    for value in info.values():
        messages.extend(_exception_messages(value))
    return messages


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, float) and value != value:  # NaN
            return None
        return mask_cpr_text(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    return mask_cpr_text(str(value))


class Aggregator:
    def __init__(self) -> None:
        self.outcomes: dict[str, Outcome] = {}

    def add(self, suite_result: Any) -> None:
        for r in suite_result.results:
            config = r.expectation_config
            label = (config.meta or {}).get("label", config.type)
            column = _column_of(config)
            o = self.outcomes.get(label)
            if o is None:
                o = self.outcomes[label] = Outcome(label, config.type, column)
            errors = _exception_messages(r.exception_info)
            if errors:
                o.errors.extend(e for e in errors if e not in o.errors)
                o.success = False
                continue
            res = r.result or {}
            o.element_count += int(res.get("element_count") or 0)
            o.missing_count += int(res.get("missing_count") or 0)
            o.unexpected_count += int(res.get("unexpected_count") or 0)
            o.success = o.success and bool(r.success)
            for value in res.get("partial_unexpected_list") or []:
                value = MASK if column in MASKED_COLUMNS else _jsonable(value)
                key = json.dumps(value, sort_keys=True, default=str)
                if key in o._sample_counts or len(o._sample_counts) < 20:
                    o._sample_counts[key] += 1
        for o in self.outcomes.values():
            o.samples = [json.loads(k) for k, _ in o._sample_counts.most_common(SAMPLE_SIZE)]


def duplicate_counts(key_hashes: list[np.ndarray], row_hashes: list[np.ndarray]) -> dict[str, int]:
    """Repeated keys over the whole extract, from (key hash, row content hash) pairs.

    repeated_rows: rows whose key occurs more than once (what ExpectColumnValuesToBeUnique counts);
    conflicting_rows: rows whose key carries more than one distinct content (staging quarantines);
    exact_copies: rows that repeat an earlier row exactly (staging collapses them).
    """
    if not key_hashes:
        return {"repeated_rows": 0, "conflicting_rows": 0, "exact_copies": 0}
    keys = np.concatenate(key_hashes)
    rows = np.concatenate(row_hashes)
    if not len(keys):
        return {"repeated_rows": 0, "conflicting_rows": 0, "exact_copies": 0}
    order = np.lexsort((rows, keys))
    keys, rows = keys[order], rows[order]
    new_key = np.r_[True, keys[1:] != keys[:-1]]
    new_pair = new_key | np.r_[True, rows[1:] != rows[:-1]]
    key_id = np.cumsum(new_key) - 1
    sizes = np.bincount(key_id)
    distinct = np.bincount(key_id, weights=new_pair).astype(np.int64)
    return {
        "repeated_rows": int(sizes[sizes > 1].sum()),
        "conflicting_rows": int(sizes[distinct > 1].sum()),
        "exact_copies": int(len(keys) - new_pair.sum()),
    }


def _patch_result(suite_result: Any, outcomes: dict[str, Outcome], meta: dict) -> None:
    """Write the aggregated counts and masked samples into a GX suite result (for Data Docs)."""
    drop = (
        "partial_unexpected_index_list", "unexpected_list", "unexpected_index_list",
        "unexpected_index_query", "unexpected_rows",
    )
    successes = 0
    for r in suite_result.results:
        config = r.expectation_config
        o = outcomes[(config.meta or {}).get("label", config.type)]
        res = r.result
        if res is not None and "unexpected_count" in res:
            element, missing, unexpected = o.element_count, o.missing_count, o.unexpected_count
            nonmissing = element - missing
            res["element_count"] = element
            res["missing_count"] = missing
            res["missing_percent"] = 100.0 * missing / element if element else None
            res["unexpected_count"] = unexpected
            pct = 100.0 * unexpected / nonmissing if nonmissing else None
            res["unexpected_percent"] = pct
            res["unexpected_percent_nonmissing"] = pct
            res["unexpected_percent_total"] = 100.0 * unexpected / element if element else None
            samples = [json.loads(k) for k in o._sample_counts]
            res["partial_unexpected_list"] = samples
            res["partial_unexpected_counts"] = [
                {"value": json.loads(k), "count": n} for k, n in o._sample_counts.most_common()
            ]
            for key in drop:
                res.pop(key, None)
        r.success = o.success
        successes += bool(o.success)
    total = len(suite_result.results)
    suite_result.success = successes == total
    suite_result.statistics.update(
        {
            "evaluated_expectations": total,
            "successful_expectations": successes,
            "unsuccessful_expectations": total - successes,
            "success_percent": 100.0 * successes / total if total else None,
        }
    )
    suite_result.meta.update(meta)


# --------------------------------------------------------------------------------------------
# GX project


class GxProject:
    """The file data context under --gx-dir, one dataframe asset and checkpoint per extract."""

    def __init__(self, gx_dir: Path) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.keys: list[Any] = []
        # The Data Docs describe the delivery validated last: earlier results are dropped, so
        # pages of an older delivery cannot be mistaken for this one (and the index stays fast).
        for sub in (RESULTS_DIR, DOCS_DIR):
            if (gx_dir / sub).is_dir():
                shutil.rmtree(gx_dir / sub)
        self.context = gx.get_context(mode="file", context_root_dir=str(gx_dir))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.context.variables.analytics_enabled = False
        self.context.variables.save()
        self.datasource = self.context.data_sources.add_or_update_pandas(DATASOURCE)

    def prepare(self, name: str, suite: Any) -> tuple[Any, Any, Any]:
        gx = self.gx
        try:
            asset = self.datasource.get_asset(name)
        except LookupError:
            asset = self.datasource.add_dataframe_asset(name)
        try:
            batch_definition = asset.get_batch_definition("chunk")
        except (KeyError, LookupError, ValueError):
            batch_definition = asset.add_batch_definition_whole_dataframe("chunk")
        suite = self.context.suites.add_or_update(suite)
        definition = self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"raw_{name}", data=batch_definition, suite=suite)
        )
        checkpoint = self.context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=f"raw_{name}",
                validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
                result_format=RESULT_FORMAT,
            )
        )
        return batch_definition, checkpoint, suite

    def rewrite(self, key: Any, suite_result: Any) -> None:
        """Replace the stored first-chunk result with the whole extract's (pages built later)."""
        self.context.validation_results_store.set(key, suite_result)
        self.keys.append(key)

    def build_docs(self) -> None:
        """Rebuild the pages of the rewritten results and the index, once per run."""
        if self.keys:
            self.context.build_data_docs(resource_identifiers=self.keys)


# --------------------------------------------------------------------------------------------
# the run


def _empty_frame(extract: Extract) -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series([], dtype="str") for n in extract.column_names})


def validate_extract(
    delivery: ExtractDelivery,
    result: ExtractResult,
    project: GxProject,
    refs: Any,
    *,
    chunk_rows: int,
    hash_key: str,
    persons_hashes: np.ndarray | None,
) -> np.ndarray | None:
    """GX over every chunk of one extract; returns the CPR hashes when it is `persons`."""
    from jobcenter_warehouse.validation.suites import build_suite  # imports GX

    extract = delivery.extract
    suite, notes = build_suite(extract, refs, persons_available=persons_hashes is not None)
    result.notes.extend(notes)
    batch_definition, checkpoint, suite = project.prepare(extract.name, suite)

    stats = ChunkStats()
    aggregator = Aggregator()
    key_hashes: list[np.ndarray] = []
    row_hashes: list[np.ndarray] = []
    person_hashes: list[np.ndarray] = []
    first: tuple[Any, Any] | None = None

    def validate(frame: pd.DataFrame) -> None:
        nonlocal first
        gx_frame = prepare.gx_frame(
            frame, extract, hash_key=hash_key, persons_hashes=persons_hashes
        )
        if first is None:
            # The first chunk goes through the checkpoint (stores the result, Data Docs);
            # later chunks are validated in memory and only aggregated.
            run = checkpoint.run(batch_parameters={"dataframe": gx_frame})
            first = next(iter(run.run_results.items()))
            aggregator.add(first[1])
        else:
            batch = batch_definition.get_batch(batch_parameters={"dataframe": gx_frame})
            aggregator.add(batch.validate(suite, result_format=RESULT_FORMAT))

    # Small files (monthly deliveries) are pooled into batches of up to chunk_rows rows, so GX's
    # fixed cost per batch is paid per chunk, not per file.
    pending: list[pd.DataFrame] = []
    pending_rows = 0
    for _csv_file, frame in iter_chunks(delivery, chunk_rows, stats):
        result.rows += len(frame)
        keys = prepare.key_frame(frame, extract)
        keyed = keys.notna().all(axis=1).to_numpy()
        if keyed.any():
            key_hashes.append(prepare.keyed_hash(keys[keyed], hash_key))
            row_hashes.append(
                prepare.keyed_hash(prepare.canonical(frame[keyed], extract), hash_key)
            )
        if extract.name == "persons":
            digits = prepare.normalised_cpr(frame["cpr"]).dropna()
            person_hashes.append(prepare.cpr_hashes(digits, hash_key))
        if pending_rows + len(frame) > chunk_rows and pending:
            validate(pd.concat(pending, ignore_index=True))
            result.chunks += 1
            pending, pending_rows = [], 0
        pending.append(frame)
        pending_rows += len(frame)
    if pending or first is None:  # header-only files: still one (empty) run for the Data Docs
        validate(pd.concat(pending, ignore_index=True) if pending else _empty_frame(extract))
        result.chunks += 1

    result.malformed_rows = stats.malformed_rows
    result.rows += stats.malformed_rows
    dup = duplicate_counts(key_hashes, row_hashes)
    unique_label = next(
        o.label for o in aggregator.outcomes.values() if o.label.endswith(" unique")
    )
    unique = aggregator.outcomes[unique_label]
    if not unique.errors:
        unique.unexpected_count = dup["repeated_rows"]
        unique.success = dup["repeated_rows"] == 0
        if dup["repeated_rows"]:
            conflicting, copies = dup["conflicting_rows"], dup["exact_copies"]
            unique.detail = (
                f"{conflicting:,} with conflicting content, "
                f"{copies:,} exact {'copy' if copies == 1 else 'copies'} to collapse"
            )
    order = {e.meta["label"]: i for i, e in enumerate(suite.expectations)}
    result.outcomes = sorted(aggregator.outcomes.values(), key=lambda o: order.get(o.label, 1e9))
    result.validated = True

    key, suite_result = first
    _patch_result(
        suite_result,
        aggregator.outcomes,
        {
            "validated_rows": result.rows - result.malformed_rows,
            "chunks": result.chunks,
            "files": result.files,
            "aggregation": "counts summed over all chunks; uniqueness over the whole extract",
        },
    )
    project.rewrite(key, suite_result)

    if extract.name == "persons":
        return np.unique(np.concatenate(person_hashes)) if person_hashes else np.array([], "uint64")
    return None


def run_validation(
    raw_root: Path,
    gx_dir: Path,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    seeds_dir: Path | None = None,
) -> Summary:
    started = time.perf_counter()
    raw_root = Path(raw_root)
    gx_dir = Path(gx_dir)
    summary = Summary(raw_data_path=str(raw_root), gx_dir=str(gx_dir), chunk_rows=chunk_rows)

    if not raw_root.is_dir():
        summary.notes.append(
            f"raw data path {raw_root} is not a folder (use --raw-data-path or RAW_DATA_PATH)"
        )
    deliveries = [inspect_extract(raw_root, e) for e in EXTRACTS.values()]
    for d in deliveries:
        summary.extracts.append(
            ExtractResult(
                extract=d.extract.name,
                folder=str(d.folder),
                files=[p.name for p in d.found],
                status="BROKEN" if d.broken else "OK",
                errors=list(d.errors),
                notes=list(d.notes),
            )
        )

    if summary.structural_errors:
        summary.notes.append("row-level validation skipped: the delivery is structurally broken")
    else:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("TQDM_DISABLE", "1")
        from jobcenter_warehouse.validation.suites import load_references

        refs = load_references(seeds_dir or default_seeds_dir())
        summary.notes.extend(refs.notes)
        hash_key = secrets.token_hex(8)  # 16 characters: SipHash key, never stored
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="great_expectations")
            warnings.filterwarnings("ignore", category=FutureWarning)
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            project = GxProject(gx_dir)
            persons_hashes = None
            for delivery, result in zip(deliveries, summary.extracts, strict=True):
                t0 = time.perf_counter()
                try:
                    found = validate_extract(
                        delivery, result, project, refs, chunk_rows=chunk_rows,
                        hash_key=hash_key, persons_hashes=persons_hashes,
                    )
                except StructuralError as err:
                    # Found while reading (e.g. an unterminated quote): stop like any other
                    # structural breakage; the remaining extracts are not validated.
                    result.status = "BROKEN"
                    result.errors.append(str(err))
                    result.seconds = time.perf_counter() - t0
                    summary.notes.append(
                        "row-level validation stopped: the delivery is structurally broken"
                    )
                    break
                if delivery.extract.name == "persons":
                    persons_hashes = found
                result.seconds = time.perf_counter() - t0
            project.build_docs()
        summary.data_docs = str(gx_dir / DOCS_INDEX)

    summary.seconds = time.perf_counter() - started
    gx_dir.mkdir(parents=True, exist_ok=True)
    (gx_dir / SUMMARY_FILE).write_text(
        json.dumps(summary.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return summary


def print_summary(summary: Summary, out: TextIO | None = None) -> None:
    w = (out or sys.stdout).write
    w(f"Raw delivery validation: {summary.raw_data_path}  ({summary.seconds:.1f} s)\n")
    width = max(len(r.extract) for r in summary.extracts) + 2
    for r in summary.extracts:
        files = f"{len(r.files)} file{'s' if len(r.files) != 1 else ' '}"
        rows = f"{r.rows:,} rows" if r.validated else "-"
        line = f"  {r.extract:<{width}}{files:>8}  {rows:>16}  {r.status:<6}"
        found = r.warnings
        if found:
            # whole findings per line, continuation lines indented under the extract name
            line += "  warn: " + found[0]
            for item in found[1:]:
                if len(line.rsplit("\n", 1)[-1]) + len(item) + 2 > LINE_WIDTH:
                    line += ",\n      " + item
                else:
                    line += ", " + item
        w(line.rstrip() + "\n")
    if summary.structural_errors:
        w("\nStructural breakage (the pipeline stops; fix the delivery):\n")
        for e in summary.structural_errors:
            w(f"  - {e}\n")
    if summary.internal_errors:
        w("\nExpectations that could not be evaluated (a validator problem, not the data):\n")
        for e in summary.internal_errors:
            w(f"  - {e}\n")
    notes = list(summary.notes) + [f"{r.extract}: {n}" for r in summary.extracts for n in r.notes]
    if notes:
        w("\nNotes:\n")
        for n in notes:
            w(f"  - {n}\n")
    w("\n")
    if summary.data_docs:
        w(f"Data Docs: {summary.data_docs}\n")
    w(f"Summary:   {Path(summary.gx_dir) / SUMMARY_FILE}\n")
    verdict = {
        EXIT_OK: "OK: row-level findings only warn (staging quarantines those rows)",
        EXIT_STRUCTURAL: "STRUCTURAL BREAKAGE: do not run dbt build on this delivery",
        EXIT_INTERNAL: "VALIDATOR ERROR: some expectations could not be evaluated",
    }[summary.exit_code]
    w(f"Result:    {verdict}\n")
