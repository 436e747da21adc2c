"""The inline stylesheet of --format html: light and dark themes, print, narrow screens.

Level colours meet WCAG AA contrast on their tints; levels are also spelled out
in text, never shown by colour alone.
"""

CSS = """
:root{--bg:#f6f4ef;--paper:#fffdf8;--ink:#1f2328;--muted:#5b6169;--rule:#e4e0d6;--accent:#7a2e1d;
--err:#b42318;--err-bg:#fde4e1;--warn:#9a5b00;--warn-bg:#fff0c2;--sugg:#1d5fbf;--sugg-bg:#dde9fb;
--serif:"Iowan Old Style","Palatino Linotype",Palatino,"Source Serif Pro",Georgia,"DejaVu Serif",serif;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans",Arial,sans-serif;
--mono:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace}
@media (prefers-color-scheme:dark){:root{--bg:#16181c;--paper:#1f2227;--ink:#e7e3da;--muted:#a3a7ae;--rule:#353941;--accent:#f0a58f;
--err:#ff8a7a;--err-bg:#4a1f1b;--warn:#f3c15a;--warn-bg:#43360f;--sugg:#8db8ff;--sugg-bg:#1c2f4d}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--ink);font:16px/1.5 var(--sans)}
body{margin:0}
main{max-width:1240px;margin:0 auto;padding:2rem 1.5rem 3rem}
code{font-family:var(--mono);font-size:.86em}
a{color:var(--sugg)}
a:focus-visible,mark:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
h1,h2,h3{line-height:1.2}
.top{border-bottom:3px double var(--rule);padding-bottom:1.2rem;margin-bottom:1.5rem}
.brand{margin:0;font:700 .8rem/1 var(--sans);letter-spacing:.18em;text-transform:uppercase;color:var(--accent)}
.top h1{font:700 2.3rem/1.15 var(--serif);margin:.35rem 0 .2rem}
.sub{margin:0;color:var(--muted)}
.chips{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:1rem 0 0}
.chip{border-radius:999px;padding:.2rem .8rem;font-size:.9rem;background:var(--paper);border:1px solid var(--rule)}
.chip .n{font-weight:700}
.chip.zero{opacity:.55}
.chip.lvl-error,.tag.run-error,.chip.run-error{color:var(--err)}
.chip.lvl-warning{color:var(--warn)}
.chip.lvl-suggestion{color:var(--sugg)}
.errors{background:var(--err-bg);border-left:5px solid var(--err);padding:.8rem 1.2rem;border-radius:6px;margin-bottom:1.5rem}
.errors h2{margin:.2rem 0;font-size:1.1rem;color:var(--err)}
.errors ul{margin:.4rem 0;padding-left:1.2rem}
.summary h2,.article h2{font:700 1.35rem/1.2 var(--serif);margin:0 0 .8rem}
.tables{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.2fr);gap:1.2rem;align-items:start}
@media (max-width:900px){.tables{grid-template-columns:minmax(0,1fr)}}
.card{background:var(--paper);border:1px solid var(--rule);border-radius:10px;padding:.6rem 1rem 1rem;overflow-x:auto}
.card.scroll{max-height:34rem;overflow-y:auto}
.card.scroll thead th{position:sticky;top:0;background:var(--paper);box-shadow:0 1px 0 var(--rule)}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption,.caption{text-align:left;margin:0;font-weight:700;font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);padding:.4rem 0 .5rem}
th,td{text-align:left;padding:.42rem .5rem;border-top:1px solid var(--rule);vertical-align:top}
thead th{border-top:0;font-size:.8rem;color:var(--muted);font-weight:600}
tbody th{font-weight:400}
.by-file tbody th{overflow-wrap:anywhere}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.zero{color:var(--muted);opacity:.55}
td.total{font-weight:700}
td.lvl{color:var(--muted);font-size:.85rem}
.about{display:block;color:var(--muted);font-size:.82rem;margin-top:.1rem}
.by-rule td.num{position:relative;width:8.5rem}
.bar{position:absolute;right:.5rem;top:50%;height:.55rem;transform:translateY(-50%);border-radius:3px;opacity:.35;max-width:calc(100% - 2.8rem);margin-right:2rem}
.count{position:relative;font-weight:700}
.dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-right:.45rem;vertical-align:.05em}
.dot.lvl-error,.bar.lvl-error{background:var(--err)}
.dot.lvl-warning,.bar.lvl-warning{background:var(--warn)}
.dot.lvl-suggestion,.bar.lvl-suggestion{background:var(--sugg)}
.tag{font-size:.78rem;font-weight:600;margin-left:.3rem}
.empty,.clean-note,tr.clean th{color:var(--muted)}
.article{margin-top:2.4rem}
.article h2 code{font-family:var(--mono);font-size:1rem;font-weight:600;background:var(--paper);border:1px solid var(--rule);padding:.15rem .5rem;border-radius:6px}
.meta{color:var(--muted);margin:-.3rem 0 .8rem;font-size:.92rem}
.file-error{background:var(--err-bg);border-left:4px solid var(--err);padding:.5rem .8rem;border-radius:4px}
.doc{background:var(--paper);border:1px solid var(--rule);border-radius:10px;padding:1rem 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.row{display:grid;grid-template-columns:3.2rem minmax(0,1fr) minmax(15rem,21rem);column-gap:1.2rem;padding:.15rem 1.2rem .15rem 0}
.row:target{background:var(--warn-bg)}
.row.blank{min-height:.6rem;padding:0 1.2rem 0 0}
.ln{text-align:right;color:var(--muted);opacity:.6;font:.75rem/2.1 var(--mono);user-select:none}
.tx{font:1.06rem/1.75 var(--serif);white-space:pre-wrap;overflow-wrap:anywhere;padding:.05rem 0 .5rem;grid-column:2}
.notes{list-style:none;margin:0;padding:0;grid-column:3;font-size:.84rem;line-height:1.4}
.notes.loose{padding:0 1rem}
@media (max-width:900px){.row{grid-template-columns:2.4rem minmax(0,1fr)}.notes{grid-column:2;margin-bottom:.8rem}}
.note{display:flex;gap:.55rem;background:var(--bg);border-left:3px solid currentColor;border-radius:0 6px 6px 0;padding:.45rem .6rem;margin:.25rem 0 .45rem}
.note .body{color:var(--ink);min-width:0;overflow-wrap:anywhere}
.note p{margin:0}
.note .num{flex:none;display:inline-grid;place-items:center;min-width:1.35rem;height:1.35rem;border-radius:50%;background:currentColor;text-decoration:none;font-weight:700;font-size:.75rem}
.note .num{color:var(--paper)}
.note.lvl-error .num{background:var(--err)}.note.lvl-warning .num{background:var(--warn)}.note.lvl-suggestion .num{background:var(--sugg)}
.note.lvl-error{color:var(--err)}.note.lvl-warning{color:var(--warn)}.note.lvl-suggestion{color:var(--sugg)}
.note .head{font-size:.78rem;color:var(--muted)}
.note .level{text-transform:uppercase;letter-spacing:.06em;font-weight:700;font-size:.7rem}
.note.lvl-error .level{color:var(--err)}.note.lvl-warning .level{color:var(--warn)}.note.lvl-suggestion .level{color:var(--sugg)}
.note .rule{font-weight:600;color:var(--ink)}
.note .pos{font-family:var(--mono);font-size:.72rem}
.note .msg{margin-top:.15rem}
.note .fix,.note .see,.note .link{margin-top:.2rem;color:var(--muted)}
.note q{font-weight:600;color:var(--ink)}
mark.hl{color:inherit;border-radius:2px;padding:.05em 0;border-bottom:2px solid;cursor:help}
mark.lvl-error{background:var(--err-bg);border-color:var(--err)}
mark.lvl-warning{background:var(--warn-bg);border-color:var(--warn)}
mark.lvl-suggestion{background:var(--sugg-bg);border-color:var(--sugg)}
mark.hl mark.hl{border-bottom-style:double;border-bottom-width:3px}
mark.hl[data-n]::after{content:attr(data-n);font:700 .62rem/1 var(--sans);vertical-align:super;margin-left:.12em;padding:0 .12em}
mark.lvl-error[data-n]::after{color:var(--err)}mark.lvl-warning[data-n]::after{color:var(--warn)}mark.lvl-suggestion[data-n]::after{color:var(--sugg)}
mark.point{border-bottom:0;background:none}
mark.point::before{content:"\\2038";font-weight:700}
mark.point.lvl-error::before{color:var(--err)}mark.point.lvl-warning::before{color:var(--warn)}mark.point.lvl-suggestion::before{color:var(--sugg)}
footer{margin-top:3rem;color:var(--muted);font-size:.82rem;border-top:1px solid var(--rule);padding-top:1rem}
@media print{html{background:#fff}.doc,.card{box-shadow:none}.row{break-inside:avoid}}
"""
