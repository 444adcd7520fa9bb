"""`python -m pipeline review OUTPUT.json`: one self-contained HTML page for checking an extraction by eye.

The article with every extracted span highlighted (a `<mark>` with `data-type` and `data-id`), a legend, the
entries as cards, an index of entities (click one to mark its mentions) and a timeline of the dates. No
network: styles and script are inline.
"""

from __future__ import annotations

import html
from pathlib import Path

from pipeline.load import InputError, checksum, decode
from schemas import Extraction

COLORS = {
    "person": "#ffd166", "organization": "#8ecae6", "spacecraft": "#f4a261", "module": "#b5e48c",
    "station": "#cdb4db", "launch_vehicle": "#f28482", "mission": "#90dbf4", "experiment": "#ffafcc",
    "location": "#a3c4bc", "date": "#e9ecef",
}

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:1fr 22rem;gap:1rem;padding:1rem}
h1{grid-column:1/3;font-size:1.3rem;margin:.2rem 0}
pre{white-space:pre-wrap;font:inherit;background:#fff;border:1px solid #ddd;padding:1rem;margin:0}
mark{border-radius:3px;padding:0 1px;cursor:pointer}
mark.active{outline:2px solid #d00;outline-offset:1px}
aside section{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;margin-bottom:1rem;background:#fafafa}
aside h2{font-size:1rem;margin:.2rem 0 .5rem}
.swatch{padding:0 .3rem;border-radius:3px;font-size:.85em}
.legend span{display:inline-block;margin:0 .4rem .3rem 0;padding:0 .4rem;border-radius:3px}
.entity{display:block;width:100%;text-align:left;border:0;background:none;padding:.15rem;cursor:pointer;font:inherit}
.entity:hover,.entity.active{background:#eee}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;margin:.6rem 0;background:#fff}
.card h3{margin:0 0 .3rem;font-size:1rem}
.muted{color:#666;font-size:.9em}
ol.timeline{padding-left:1.2rem}
main{grid-column:1}
"""

SCRIPT = """
document.querySelectorAll('.entity').forEach(function (button) {
  button.addEventListener('click', function () {
    var id = button.dataset.id, on = !button.classList.contains('active');
    document.querySelectorAll('.entity.active, mark.active').forEach(function (e) { e.classList.remove('active'); });
    if (on) {
      button.classList.add('active');
      document.querySelectorAll('mark[data-id="' + id + '"]').forEach(function (m) { m.classList.add('active'); });
      var first = document.querySelector('mark[data-id="' + id + '"]');
      if (first) { first.scrollIntoView({block: 'center'}); }
    }
  });
});
"""


def _spans(extraction: Extraction) -> list[tuple[int, int, str, str, str]]:
    """(start, end, type, id, label) for every mention and date."""
    spans = [(m.start, m.end, e.type, e.id, e.name) for e in extraction.entities for m in e.mentions]
    spans += [(d.start, d.end, "date", f"date:{i}", d.value) for i, d in enumerate(extraction.dates)]
    return sorted(spans, key=lambda s: (s[0], -s[1]))


def highlight(text: str, extraction: Extraction) -> str:
    """The text with nested <mark>s; a span that only partly overlaps an open one is closed and reopened."""
    out, open_ends, cursor = [], [], 0
    for start, end, type_, id_, label in _spans(extraction):
        while open_ends and open_ends[-1] <= start:
            close = open_ends.pop()
            out.append(html.escape(text[cursor:close]) + "</mark>")
            cursor = close
        out.append(html.escape(text[cursor:start]))
        cursor = start
        end = min(end, open_ends[-1]) if open_ends else end
        color = COLORS.get(type_, "#ddd")
        out.append(f'<mark data-type="{type_}" data-id="{html.escape(id_)}" title="{html.escape(type_)}: '
                   f'{html.escape(label)}" style="background:{color}">')
        open_ends.append(end)
    while open_ends:
        close = open_ends.pop()
        out.append(html.escape(text[cursor:close]) + "</mark>")
        cursor = close
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def render(text: str, extraction: Extraction) -> str:
    doc = extraction.document
    legend = "".join(f'<span style="background:{c}">{t.replace("_", " ")}</span>' for t, c in COLORS.items())
    entities = "".join(
        f'<button class="entity" data-id="{html.escape(e.id)}"><span class="swatch" style="background:'
        f'{COLORS.get(e.type, "#ddd")}">{html.escape(e.type)}</span> {html.escape(e.name)} '
        f'<span class="muted">×{len(e.mentions)}</span></button>'
        for e in sorted(extraction.entities, key=lambda e: (e.type, e.name)))
    cards = []
    for entry in extraction.entries:
        refs = "".join(f"<li>{r.kind.replace('_', ' ')}: {html.escape(r.title)}</li>" for r in entry.references)
        dates = ", ".join(html.escape(extraction.dates[i].value) for i in entry.date_indexes)
        cards.append(
            f'<div class="card"><h3>{entry.index}. {html.escape(entry.title or "(no title)")}</h3>'
            f"<div>{html.escape(entry.caption)}</div>"
            + (f'<ul class="muted">{refs}</ul>' if refs else "")
            + (f'<div class="muted">dates: {dates}</div>' if dates else "") + "</div>")
    timeline = "".join(
        f"<li>{html.escape(d.value)} <span class='muted'>{html.escape(d.text)} (entry {d.entry})</span></li>"
        for d in sorted(extraction.dates, key=lambda d: (d.value.lstrip("-"), d.start)))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(doc.title or doc.id)} — review</title>
<style>{STYLE}</style></head>
<body>
<h1>{html.escape(doc.title or doc.id)} <span class="muted">{html.escape(doc.author or "")} · {html.escape(doc.source)}</span></h1>
<main><pre id="article">{highlight(text, extraction)}</pre>
<h2>Entries</h2>{"".join(cards)}</main>
<aside>
<section class="legend"><h2>Legend</h2>{legend}</section>
<section><h2>Entities ({len(extraction.entities)})</h2>{entities}</section>
<section><h2>Timeline ({len(extraction.dates)})</h2><ol class="timeline">{timeline}</ol></section>
</aside>
<script>{SCRIPT}</script>
</body></html>
"""


def find_article(output: Path, extraction: Extraction, text_path: Path | None) -> str:
    """The article the output came from: --text, or raw/<source> beside or above the output's folder."""
    candidates = [text_path] if text_path else [
        output.parent / extraction.document.source,
        output.parent.parent / "raw" / extraction.document.source,
        Path("raw") / extraction.document.source,
    ]
    for candidate in candidates:
        if candidate and candidate.is_file():
            data = candidate.read_bytes()
            if checksum(data) != extraction.document.sha256:
                raise InputError(candidate, "is not the article this output was made from (checksum differs)")
            return decode(candidate, data, extraction.document.encoding)[0]
    raise InputError(output, f"cannot find the article {extraction.document.source}; pass --text")


def review(output: Path, html_path: Path | None, text_path: Path | None) -> Path:
    from pipeline.write import read_output, write_atomic

    extraction = read_output(output)  # anything else is one line naming the file
    text = find_article(output, extraction, text_path)
    target = html_path or output.with_suffix(".html")
    write_atomic(target, render(text, extraction))
    return target
