"""Runs `extract` over many inputs: streaming, incremental, on 1..N local processes or on a Dask cluster.

The client reads each input's bytes (to checksum them and to skip inputs whose output is current), ships
articles in chunks to the workers, and writes each result atomically as it comes back. At most a few chunks
are in flight at once, so memory does not grow with the number of inputs. Every executor runs the same
`process_chunk`, so the output is byte-identical whichever runs it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import pipeline_version
from pipeline.load import (MAX_BYTES, UTF8, InputError, article_from_bytes, checksum, choose_encoding,
                           read_input, read_published)
from pipeline.write import STDOUT, AtomicLines, Output, discard_pending, remove_stale_temps, write_atomic

log = logging.getLogger("pipeline")

# (file name, bytes, publication date, --encoding): what a worker needs, and nothing that ties it to the
# client's disk.
Item = tuple[str, bytes, str | None, str | None]
CHUNK_SIZE = 16  # articles per task: large enough to amortize shipping, small enough to keep memory flat
CHUNK_BYTES = 1 << 20  # a chunk closes at this many input bytes too: long articles travel alone
CONNECT_TIMEOUT = 5.0  # seconds to reach a Dask scheduler before giving up (Dask's own default is 30)
STDIN = Path("-")  # as an input: one article read from standard input, named "stdin" (output stdin.json)
STDIN_NAME = "stdin"


class SetupError(Exception):
    """The run cannot start (no Dask, an unreachable scheduler): one line naming the value and the fix."""


@dataclass(frozen=True)
class Result:
    name: str
    output: Output | None = None
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
    for name, data, published, encoding in items:
        try:
            articles.append(article_from_bytes(Path(name), data, published, encoding))
        except InputError as error:
            results[name] = Result(name, error=str(error))
    for article, outcome in extract_articles(articles):
        name = str(article.path)
        if isinstance(outcome, Exception):
            results[name] = Result(name, error=f"{name}: {type(outcome).__name__}: {outcome}")
        else:
            results[name] = Result(name, output=Output.of(outcome))
        del outcome  # a long article's extraction is large: not kept while the next one is made
    return [results[name] for name, *_ in items]


HEAD_BYTES = 1 << 16  # an output's "document" object is within its first bytes, before the entries


def _document(output: Path) -> dict | None:
    """The "document" object of an existing output, read from the file's head (a long article's output is
    tens of MB, of which only this is needed); None when it is not an output, or not a whole one."""
    try:
        with output.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="ignore")
            handle.seek(-2, os.SEEK_END)
            if handle.read() != b"}\n":  # cut short: redone
                return None
        at = head.find('"document": ')
        if at < 0:
            return None
        document, _ = json.JSONDecoder().raw_decode(head, at + len('"document": '))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def current_output(output: Path, data: bytes, published: str | None,
                   encoding: str | None = None) -> Path | None:
    """The existing output when it was made from these bytes, with this publication date and encoding, by
    this pipeline; None when the input must be (re)done."""
    document = _document(output)
    if document is None:
        return None
    current = (document.get("sha256") == checksum(data) and document.get("pipeline_version") == pipeline_version()
               and document.get("reference_date") == published)
    if current:
        try:
            current = document.get("encoding", UTF8) == choose_encoding(data, encoding)
        except LookupError:
            current = False
    return output if current else None


def _line_of(output: Path) -> str:
    """An existing output file on one line (JSON Lines), read piece by piece."""
    from pipeline.write import read_output

    return Output.of(read_output(output)).line()


# -- executors: each maps process_chunk over chunks, yielding results in order with bounded work in flight --

def build_once() -> None:
    """The pipeline and the date parser built, then kept out of the garbage collector's full passes: they
    live as long as the process, and each full pass would otherwise walk all of their knowledge again."""
    import gc

    from pipeline.dates import date_parser
    from pipeline.recognize import shared_nlp

    shared_nlp()
    date_parser()
    gc.freeze()


def run_serial(chunks: Iterator[list[Item]]) -> Iterator[list[Result]]:
    build_once()
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
    import signal

    # Ctrl-C reaches every process of the terminal's group: the client handles it (one line, pool
    # terminated), so a worker must not print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the client's handler is inherited; terminating ends a worker
    build_once()


def run_processes(chunks: Iterator[list[Item]], jobs: int) -> Iterator[list[Result]]:
    import multiprocessing

    with multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn").Pool(
            jobs, initializer=_warm_worker) as pool:
        yield from _bounded(lambda c: pool.apply_async(process_chunk, (c,)), lambda r: r.get(), chunks, jobs * 2)


def connect_dask(scheduler: str | None, workers: int):
    """(client, cluster or None): a client of the scheduler at `scheduler`, or of a local cluster of `workers`
    processes started for this run. Failures are a SetupError, raised before any input is read."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        option = "--scheduler" if scheduler else "--dask-workers"
        raise SetupError(f"{option} needs Dask, which is not installed: "
                         "python -m pip install 'space-news-extract[dask]' (or run with --jobs N)") from None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        return Client(cluster), cluster
    _check_reachable(scheduler)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT), None
    except Exception as error:  # noqa: BLE001 - whatever Dask raises, the user needs the address and a fix
        raise SetupError(f"--scheduler {scheduler}: cannot connect ({type(error).__name__}: "
                         f"{str(error).splitlines()[0] if str(error) else 'no reason given'}); "
                         "check the address, or start one with `dask scheduler`") from None


def _check_reachable(scheduler: str) -> None:
    """A plain TCP connect with a short timeout, so a wrong address fails in seconds with one line."""
    import socket

    from distributed.comm import get_address_host_port, parse_address

    fix = "check the address, or start one with `dask scheduler`"
    try:
        protocol, _ = parse_address(scheduler)
        if protocol not in ("tcp", "tls"):
            return
        host, port = get_address_host_port(scheduler)
    except (ValueError, TypeError) as error:
        raise SetupError(f"--scheduler {scheduler}: not an address ({error}); "
                         "give one like tcp://HOST:8786") from None
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as error:
        reason = (f"no answer in {CONNECT_TIMEOUT:g} s" if isinstance(error, TimeoutError)
                  else (error.strerror or str(error)).lower())
        raise SetupError(f"--scheduler {scheduler}: no scheduler answers there ({reason}); {fix}") from None
    # Something listens: ask it who it is, within the timeout (Dask's own handshake waits for ever on a
    # server that accepts and stays silent, such as another service on that port).
    import asyncio

    try:
        identity = asyncio.run(asyncio.wait_for(_identity(scheduler), CONNECT_TIMEOUT))
    except Exception as error:  # noqa: BLE001 - a timeout, a reset, garbage: all mean "not a scheduler"
        reason = f"no Dask answer in {CONNECT_TIMEOUT:g} s" if isinstance(error, TimeoutError) else (
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else 'no reason given'}")
        raise SetupError(f"--scheduler {scheduler}: not a Dask scheduler ({reason}); {fix}") from None
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        kind = identity.get("type") if isinstance(identity, dict) else type(identity).__name__
        raise SetupError(f"--scheduler {scheduler}: answers as {kind}, not a Dask scheduler; {fix}")


async def _identity(address: str):
    from distributed.comm import connect

    comm = await connect(address, timeout=CONNECT_TIMEOUT)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def run_dask(chunks: Iterator[list[Item]], client, workers: int) -> Iterator[list[Result]]:
    window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * workers)
    yield from _bounded(lambda c: client.submit(process_chunk, c, pure=False), lambda f: f.result(),
                        chunks, window)


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
    encoding: str | None = None  # None: UTF-8 (or a byte-order mark's); a Python codec name; or "auto"


def output_path(out: Path, name: str) -> Path:
    """Where the result for input `name` goes: `out/<stem>.json`, or standard output for `--out -`."""
    return out if str(out) == STDOUT else out / f"{Path(name).stem}.json"


def _read(path: Path, reference_date: str | None) -> tuple[str, bytes, str | None]:
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(STDIN_NAME, f"standard input is above the {MAX_BYTES}-byte limit")
        return STDIN_NAME, data, reference_date
    return str(path), read_input(path), read_published(path, reference_date)


def run(files: list[Path], options: RunOptions, summary: Summary) -> Summary:
    # Temp files of a run that was killed before it could remove them (a finished file is always whole).
    if str(options.out) != STDOUT:
        remove_stale_temps(options.out)
    if options.jsonl is not None and str(options.jsonl) != STDOUT:
        remove_stale_temps(options.jsonl.parent)
    try:
        return _run_in(files, options, summary)
    finally:
        discard_pending()  # none when the run ends; after an interrupt, any it struck between two steps


def _run_in(files: list[Path], options: RunOptions, summary: Summary) -> Summary:
    with ExitStack() as stack:
        client = None
        if options.scheduler or options.dask_workers:
            client, cluster = connect_dask(options.scheduler, options.dask_workers or 1)
            if cluster is not None:
                stack.callback(cluster.close)
            stack.callback(client.close)  # closed first: callbacks run last in, first out
        lines = stack.enter_context(AtomicLines(options.jsonl)) if options.jsonl else None
        return _run(files, options, summary, lines, client)


def _run(files: list[Path], options: RunOptions, summary: Summary, lines: AtomicLines | None,
         client=None) -> Summary:
    began = time.perf_counter()
    bar = _progress(len(files)) if options.progress else None
    to_stdout = str(options.out) == STDOUT

    def fail(message: str) -> None:
        summary.failed += 1
        summary.errors.append(message)
        log.error(f"error: {message}")

    def chunks() -> Iterator[list[Item]]:
        chunk: list[Item] = []
        for path in files:
            try:
                name, data, published = _read(path, options.reference_date)
            except (InputError, OSError) as error:
                fail(str(error) if isinstance(error, InputError) else f"{path}: {error.strerror or error}")
                _tick(bar)
                continue
            existing = None if options.force or to_stdout else current_output(
                output_path(options.out, name), data, published, options.encoding)
            if existing is not None:
                summary.skipped += 1
                log.debug(f"skipped {path}: its output is current")
                if lines is not None:
                    lines.write(_line_of(existing))
                _tick(bar)
                continue
            chunk.append((name, data, published, options.encoding))
            if len(chunk) >= options.chunk_size or sum(len(item[1]) for item in chunk) >= CHUNK_BYTES:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    if client is not None:
        results = run_dask(chunks(), client, options.dask_workers or 1)
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
                    target = output_path(options.out, result.name)
                    try:
                        write_atomic(target, result.output.parts())
                    except BrokenPipeError:  # standard output's reader went away: the run is over
                        raise
                    except OSError as error:  # e.g. a folder where the output file should be
                        fail(f"{target}: cannot write it ({error.strerror or error})")
                        _tick(bar)
                        continue
                    summary.written += 1
                    log.debug(f"wrote {target}" if not to_stdout else f"wrote {result.name} to standard output")
                    if lines is not None:
                        lines.write(result.output.line())
                _tick(bar)
    finally:
        if bar is not None:
            bar.close()
        summary.seconds = time.perf_counter() - began
    return summary


def _progress(total: int):
    """A progress bar on a terminal for runs of more than a few files; never in pipes or logs."""
    if total <= 3 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)


def _tick(bar) -> None:
    if bar is not None:
        bar.update(1)
