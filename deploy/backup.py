#!/usr/bin/env python3
"""Back up and restore Coalition Hub's PostgreSQL data, one dump per service schema.

    python deploy/backup.py dump    --database-url URL --dir BACKUP_DIR
    python deploy/backup.py restore --database-url URL --dir BACKUP_DIR
    python deploy/backup.py counts  --database-url URL
    python deploy/backup.py check   --database-url URL --dir WORK_DIR

`dump` writes `<schema>.dump` (pg_dump's custom format) for the directory, metrics and reports
schemas; `restore` replaces each schema with its dump; `counts` prints the rows of every table;
`check` proves the round trip on a database you can afford to wipe: it counts, dumps, drops the
schemas, restores them and counts again, and fails unless every count matches.

Needs only the standard library and the PostgreSQL client programs (pg_dump, pg_restore, psql)
of a version at least the server's: the newest found on PATH or bundled with the `pgserver`
package is used. URLs are the ones the services take (`postgresql://…`; asyncpg's `ssl=` query
parameter is passed to the client programs as `sslmode=`)."""

import argparse
import functools
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCHEMAS = ("directory", "metrics", "reports")
# One `SELECT count(*)` per table, run by psql's \gexec (no server extension needed).
COUNTS_SQL = """
SELECT format('SELECT %L, count(*) FROM %I.%I', table_schema || '.' || table_name, table_schema, table_name)
FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema = ANY(string_to_array(:'schemas', ','))
ORDER BY table_schema, table_name
\\gexec
"""


def libpq_url(url: str) -> str:
    """The services' URL as libpq reads it."""
    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    query = [("sslmode" if k == "ssl" else k, v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _major(program: str) -> int:
    out = subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\)\s+(\d+)", out)  # "pg_dump (PostgreSQL) 16.2"
    return int(match.group(1)) if match else 0


@functools.cache
def client(name: str) -> str:
    """The newest `name` on PATH or in pgserver's bundle."""
    candidates = [shutil.which(name)]
    try:
        warnings.simplefilter("ignore")  # pgserver's platformdirs warns about XDG_RUNTIME_DIR
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    found = [c for c in candidates if c and Path(c).is_file()]
    if not found:
        sys.exit(f"{name} not found: install the PostgreSQL client programs")
    return max(found, key=_major)


def run(*args: str, input: str | None = None) -> str:
    result = subprocess.run(args, input=input, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{Path(args[0]).name} failed: {result.stderr.strip()}")
    return result.stdout


def dump(url: str, folder: Path, schemas: tuple[str, ...] = SCHEMAS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for schema in schemas:
        target = folder / f"{schema}.dump"
        run(
            client("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--schema={schema}",
            f"--file={target}",
            libpq_url(url),
        )
        files.append(target)
    return files


def restore(url: str, folder: Path, schemas: tuple[str, ...] = SCHEMAS) -> None:
    for schema in schemas:
        source = folder / f"{schema}.dump"
        if not source.is_file():
            sys.exit(f"no dump of {schema} in {folder}")
        run(
            client("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq_url(url)}",
            str(source),
        )


def counts(url: str, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, int]:
    out = run(
        client("psql"),
        libpq_url(url),
        "-X",
        "-A",
        "-t",
        "-F",
        "\t",
        "-v",
        "ON_ERROR_STOP=1",
        "-v",
        f"schemas={','.join(schemas)}",
        input=COUNTS_SQL,
    )
    return {table: int(n) for table, n in (line.split("\t") for line in out.splitlines() if line)}


def wipe(url: str, schemas: tuple[str, ...] = SCHEMAS) -> None:
    statements = "".join(f'DROP SCHEMA IF EXISTS "{s}" CASCADE;' for s in schemas)
    run(client("psql"), libpq_url(url), "-X", "-v", "ON_ERROR_STOP=1", "-c", statements)


def check(url: str, folder: Path) -> bool:
    before = counts(url)
    dump(url, folder)
    wipe(url)
    if counts(url):
        sys.exit("the schemas were not wiped")
    restore(url, folder)
    after = counts(url)
    width = max(map(len, before | after), default=10)
    for table in sorted(before | after):
        mark = "" if before.get(table) == after.get(table) else "   MISMATCH"
        print(f"{table:<{width}}  {before.get(table, '-'):>10}  {after.get(table, '-'):>10}{mark}")
    same = before == after and bool(before)
    print(
        f"{len(before)} tables, {sum(before.values())} rows before; {'restored identically' if same else 'NOT restored identically'}"
    )
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["dump", "restore", "counts", "check"])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--dir", type=Path, help="where the dumps are written or read")
    args = parser.parse_args()
    if args.command in ("dump", "restore", "check") and not args.dir:
        parser.error(f"{args.command} needs --dir")
    if args.command == "dump":
        for path in dump(args.database_url, args.dir):
            print(path)
    elif args.command == "restore":
        restore(args.database_url, args.dir)
    elif args.command == "counts":
        for table, n in counts(args.database_url).items():
            print(f"{table}\t{n}")
    elif not check(args.database_url, args.dir):
        sys.exit(1)


if __name__ == "__main__":
    main()
