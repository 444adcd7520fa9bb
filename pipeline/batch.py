"""Runs `extract` over many inputs: streaming, incremental, on 1..N local processes or on a Dask cluster.

The client reads each input's bytes (to checksum them and to skip inputs whose output is current), ships
articles in chunks to the workers, and writes each result atomically as it comes back. At most a few chunks
are in flight at once, so memory does not grow with the number of inputs. Every executor runs the same
`process_chunk`, so the output is byte-identical whichever runs it.
"""

from __future__ import annotations

import json
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import pipeline_version
from pipeline.load import InputError, article_from_bytes, checksum, read_input, read_published
from pipeline.write import AtomicLines, to_json, write_atomic

# (file name, bytes, publication date): what a worker needs, and nothing that ties it to the client's disk.
Item = tuple[str, bytes, str | None]
CHUNK_SIZE = 16  # articles per task: large enough to amortize shipping, small enough to keep memory flat


@dataclass(frozen=True)
class Result:
    name: str
    json: str | None = None
    error: str | None = None


@dataclass
class Summary:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.written} written, {self.skipped} skipped, {self.failed} failed in {self.seconds:.1f}s"


def process_chunk(items: list[Item]) -> list[Result]:
    """Extract a chunk of articles; the pipeline is built once per process and reused."""
    from pipeline.run import extract_articles

    articles, results = [], {}
    for name, data, published in items:
        try:
            articles.append(article_from_bytes(Path(name), data, published))
        except InputError as error:
            results[name] = Result(name, error=str(error))
    for article, outcome in extract_articles(articles):
        name = str(article.path)
        if isinstance(outcome, Exception):
            results[name] = Result(name, error=f"{name}: {type(outcome).__name__}: {outcome}")
        else:
            results[name] = Result(name, json=to_json(outcome))
    return [results[name] for name, _, _ in items]


def current_output(output: Path, sha256: str, published: str | None) -> str | None:
    """The existing output's text when it was made from these bytes, with this publication date, by this
    pipeline; None when the input must be (re)done."""
    try:
        text = output.read_text(encoding="utf-8")
        document = json.loads(text)["document"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    current = (document.get("sha256") == sha256 and document.get("pipeline_version") == pipeline_version()
               and document.get("reference_date") == published)
    return text if current else None


# -- executors: each maps process_chunk over chunks, yielding results in order with bounded work in flight --

def run_serial(chunks: Iterator[list[Item]]) -> Iterator[list[Result]]:
    for chunk in chunks:
        yield process_chunk(chunk)


def _bounded(submit: Callable, collect: Callable, chunks: Iterator[list[Item]], window: int):
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield collect(pending.popleft())
    while pending:
        yield collect(pending.popleft())


def _warm_worker() -> None:
    from pipeline.dates import date_parser
    from pipeline.recognize import shared_nlp

    shared_nlp()
    date_parser()


def run_processes(chunks: Iterator[list[Item]], jobs: int) -> Iterator[list[Result]]:
    import multiprocessing

    with multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn").Pool(
            jobs, initializer=_warm_worker) as pool:
        yield from _bounded(lambda c: pool.apply_async(process_chunk, (c,)), lambda r: r.get(), chunks, jobs * 2)


def run_dask(chunks: Iterator[list[Item]], scheduler: str | None, workers: int) -> Iterator[list[Result]]:
    from distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   host="127.0.0.1", dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * workers)
        yield from _bounded(lambda c: client.submit(process_chunk, c, pure=False), lambda f: f.result(),
                            chunks, window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- the run ------------------------------------------------------------------------------------------------

@dataclass
class RunOptions:
    out: Path
    reference_date: str | None = None
    jobs: int = 1
    force: bool = False
    jsonl: Path | None = None
    scheduler: str | None = None
    dask_workers: int = 0
    chunk_size: int = CHUNK_SIZE
    progress: bool = False


def run(files: list[Path], options: RunOptions, summary: Summary) -> Summary:
    with ExitStack() as stack:
        lines = stack.enter_context(AtomicLines(options.jsonl)) if options.jsonl else None
        return _run(files, options, summary, lines)


def _run(files: list[Path], options: RunOptions, summary: Summary, lines: AtomicLines | None) -> Summary:
    began = time.perf_counter()
    bar = _progress(len(files)) if options.progress else None

    def fail(message: str) -> None:
        summary.failed += 1
        summary.errors.append(message)
        print(f"error: {message}", file=sys.stderr)

    def chunks() -> Iterator[list[Item]]:
        chunk: list[Item] = []
        for path in files:
            try:
                data = read_input(path)
                published = read_published(path, options.reference_date)
            except (InputError, OSError) as error:
                fail(str(error) if isinstance(error, InputError) else f"{path}: {error}")
                _tick(bar)
                continue
            existing = None if options.force else current_output(
                options.out / f"{path.stem}.json", checksum(data), published)
            if existing is not None:
                summary.skipped += 1
                if lines is not None:
                    lines.write(_one_line(existing))
                _tick(bar)
                continue
            chunk.append((str(path), data, published))
            if len(chunk) >= options.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    if options.scheduler or options.dask_workers:
        results = run_dask(chunks(), options.scheduler, options.dask_workers or 1)
    elif options.jobs > 1:
        results = run_processes(chunks(), options.jobs)
    else:
        results = run_serial(chunks())
    try:
        for chunk_results in results:
            for result in chunk_results:
                if result.error:
                    fail(result.error)
                else:
                    write_atomic(options.out / f"{Path(result.name).stem}.json", result.json)
                    summary.written += 1
                    if lines is not None:
                        lines.write(_one_line(result.json))
                _tick(bar)
    finally:
        if bar is not None:
            bar.close()
        summary.seconds = time.perf_counter() - began
    return summary


def _one_line(json_text: str) -> str:
    return json.dumps(json.loads(json_text), ensure_ascii=False, separators=(",", ":"))


def _progress(total: int):
    """A progress bar on a terminal for runs of more than a few files; never in pipes or logs."""
    if total <= 3 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)


def _tick(bar) -> None:
    if bar is not None:
        bar.update(1)
