"""The audit report as one self-contained HTML page: styles, script and chart inlined, and
a content security policy that forbids every network request."""
from __future__ import annotations

import json
from html import escape
from typing import Any, Mapping

_SEVERITY_ORDER = ("error", "warning", "info")

_CSS = """
:root{--fg:#1d2330;--muted:#5b6475;--line:#dfe3ea;--error:#b42318;--warning:#b54708;--info:#175cd3;--ok:#067647;--bg:#f7f8fa}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0}
header,main{max-width:1100px;margin:0 auto;padding:16px 24px}header h1{margin:8px 0 4px;font-size:24px}
.muted{color:var(--muted)}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:150px}
.card b{display:block;font-size:22px}section.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:16px 0}
h2{font-size:18px;margin:4px 0 10px}.bar{fill:#6172f3}.bar-label{font-size:12px;fill:var(--fg)}
.filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center}.filters label{cursor:pointer}
.message{background:#fff;border:1px solid var(--line);border-radius:8px;margin:12px 0;padding:10px 14px}
.message h3{font-size:15px;margin:0;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.score{font-weight:700;border-radius:12px;padding:1px 9px;color:#fff}.score.good{background:var(--ok)}.score.fair{background:var(--warning)}.score.poor{background:var(--error)}
.areas{font-size:12px;color:var(--muted)}table{border-collapse:collapse;width:100%;margin-top:8px}
td{border-top:1px solid var(--line);padding:6px 6px;vertical-align:top;font-size:14px}td.where{white-space:nowrap;color:var(--muted)}
.sev{font-size:12px;font-weight:600;text-transform:uppercase}.sev.error{color:var(--error)}.sev.warning{color:var(--warning)}.sev.info{color:var(--info)}
mark{background:#fde68a;padding:0 2px;border-radius:2px}.context{color:var(--muted)}.suggestion{color:var(--ok);font-size:13px}
.problem{color:var(--error)}.hidden{display:none}.delta-up{color:var(--ok)}.delta-down{color:var(--error)}
"""

_SCRIPT = """
(function(){
  var rows=[].slice.call(document.querySelectorAll('tr.finding'));
  var messages=[].slice.call(document.querySelectorAll('section.message'));
  var category=document.getElementById('filter-category');
  var boxes=[].slice.call(document.querySelectorAll('input.filter-severity'));
  var counter=document.getElementById('shown-count');
  function apply(){
    var wanted={};boxes.forEach(function(b){wanted[b.value]=b.checked;});
    var cat=category.value, shown=0, filtered=(cat!=='all')||boxes.some(function(b){return !b.checked;});
    rows.forEach(function(r){
      var on=(cat==='all'||r.dataset.category===cat)&&wanted[r.dataset.severity];
      r.classList.toggle('hidden',!on); if(on){shown++;}
    });
    messages.forEach(function(m){
      var visible=m.querySelectorAll('tr.finding:not(.hidden)').length;
      m.classList.toggle('hidden',filtered&&visible===0);
    });
    counter.textContent=String(shown);
  }
  category.addEventListener('change',apply);boxes.forEach(function(b){b.addEventListener('change',apply);});
  apply();
})();
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _badge(score: int | None) -> str:
    if score is None:
        return ""
    grade = "good" if score >= 85 else "fair" if score >= 60 else "poor"
    return f'<span class="score {grade}" data-score="{score}">{score}</span>'


def _chart(by_category: Mapping[str, int]) -> str:
    """A horizontal bar chart of findings by category, as inline SVG."""
    if not by_category:
        return '<p class="muted">No findings.</p>'
    width, row, label_w = 640, 24, 130
    top = max(by_category.values())
    height = row * len(by_category) + 6
    bars = []
    for i, (category, count) in enumerate(by_category.items()):
        y = i * row + 3
        w = max(2, round((width - label_w - 60) * count / top))
        bars.append(
            f'<text class="bar-label" x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(category)}</text>'
            f'<rect class="bar" data-category="{escape(category)}" x="{label_w}" y="{y}" width="{w}" height="{row - 6}" rx="3"/>'
            f'<text class="bar-label" x="{label_w + w + 6}" y="{y + 15}">{count}</text>'
        )
    return (f'<svg id="chart" role="img" aria-label="findings by category" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(bars)}</svg>')


def _areas(areas: Mapping[str, Any] | None) -> str:
    if not areas:
        return ""
    parts = [f"{escape(a)} {v['score']:g}/{v['of']:g}" for a, v in areas.items()]
    return f'<span class="areas">{" · ".join(parts)}</span>'


def _finding_row(f: Mapping[str, Any]) -> str:
    suggestions = "".join(f'<div class="suggestion">→ {escape(s)}</div>' for s in f["suggestions"])
    return (
        f'<tr class="finding" data-category="{escape(f["category"])}" data-severity="{escape(f["severity"])}">'
        f'<td class="where">{f["line"]}:{f["column"]}</td>'
        f'<td><span class="sev {escape(f["severity"])}">{escape(f["severity"])}</span><br>'
        f'<span class="muted">{escape(f["rule_id"])}</span></td>'
        f'<td>{escape(f["message"])}<div class="context">{escape(f["before"])}<mark>{escape(f["match"])}</mark>'
        f'{escape(f["after"])}</div>{suggestions}</td></tr>'
    )


def _message(m: Mapping[str, Any]) -> str:
    label = escape(m["label"])
    if m["status"] != "linted":
        return (f'<section class="message {m["status"]}" data-status="{m["status"]}"><h3>{label}</h3>'
                f'<p class="problem">{escape(m["status"])}: {escape(m.get("problem") or "")}</p></section>')
    rows = "".join(_finding_row(f) for f in m["findings"])
    table = f"<table>{rows}</table>" if rows else '<p class="muted">No findings.</p>'
    count = len(m["findings"])
    return (
        f'<section class="message" data-status="linted" data-findings="{count}">'
        f'<h3>{_badge(m.get("score"))}<span>{label}</span><span class="muted">{count} finding{"s" if count != 1 else ""}</span>'
        f'{_areas(m.get("areas"))}</h3>{table}</section>'
    )


def _trend(trend: Mapping[str, Any] | None) -> str:
    if not trend:
        return ""
    mean, findings, counts = trend["mean_score"], trend["findings"], trend["messages"]

    def delta(then: float | None, now: float | None, better_up: bool = True) -> str:
        if then is None or now is None:
            return ""
        change = round(now - then, 1)
        good = change > 0 if better_up else change < 0
        css = "delta-up" if good else "delta-down" if change else "muted"
        return f' <span class="{css}">({change:+g})</span>'

    moved = "".join(
        f"<tr><td>{escape(t['label'])}</td><td>{t['then']}</td><td>{t['now']}</td>"
        f"<td>{delta(t['then'], t['now'])}</td></tr>" for t in trend["moved"]
    )
    since = f" since {escape(trend['generated'])}" if trend.get("generated") else ""
    return (
        f'<section class="panel" id="trend"><h2>Trend{since}</h2>'
        f'<p>Mean score {mean["then"]} → <b>{mean["now"]}</b>{delta(mean["then"], mean["now"])}; '
        f'findings {findings["then"]} → <b>{findings["now"]}</b>{delta(findings["then"], findings["now"], better_up=False)}; '
        f'messages {counts["then"]} → {counts["now"]} ({counts["new"]} new, {counts["gone"]} gone).</p>'
        + (f"<table><tr><td><b>message</b></td><td><b>then</b></td><td><b>now</b></td><td></td></tr>{moved}</table>" if moved else "")
        + "</section>"
    )


def render_report(data: Mapping[str, Any]) -> str:
    """The page for ``report_data(...)``; the data is embedded too, so the report can be the
    ``--previous`` of a later one."""
    s = data["summary"]
    sev = s["by_severity"]
    mean = "–" if s["mean_score"] is None else f'{s["mean_score"]:g}'
    lowest = "–" if s["lowest_score"] is None else str(s["lowest_score"])
    summary_text = (
        f'{s["messages"]} message{"s" if s["messages"] != 1 else ""} in {s["files"]} file{"s" if s["files"] != 1 else ""}: '
        f'{s["findings"]} finding{"s" if s["findings"] != 1 else ""} '
        f'({sev["error"]} error, {sev["warning"]} warning, {sev["info"]} info); mean score {mean}, lowest {lowest}'
        + (f'; {s["errors"]} unreadable' if s["errors"] else "")
    )
    categories = "".join(f'<option value="{escape(c)}">{escape(c)} ({n})</option>' for c, n in s["by_category"].items())
    severities = "".join(
        f'<label><input type="checkbox" class="filter-severity" value="{v}" checked> {v} ({sev[v]})</label>'
        for v in _SEVERITY_ORDER
    )
    shares = dict(data.get("budgets") or {})
    areas = "".join(
        f'<div class="card area" data-area="{escape(a)}"><span class="muted">{escape(a)}</span><b>{v:g}'
        + (f'<span class="muted"> / {shares[a]:g}</span>' if a in shares else "") + "</b></div>"
        for a, v in s["areas"].items()
    )
    embedded = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(data["title"])}</title><style>{_CSS}</style></head>
<body><header><h1>{escape(data["title"])}</h1>
<p id="summary">{escape(summary_text)}</p>
{f'<p class="muted" id="note">{escape(data["note"])}</p>' if data.get("note") else ""}
<p class="muted">Generated {escape(data.get("generated") or "")} by commlint. Scores are 0-100 per message (docs/score.md); worst first.</p>
<div class="cards"><div class="card"><span class="muted">mean score</span><b id="mean-score">{mean}</b></div>
<div class="card"><span class="muted">findings</span><b id="finding-count">{s["findings"]}</b></div>{areas}</div></header>
<main>{_trend(data.get("trend"))}
<section class="panel"><h2>Findings by category</h2>{_chart(s["by_category"])}</section>
<section class="panel filters" id="filters"><label>Category <select id="filter-category"><option value="all">all</option>{categories}</select></label>
{severities}<span class="muted"><span id="shown-count">{s["findings"]}</span> shown</span></section>
<div id="messages">{"".join(_message(m) for m in data["messages"])}</div></main>
<script type="application/json" id="report-data">{embedded}</script>
<script>{_SCRIPT}</script></body></html>
"""
