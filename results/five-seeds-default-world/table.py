# Markdown table of docs/search.md from a compare.json with --rescore: python3 table.py compare.json
import json, sys, statistics as st
d = json.load(open(sys.argv[1]))
seeds = d['seeds']
names = {'search': '**search**', 'oracle': 'oracle', 'best_single_source': 'best single source', 'random_search': 'random recipe search',
         'random_top_k': "random top-k (search's best size)", 'full_pool': 'full pool'}
ms = {m['method']: m for m in d['methods']}
search = ms['search']
def ms_(v): return f"{st.mean(v):.1f} ± {st.stdev(v):.1f}" if len(v) > 1 else f"{v[0]:.1f}"
rows = sorted(d['methods'], key=lambda m: -st.mean(m.get('rescored_per_seed') or m['per_seed']))
print('| method | ' + ' | '.join(f'seed {s}' for s in seeds) + ' | mean ± std as found | re-trained (seed + 1000), per seed | re-trained mean ± std | search − method, re-trained |')
print('|---|' + '---:|' * len(seeds) + '---:|---|---:|---:|')
for m in rows:
    name = names.get(m['method'], m['method'].replace('single:', 'single: '))
    r = m.get('rescored_per_seed')
    diff = '' if m['method'] == 'search' or not r else ms_([a - b for a, b in zip(search['rescored_per_seed'], r)])
    print(f"| {name} | " + ' | '.join(f'{v:.1f}' for v in m['per_seed']) + f" | {ms_(m['per_seed'])} | {' / '.join(f'{v:.1f}' for v in r) if r else '–'} | {ms_(r) if r else '–'} | {diff} |")
o = ms['oracle']
print()
print('search / oracle, re-trained, per seed: ' + ', '.join(f"{100*a/b:.1f} %" for a, b in zip(search['rescored_per_seed'], o['rescored_per_seed'])) +
      f"; on the means {100*st.mean(search['rescored_per_seed'])/st.mean(o['rescored_per_seed']):.1f} %")
b = ms['best_single_source']
print('best single source / oracle, re-trained: ' + f"{100*st.mean(b['rescored_per_seed'])/st.mean(o['rescored_per_seed']):.1f} %")
