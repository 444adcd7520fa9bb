"""Command line: `space-news-extract extract PATH... --out DIR`, `evaluate`, `evaluate-timeml`, `review`,
`schema`.

Every mistake on the command line is one line naming the value and the fix, exit 2, found before any work is
done; a bad input is one `error:` line and exit 1, the others still written.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import signal
import sys
from datetime import date
from pathlib import Path

from pipeline.batch import CHUNK_SIZE, STDIN, STDIN_NAME
from pipeline.load import InputError, find_inputs

log = logging.getLogger("pipeline")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A mistake on the command line: printed as `PROG: error: MESSAGE`, exit 2, before any work."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors, as one line (no usage block) and exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _prog() -> str:
    """The program name as typed: `space-news-extract` for the installed command, `python -m pipeline` for -m."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m pipeline" if name in ("", "-c", "__main__.py") else name


# -- values checked as they are parsed ----------------------------------------------------------------------

def _at_least_one(what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give {what}, 1 or more") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{value} is below 1; give {what}, 1 or more")
        return value

    return parse


def _reference_date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not YYYY-MM-DD; give the publication date, e.g. 2019-01-15")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is no such day ({error}); give a real date, e.g. 2019-01-15"
                                         ) from None


def _encoding(text: str) -> str:
    from pipeline.load import AUTO, encoding_name

    if text.lower() == AUTO:
        return AUTO
    try:
        return encoding_name(text)
    except LookupError:
        raise argparse.ArgumentTypeError(f"{text!r} is no text encoding Python knows; give one such as cp1252, "
                                         "latin-1 or utf-16, or auto to detect it") from None


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1; give an F1 such as 0.9")
    return value


# -- the parser -----------------------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    from pipeline import pipeline_version

    prog = _prog()
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=prog, formatter_class=formatter,
        description="Turn raw space-news articles into validated, normalized JSON.",
        epilog=f"""examples:
  {prog} extract raw --out output
  {prog} evaluate output tests/data/gold --min-f1 0.9
  {prog} review output/000_2128df9dba18b72a.json --html review.html
  {prog} review run.jsonl --text archive/ --html run.html
  {prog} schema > output.schema.json

exit codes: 0 success, 1 some inputs failed (or a score below --min-f1), 2 usage error (nothing was done),
130 interrupted. '{prog} COMMAND --help' explains each command.""")
    parser.add_argument("--version", action="version", version=f"{prog} {pipeline_version()}")
    common = argparse.ArgumentParser(add_help=False)
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only (no summary, no progress)")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also say what was done with each input")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract", parents=[common], formatter_class=formatter,
        help="extract entries, entities and dates from articles",
        description="Reads each PATH (a .txt file, a folder of .txt files, or - for one article on standard "
                    "input, named 'stdin') and writes DIR/<file stem>.json.",
        epilog=f"""examples:
  {prog} extract raw --out output
  {prog} extract archive/ --out out/ --jobs 2 --jsonl run.jsonl
  cat story.txt | {prog} extract - --out - --reference-date 2019-01-15
  {prog} extract archive/ --out out/ --scheduler tcp://HOST:8786

exit codes:
  0    every input was written, or skipped because its output is current
  1    some inputs failed (one 'error:' line each); the others are written
  2    usage error (a bad option, clashing inputs, an unwritable --out): nothing was done
  130  interrupted: finished files are kept, a rerun completes the rest""")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                         help="a .txt file, a folder of them, or - for standard input")
    extract.add_argument("--out", type=Path, required=True, metavar="DIR",
                         help="folder for the JSON files (created when missing); - writes them to standard output")
    extract.add_argument("--reference-date", type=_reference_date, metavar="YYYY-MM-DD",
                         help="publication date: anchors dates whose year the text never gives and weekdays "
                              "('on Saturday'); a <stem>.meta.json {\"published\": ...} beside an input wins")
    extract.add_argument("--jobs", type=_at_least_one("a number of worker processes"), metavar="N",
                         help="worker processes on this machine (default 1); output is identical to --jobs 1")
    extract.add_argument("--encoding", type=_encoding, metavar="NAME|auto",
                         help="the inputs' encoding (cp1252, latin-1, utf-16 ...), or auto to detect each with "
                              "charset-normalizer; by default UTF-8, or UTF-16/32 with a byte-order mark, which "
                              "always wins. The output records the encoding used; offsets count decoded characters")
    extract.add_argument("--force", action="store_true",
                         help="redo every input; by default an input whose checksum, publication date and "
                              "pipeline version match its existing output is skipped")
    extract.add_argument("--jsonl", type=Path, metavar="FILE",
                         help="also write every result (written or skipped) as JSON Lines, one document a line; "
                              "- writes them to standard output")
    extract.add_argument("--scheduler", metavar="ADDRESS",
                         help="run on an existing Dask cluster, e.g. tcp://HOST:8786 (needs the [dask] extra)")
    extract.add_argument("--dask-workers", type=_at_least_one("a number of Dask worker processes"), metavar="N",
                         help="start a local Dask cluster of N worker processes for this run (needs [dask])")
    extract.add_argument("--chunk-size", type=_at_least_one("a number of articles per task"), default=CHUNK_SIZE,
                         metavar="N", help=f"articles per task sent to a worker (default {CHUNK_SIZE})")
    extract.set_defaults(handler=_extract)

    evaluate = commands.add_parser(
        "evaluate", parents=[common], formatter_class=formatter,
        help="score pipeline output against gold annotations",
        description="Scores OUTPUT (a JSON file or a folder) against GOLD (a gold file or a folder), matched by "
                    "file stem. A gold file with no output in an OUTPUT folder is scored as all misses and listed.",
        epilog=f"""examples:
  {prog} evaluate output tests/data/gold
  {prog} evaluate output/000_2128df9dba18b72a.json tests/data/gold --json

exit codes: 0 scored, 1 a score below --min-f1, 2 usage error (a missing path, no output matching any
gold file, a file that is not an output or not a gold file).""")
    evaluate.add_argument("output", type=Path, metavar="OUTPUT")
    evaluate.add_argument("gold", type=Path, metavar="GOLD")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--min-f1", type=_fraction, default=None, metavar="X",
                          help="exit 1 when any entity type's F1 on any article is below X (0 to 1)")
    evaluate.set_defaults(handler=_evaluate)

    timeml = commands.add_parser(
        "evaluate-timeml", parents=[common], formatter_class=formatter,
        help="score the dates found against TimeML gold (TempEval-3 measures)",
        description="Runs the pipeline on every .tml file under DIR, each document's creation time as its "
                    "publication date, and prints the TempEval-3 measures over TIMEX3: strict and relaxed span "
                    "precision, recall and F1, value accuracy and value F1, per type and overall, for all of "
                    "DIR and for each folder in it; then the misses, false hits and wrong values, grouped.",
        epilog=f"""examples:
  {prog} evaluate-timeml ../shared/real/tempeval3-train
  {prog} evaluate-timeml ../shared/real/tempeval3-train/TimeBank --limit 20 --json

exit codes: 0 scored, 2 usage error (DIR missing or holding no .tml file, a file that is not TimeML).""")
    timeml.add_argument("folder", type=Path, metavar="DIR", help="a folder of TimeML (.tml) files, or one file")
    timeml.add_argument("--json", action="store_true", help="print the scores as JSON")
    timeml.add_argument("--limit", type=_at_least_one("a number of documents"), metavar="N",
                        help="score only the first N documents (in path order)")
    timeml.set_defaults(handler=_evaluate_timeml)

    review = commands.add_parser(
        "review", parents=[common], formatter_class=formatter,
        help="write a self-contained HTML page to check outputs by eye",
        description="""Writes one HTML page (no network needed) for OUTPUT: an output file, a folder of them, or a JSON
Lines run (extract --jsonl). The page lists the documents (title, entities by type, a warning for unresolved
dates and people without an agency) and opens each in the same page: the article with every extracted span
highlighted and what was left out struck through, an index of entities with their details, and a timeline.""",
        epilog=f"""examples:
  {prog} review output/000_2128df9dba18b72a.json --html review.html
  {prog} review run.jsonl --text archive/ --html run.html
  {prog} review out/ --text archive/ --displacy out.displacy.json

Each document's article is found by its file name: in the --text paths, else beside the output, in raw/
beside the output's folder, or in ./raw; its checksum must match the output's.

exit codes: 0 written, 2 usage error (not an output, an article not found or changed, an unwritable --html
or --displacy): nothing was written.""")
    review.add_argument("outputs", nargs="+", type=Path, metavar="OUTPUT",
                        help="an output .json, a folder of them, or a JSON Lines run")
    review.add_argument("--html", type=Path, metavar="FILE",
                        help="where to write the page (default: OUTPUT.html, or FOLDER/review.html)")
    review.add_argument("--text", type=Path, metavar="PATH", action="append",
                        help="the article the output came from, or a folder holding the articles (searched to "
                             "any depth); may be given more than once")
    review.add_argument("--displacy", type=Path, metavar="FILE",
                        help="also write the spans as JSON for spaCy's displacy.render(..., style='ent', "
                             "manual=True); - writes them to standard output")
    review.set_defaults(handler=_review)

    schema = commands.add_parser("schema", parents=[common], help="print the JSON Schema of the output",
                                 description="Prints the JSON Schema of the output files.")
    schema.set_defaults(handler=_schema)
    return parser


# -- the commands ---------------------------------------------------------------------------------------------

def _inputs(paths: list[Path]) -> tuple[list[Path], list[InputError]]:
    """The files to process, each once, in the order given; a clash of stems is a UsageError."""
    files: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if str(path) == str(STDIN):
            files.append(STDIN)
        else:
            found, failed = find_inputs([path])
            files.extend(found)
            errors.extend(failed)
    unique: dict[object, Path] = {}
    for path in files:
        unique.setdefault("-" if path == STDIN else path.resolve(), path)
    by_stem: dict[str, Path] = {}
    for path in unique.values():
        stem = STDIN_NAME if path == STDIN else path.stem
        other = by_stem.setdefault(stem, path)
        if other is not path:
            shown = ["- (standard input)" if p == STDIN else str(p) for p in (other, path)]
            raise UsageError(f"{shown[0]} and {shown[1]} would both be written as {stem}.json; rename one, "
                             "or run each with its own --out")
    return list(unique.values()), errors


def _check_extract(args: argparse.Namespace) -> None:
    """The options, before anything is read or made."""
    from pipeline.write import STDOUT

    places = [(name, value) for name, value in
              (("--jobs", args.jobs), ("--dask-workers", args.dask_workers), ("--scheduler", args.scheduler))
              if value is not None]
    if len(places) > 1:
        (first, a), (second, b) = places[:2]
        raise UsageError(f"{first} {a} and {second} {b} both say where to run; give one (--jobs: processes on "
                         "this machine, --dask-workers: a local Dask cluster, --scheduler: an existing one)")
    if args.scheduler is not None or args.dask_workers is not None:
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            option = "--scheduler" if args.scheduler is not None else "--dask-workers"
            raise UsageError(f"{option} needs Dask, which is not installed: python -m pip install "
                             "'space-news-extract[dask]', or run on this machine with --jobs N")
    out_is_stdout = str(args.out) == STDOUT
    if out_is_stdout and args.jsonl is not None and str(args.jsonl) == STDOUT:
        raise UsageError("--out - and --jsonl - both write to standard output; send one of them to a file")


def _check_writable(args: argparse.Namespace) -> None:
    """--out (created when missing) and --jsonl can be written: checked last, as it creates the folder."""
    from pipeline.write import STDOUT, check_writable_file, check_writable_folder

    if str(args.out) != STDOUT and (reason := check_writable_folder(args.out)):
        raise UsageError(f"--out {args.out}: {reason}; give a folder you can write to (it is created when missing)")
    if args.jsonl is not None and (reason := check_writable_file(args.jsonl)):
        raise UsageError(f"--jsonl {args.jsonl}: {reason}; give a file name you can write to")


def _extract(args: argparse.Namespace) -> int:
    from pipeline.batch import RunOptions, SetupError, Summary, run

    _check_extract(args)
    files, errors = _inputs(args.paths)
    _check_writable(args)
    summary = Summary(failed=len(errors), errors=[str(e) for e in errors])
    for error in errors:
        log.error(f"error: {error}")
    options = RunOptions(out=args.out, reference_date=args.reference_date, jobs=args.jobs or 1, force=args.force,
                         jsonl=args.jsonl, scheduler=args.scheduler, dask_workers=args.dask_workers or 0,
                         chunk_size=args.chunk_size, progress=not args.quiet, encoding=args.encoding)
    received: list[int] = []

    def terminate(signum: int, frame) -> None:  # SIGTERM ends the run as Ctrl-C does: no temp file is left
        received.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        run(files, options, summary)
    except SetupError as error:
        raise UsageError(str(error)) from None
    except KeyboardInterrupt:
        log.error(f"interrupted: {summary.line()}; finished files are kept, rerun to complete")
        return 128 + received[0] if received else EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
    log.info(summary.line())
    return EXIT_FAILED if summary.failed else EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate_paths, format_report, match_paths

    reports = evaluate_paths(args.output, args.gold)
    _, missing = match_paths(args.output, args.gold)
    if args.json:
        rows = [r.as_dict() | ({"output_missing": True} if r.stem in missing else {}) for r in reports]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print(format_report(reports))
    if missing:
        log.warning(f"no output in {args.output} for {len(missing)} gold file(s), counted as misses: "
                    + ", ".join(missing))
    if args.min_f1 is not None:
        low = [(r.stem, t, s.f1) for r in reports for t, s in r.types.items() if s.f1 < args.min_f1]
        if low:
            for stem, type_, f1 in low:
                log.warning(f"below {args.min_f1}: {stem} {type_} F1 {f1:.3f}")
            return EXIT_FAILED
    return EXIT_OK


def _evaluate_timeml(args: argparse.Namespace) -> int:
    from xml.etree.ElementTree import ParseError

    from pipeline.timeml import evaluate_folder, find_documents, format_evaluation

    if not args.folder.exists():
        raise UsageError(f"{args.folder}: no such file or folder; give a folder of TimeML (.tml) files")
    if not find_documents(args.folder):
        raise UsageError(f"{args.folder}: holds no .tml file; give a folder of TimeML files")
    try:
        evaluation = evaluate_folder(args.folder, args.limit)
    except (ParseError, ValueError) as error:
        raise UsageError(f"not a usable TimeML file ({error})") from None
    print(json.dumps(evaluation.as_dict(), indent=2) if args.json else format_evaluation(evaluation))
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from pipeline.review import default_html, review
    from pipeline.write import STDOUT, check_writable_file

    html = args.html or default_html(args.outputs)
    targets = [("--html", html)] + ([("--displacy", args.displacy)] if args.displacy else [])
    if args.displacy is not None and str(args.displacy) == str(html):
        raise UsageError(f"--html and --displacy are both {html}; give each its own file")
    for option, path in targets:
        if reason := check_writable_file(path):
            raise UsageError(f"{option} {path}: {reason}; give a file name you can write to")
    written = review(args.outputs, html, args.text, args.displacy)
    if STDOUT not in (str(html), str(args.displacy)):
        print(written)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from schemas.export import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK


# -- entry point ----------------------------------------------------------------------------------------------

class _Stderr(logging.Handler):
    """Messages as they are, to whatever sys.stderr is at the time."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


def _configure_logging(args: argparse.Namespace) -> None:
    log.handlers[:] = [_Stderr()]
    log.propagate = False
    log.setLevel(logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO)


def main(argv: list[str] | None = None) -> int:
    try:
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:  # --help, --version, or a usage error already printed
            return done.code if isinstance(done.code, int) else EXIT_USAGE
        _configure_logging(args)
        try:
            return args.handler(args)
        except UsageError as error:
            print(f"{parser.prog} {args.command}: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_USAGE
        except BrokenPipeError:  # the reader of standard output went away (`| head`): nothing more to say
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_FAILED
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            print(f"error: {where}{error.strerror or error}", file=sys.stderr)
            return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
