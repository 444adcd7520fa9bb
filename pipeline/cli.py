"""Command line: `python -m pipeline extract PATH... --out DIR`, `evaluate`, `schema`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.batch import CHUNK_SIZE
from pipeline.load import InputError, check_date, find_inputs


def _prog() -> str:
    """The program name as typed: `space-news-extract` for the installed command, `python -m pipeline` for -m."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m pipeline" if name in ("", "-c", "__main__.py") else name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Turn raw space-news articles into validated, normalized JSON.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="extract entries, entities and dates from articles",
        description="Reads each PATH (a .txt file, or a folder of .txt files) and writes DIR/<file stem>.json. "
                    "Exits 0 when every input succeeded, 1 when any failed (the others are still written).")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a .txt file or a folder of them")
    extract.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the JSON files")
    extract.add_argument("--reference-date", metavar="YYYY-MM-DD",
                         help="publication date: anchors dates whose year the text never gives and weekdays "
                              "('on Saturday'); a <stem>.meta.json {\"published\": ...} beside an input wins")
    extract.add_argument("--jobs", type=int, default=1, metavar="N",
                         help="worker processes on this machine (default 1); output is identical to --jobs 1")
    extract.add_argument("--force", action="store_true",
                         help="redo every input; by default an input whose checksum, publication date and "
                              "pipeline version match its existing output is skipped")
    extract.add_argument("--jsonl", type=Path, metavar="FILE",
                         help="also write every result (written or skipped) as JSON Lines, one document a line")
    extract.add_argument("--scheduler", metavar="ADDRESS",
                         help="run on an existing Dask cluster, e.g. tcp://HOST:8786 (needs the [dask] extra)")
    extract.add_argument("--dask-workers", type=int, default=0, metavar="N",
                         help="start a local Dask cluster of N worker processes for this run")
    extract.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, metavar="N",
                         help=f"articles per task sent to a worker (default {CHUNK_SIZE})")

    evaluate = commands.add_parser(
        "evaluate", help="score pipeline output against gold annotations",
        description="Scores OUTPUT (a JSON file or folder) against GOLD (a gold file or folder), matched by stem.")
    evaluate.add_argument("output", type=Path, metavar="OUTPUT")
    evaluate.add_argument("gold", type=Path, metavar="GOLD")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--min-f1", type=float, default=None, metavar="X",
                          help="exit 1 when any entity type's F1 on any article is below X")

    review = commands.add_parser(
        "review", help="write a self-contained HTML page to check one output by eye",
        description="Writes one HTML page (no network needed): the article with every extracted span "
                    "highlighted, the entries as cards, an index of entities and a timeline of dates.")
    review.add_argument("output", type=Path, metavar="OUTPUT.json")
    review.add_argument("--html", type=Path, metavar="FILE", help="where to write the page (default: OUTPUT.html)")
    review.add_argument("--text", type=Path, metavar="ARTICLE.txt",
                        help="the article the output came from (default: found by its file name in raw/)")

    commands.add_parser("schema", help="print the JSON Schema of the output")
    return parser


def _extract(args: argparse.Namespace) -> int:
    from pipeline.batch import RunOptions, Summary, run

    reference_date = check_date("--reference-date", args.reference_date) if args.reference_date else None
    files, errors = find_inputs(args.paths)
    summary = Summary(failed=len(errors), errors=[str(e) for e in errors])
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    options = RunOptions(out=args.out, reference_date=reference_date, jobs=max(1, args.jobs), force=args.force,
                         jsonl=args.jsonl, scheduler=args.scheduler, dask_workers=args.dask_workers,
                         chunk_size=max(1, args.chunk_size), progress=True)
    try:
        run(files, options, summary)
    except KeyboardInterrupt:
        print(f"interrupted: {summary.line()}; finished files are kept, rerun to complete", file=sys.stderr)
        return 130
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate_paths, format_report

    reports = evaluate_paths(args.output, args.gold)
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        print(format_report(reports))
    if args.min_f1 is not None:
        low = [(r.stem, t, s.f1) for r in reports for t, s in r.types.items() if s.f1 < args.min_f1]
        if low:
            for stem, type_, f1 in low:
                print(f"below {args.min_f1}: {stem} {type_} F1 {f1:.3f}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "review":
            from pipeline.review import review

            print(review(args.output, args.html, args.text))
            return 0
        from schemas.export import schema_json

        sys.stdout.write(schema_json())
        return 0
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
