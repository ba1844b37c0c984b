import json, os, sys
# Markdown table of a zoo folder: each method's rescored score (% of the rescored oracle), then its search-time score.
root = sys.argv[1]
worlds = ['skill-specialised','no-clean-source','small-clean-source','mislabelled-tags','heavy-duplication','off-target-majority']
rows = {}
for w in worlds:
    p = f'{root}/{w}/compare.json'
    if not os.path.exists(p): continue
    d = json.load(open(p))
    m = {x['method']: (x['mean'], x.get('rescored_mean')) for x in d['methods']}
    if 'oracle' not in m or m['oracle'][1] is None: continue
    rows[w] = m
def pct(w, k, i): return 100*rows[w][k][i]/rows[w]['oracle'][i]
methods = sorted({k for m in rows.values() for k in m}, key=lambda k: -sum(pct(w, k, 1) for w in rows if k in rows[w]))
print('| method | ' + ' | '.join(f'`{w}`' for w in rows) + ' | mean % of oracle, rescored | mean % of oracle, as found |')
print('| --- | ' + ' | '.join('---:' for _ in rows) + ' | ---: | ---: |')
for k in methods:
    cells, p1, p0 = [], [], []
    for w in rows:
        if k not in rows[w]: cells.append('–'); continue
        v0, v1 = rows[w][k]
        p1.append(pct(w, k, 1)); p0.append(pct(w, k, 0))
        cells.append(f'{v1:.1f} ({p1[-1]:.1f} %)' + ('' if abs(v0 - v1) < 0.05 else f' [{v0:.1f}]'))
    full = len(p1) == len(rows)
    print(f'| {k} | ' + ' | '.join(cells) + f" | {sum(p1)/len(p1):.1f} | {sum(p0)/len(p0):.1f} |" if full else f'| {k} | ' + ' | '.join(cells) + ' | – | – |')
