#!/usr/bin/env python3
"""Offline check of the specialist mix's margin (docs/search.md, "The 10-point margin, read against the
logs"): for every search log under results/ with source screening, the mix the 10-point rule builds
and the one a binomial-noise margin (2 standard errors of the difference on 100 questions) builds,
beside the mix's score when the search trained it. Run from the repository root: python3 results/margin.py"""
import json,glob,math,collections
def rule(scr,opt,kind,z=2.0,n=100):
    ranked=sorted(scr,key=lambda r:(-r['objective'],r['edit']))
    best=ranked[0]; held=collections.Counter()
    for b in sorted(opt):
        bs=best['scores'][b]
        def clears(c):
            s=c['scores'][b]
            if kind=='fixed': return s>bs+10
            p1,p2=bs/100,s/100
            se=math.sqrt(max(p1*(1-p1),0.25/n)/n+max(p2*(1-p2),0.25/n)/n)*100
            return s>bs+z*se
        cands=[c for c in ranked if clears(c)]
        h=max(cands,key=lambda c:c['scores'][b]) if cands else best
        held[h['edit'].replace('screen ','')]+=1
    return dict(held) if len(held)>1 else None
for f in sorted(glob.glob('results/**/search-logs/*.jsonl',recursive=True)):
    if any(x in f for x in ['no_','greedy']): continue
    recs=[json.loads(l) for l in open(f)]
    scr=[r for r in recs if r.get('origin')=='screening' and r.get('scores') and r['edit'].startswith('screen ') ]
    if len(scr)<2: continue
    opt=scr[0]['optimised_benchmarks']
    a=rule(scr,opt,'fixed'); b=rule(scr,opt,'binom')
    mix=[r['objective'] for r in recs if r.get('origin')=='specialists']
    best=max(r['objective'] for r in scr)
    print(f.replace('results/','').replace('/search-logs',''), '| best alone %.1f'%best,'| mix', mix, '\n    fixed:',a,'\n    binom:',b)
