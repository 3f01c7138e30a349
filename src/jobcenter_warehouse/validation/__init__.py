"""Validation of raw extract deliveries, run before `dbt build`.

    python -m jobcenter_warehouse.validation --raw-data-path data/raw --gx-dir target/gx

Exit codes: 0 = nothing structural is broken (row-level warnings allowed), 2 = structural
breakage, 1 = the validator itself failed (an expectation could not be evaluated).

What stops (exit code 2, a message that names the folder, file, column or byte offset):
    a missing extract folder, a folder without *.csv files, a file that is not valid UTF-8
    (byte offset and line of the first bad byte), a file without a header row, a header without
    a required column (or with a contract column twice), a file pandas cannot parse at all
    (e.g. an unterminated quote). All but the last are checked in plain Python before Great
    Expectations is imported (`reader.inspect_extract`), so a broken delivery fails in well
    under a second; the last is found while reading and stops the run there. When anything is
    structurally broken, the row-level checks are skipped (or stop).

What warns (exit code 0): everything row-level, because staging quarantines those rows with a
reason. One GX suite per extract is built from `contract.py` (`suites.build_suite`): columns
present, required fields not null, CPR format and birth date, date / timestamp / decimal /
integer / boolean formats and real calendar values, code lists (contract constants; the
municipality and country seeds under seeds/reference, skipped with a note when missing), ids or
natural keys unique, end_date >= start_date, the benefit / visitation combination, a quarter's
first day, age ranges, origin_country for immigrants and descendants, and CPR present in
persons. Rows with more fields than the header are counted as malformed and left out. Rows
with fewer fields are not detected: pandas' C parser fills their missing fields with empty
strings, so they show up only through the expectations on the fields they lack.

Chunking: each extract is the union of its *.csv files, read with pandas in chunks of
--chunk-rows rows (default 200,000) as strings (trimmed, '' = NULL); small files are pooled
into chunks of up to that size. Each chunk is validated
and the per-expectation counts and a few sample values are summed per extract. The first chunk
runs through the extract's checkpoint (UpdateDataDocsAction writes the Data Docs); the others
are validated in memory (`Batch.validate`). At the end the stored result of the first chunk is
overwritten with the totals of the whole extract, and the pages are rebuilt once. So the docs,
the console table and validation_summary.json show the same numbers. Results of earlier runs
are removed first: the Data Docs describe the delivery that was validated last.

Uniqueness across chunks and files: per row a 64-bit keyed hash (SipHash, random key per run)
of the key and of the canonical row content is kept, 16 bytes a row, and counted with numpy at
the end (repeated keys, keys with conflicting content, exact copies that collapse). The persons
CPR set for the `cpr in persons` check is kept the same way (8 bytes a person). A DuckDB
GROUP BY over the CSV files would use less memory but would parse the files differently from
the reader (trimming, header case, malformed rows); hashes keep one reading path.

Why pandas: GX on DuckDB through SQLAlchemy is broken (every metric fails; see the toolchain
notes), and GX's pandas engine validates a 200,000-row chunk in about a second. A Ballerup-size
delivery (656k rows) takes about 15 s of CPU time, 3 s of which is importing GX.

CPR privacy: GX never sees a CPR number. The `cpr` column is masked (digits become '#') before
validation, uniqueness runs on keyed hashes with a per-run key, and every sample value written
to a result, the Data Docs or the summary is also scanned for anything CPR-shaped and masked.
"""

from jobcenter_warehouse.validation.run import Summary, print_summary, run_validation

__all__ = ["Summary", "print_summary", "run_validation"]
