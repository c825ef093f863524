# Regenerates generated_sacrebleu_{bleu,chrf}.json. Needs sacreBLEU 2.6.0 importable (its source tree with stub
# portalocker/tabulate/lxml modules was enough) and this folder first on sys.path for the regex stand-in.
# Usage: python3 generate_sacrebleu_reference.py OUT_DIR   (run from the repository root's sibling layout with ../shared/data)
import sys, json, gzip, random
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); sys.path.insert(0, os.environ.get('SACREBLEU_SRC', '.'))
from sacrebleu.metrics import BLEU, CHRF
R = random.Random(1234)
def load(path, key, n, skip=0):
    op = gzip.open if path.endswith('.gz') else open
    out=[]
    with op(path,'rt',encoding='utf-8') as f:
        for i,l in enumerate(f):
            if i < skip: continue
            d=json.loads(l); out.append(d)
            if len(out)>=n: break
    return out
kjv = {d['id']:d['en'] for d in load('/work/shared/data/bible_kjv_es.jsonl','en',400)}
web = {d['id']:d['en'] for d in load('/work/shared/data/bible_web_es.jsonl','en',400)}
ids = [i for i in web if i in kjv][:150]
en_hyp=[kjv[i] for i in ids]; en_ref=[web[i] for i in ids]
es = [d['es'] for d in load('/work/shared/data/bible_web_es.jsonl','es',400)][:120]
zh = [d['zh'] for d in load('/work/shared/data/ui_en_zh.jsonl.gz','zh',3000) if len(d['zh'])>3][200:320]
def perturb(s, words=True):
    toks = s.split() if words else list(s)
    if len(toks)>2:
        op=R.randrange(4)
        i=R.randrange(len(toks)-1)
        if op==0: del toks[i]
        elif op==1: toks[i],toks[i+1]=toks[i+1],toks[i]
        elif op==2: toks.insert(i, toks[R.randrange(len(toks))])
        else: toks[i]=toks[i].upper() if words else '的'
    return (' ' if words else '').join(toks)
es_hyp=[perturb(perturb(s)) for s in es]
zh_hyp=[perturb(s, False) for s in zh]
es_hyp[3]=''; zh_hyp[5]=''
en_ref2=[perturb(s) for s in en_ref]
src={"repo":"mjpost/sacrebleu","commit":"f615c7286d4d813370efb824d94fc2bfcd3a6b94","file":"(computed by running sacreBLEU; see provenance)"}
bleu_cases=[]; chrf_cases=[]
def bcase(cid, hyps, refs, level='corpus', **kw):
    p=dict(lowercase=False, force=True, tokenize='13a', smooth_method='exp', smooth_value=None, max_ngram_order=4, effective_order=(level=='sentence'))
    p.update(kw)
    m=BLEU(lowercase=p['lowercase'], force=True, tokenize=p['tokenize'], smooth_method=p['smooth_method'], smooth_value=p['smooth_value'], max_ngram_order=p['max_ngram_order'], effective_order=p['effective_order'])
    if level=='corpus': s=m.corpus_score(hyps, refs)
    else: s=m.sentence_score(hyps, refs)
    c={"id":cid,"source":src,"call":"BLEU(**params).%s_score(...)" % level,"level":level,"params":p}
    if level=='corpus': c["hypotheses"]=hyps; c["references"]=refs
    else: c["hypothesis"]=hyps; c["references"]=refs
    c["expected"]={"quantity":"score","value":s.score,"abs_tol":1e-9}
    c["sacrebleu_actual_score"]=s.score
    c["sacrebleu_actual_stats"]={"counts":s.counts,"totals":s.totals,"sys_len":s.sys_len,"ref_len":s.ref_len}
    c["sacrebleu_signature"]=str(m.get_signature())
    bleu_cases.append(c)
def ccase(cid, hyps, refs, level='corpus', **kw):
    p=dict(char_order=6, word_order=0, beta=2, whitespace=False, eps_smoothing=False, lowercase=False); p.update(kw)
    m=CHRF(**p)
    s = m.corpus_score(hyps, refs) if level=='corpus' else m.sentence_score(hyps, refs)
    c={"id":cid,"source":src,"call":"CHRF(**params).%s_score(...)" % level,"level":level,"params":p}
    if level=='corpus': c["hypotheses"]=hyps; c["references"]=refs
    else: c["hypothesis"]=hyps; c["references"]=refs
    c["expected"]={"quantity":"score","value":s.score,"abs_tol":1e-9}
    c["sacrebleu_actual_score"]=s.score
    c["sacrebleu_signature"]=str(m.get_signature())
    chrf_cases.append(c)
bcase('gen.en_kjv_web.13a', en_hyp, [en_ref])
bcase('gen.en_kjv_web.13a.two_refs', en_hyp, [en_ref, en_ref2])
bcase('gen.en_kjv_web.intl.lowercase', en_hyp, [en_ref], tokenize='intl', lowercase=True)
bcase('gen.en_kjv_web.var_refs', en_hyp[:20], [en_ref[:20], [None if i%3==0 else r for i,r in enumerate(en_ref2[:20])]])
bcase('gen.es.13a.floor', es_hyp, [es], smooth_method='floor')
bcase('gen.es.intl.addk', es_hyp, [es], tokenize='intl', smooth_method='add-k', smooth_value=0.5)
bcase('gen.es.none.order6', es_hyp, [es], tokenize='none', max_ngram_order=6)
bcase('gen.zh.zh', zh_hyp, [zh], tokenize='zh')
bcase('gen.zh.char', zh_hyp, [zh], tokenize='char')
bcase('gen.zh.13a.order2', zh_hyp, [zh], max_ngram_order=2)
for k,i in enumerate([0,7,19,33]):
    for sm in ['exp','floor','add-k','none']:
        bcase(f'gen.sentence.en{i}.{sm}', en_hyp[i], [en_ref[i], en_ref2[i]], level='sentence', smooth_method=sm)
    bcase(f'gen.sentence.zh{i}.zh', zh_hyp[i], [zh[i]], level='sentence', tokenize='zh')
bcase('gen.sentence.empty_hyp', '', [en_ref[0]], level='sentence')
ccase('gen.en.chrf', en_hyp, [en_ref])
ccase('gen.en.chrfpp', en_hyp, [en_ref], word_order=2)
ccase('gen.en.chrfpp.two_refs', en_hyp, [en_ref, en_ref2], word_order=2)
ccase('gen.en.chrfpp.lc.eps', en_hyp, [en_ref], word_order=2, lowercase=True, eps_smoothing=True)
ccase('gen.es.chrf.whitespace', es_hyp, [es], whitespace=True)
ccase('gen.es.chrfpp.beta3', es_hyp, [es], word_order=2, beta=3)
ccase('gen.zh.chrf', zh_hyp, [zh])
ccase('gen.zh.chrfpp', zh_hyp, [zh], word_order=2)
for i in [0,7,19]:
    ccase(f'gen.sentence.en{i}.chrfpp', en_hyp[i], [en_ref[i], en_ref2[i]], level='sentence', word_order=2)
    ccase(f'gen.sentence.zh{i}.chrf', zh_hyp[i], [zh[i]], level='sentence')
ccase('gen.sentence.empty_hyp', '', [en_ref[0]], level='sentence')
prov = ("Computed here by running sacreBLEU 2.6.0 (source at the commit above) on real pairs from ../shared/data "
        "(KJV vs WEB English Bible verses; Spanish WEB verses and Chinese UI strings against deterministic perturbations, "
        "random.Random(1234)). The intl tokenizer ran with a stand-in for the `regex` module that expands \\p{N}/\\p{P}/\\p{S} "
        "from Python's unicodedata. generated by tests/Fixtures/metrics/generator/generate_sacrebleu_reference.py.")
conv_b = {"references":"as sacrebleu_bleu.json","params":"as sacrebleu_bleu.json","expected.quantity":"score = BLEU 0..100","tolerance":"abs_tol","sacrebleu_signature":"str(BLEU.get_signature()) after scoring"}
conv_c = {"references":"as sacrebleu_chrf.json","params":"as sacrebleu_chrf.json","expected.quantity":"score = chrF 0..100","tolerance":"abs_tol","sacrebleu_signature":"str(CHRF.get_signature()) after scoring"}
json.dump({"peer":"sacreBLEU 2.6.0 (github mjpost/sacrebleu @ f615c7286d4d813370efb824d94fc2bfcd3a6b94)","provenance":prov,"metric":"BLEU","conventions":conv_b,"count":len(bleu_cases),"cases":bleu_cases}, open(sys.argv[1]+'/generated_sacrebleu_bleu.json','w'), ensure_ascii=False, indent=1)
json.dump({"peer":"sacreBLEU 2.6.0 (github mjpost/sacrebleu @ f615c7286d4d813370efb824d94fc2bfcd3a6b94)","provenance":prov,"metric":"chrF / chrF++","conventions":conv_c,"count":len(chrf_cases),"cases":chrf_cases}, open(sys.argv[1]+'/generated_sacrebleu_chrf.json','w'), ensure_ascii=False, indent=1)
print(len(bleu_cases), len(chrf_cases))
