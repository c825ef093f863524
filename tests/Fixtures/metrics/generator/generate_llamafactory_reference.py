# Regenerates generated_llamafactory.json: LLaMA-Factory's ComputeSimilarity numbers with jieba replaced by
# SharpTune's documented segmentation (ASCII letter/digit runs whole, every other non-space character alone).
# Needs nltk (nltk.translate.bleu_score) and pltrdy/rouge (rouge.rouge_score) importable; rouge_chinese's sentence
# cutting is re-stated below from its documented behaviour. Usage: python3 generate_llamafactory_reference.py OUT_DIR
import sys, os, json, gzip, re, random
DATA = os.environ.get('SHARPTUNE_DATA', '../shared/data')
from nltk.translate.bleu_score import sentence_bleu, SmoothingFunction
from rouge import rouge_score as rs

def segment(text):
    return re.findall(r'[A-Za-z0-9]+|[^\sA-Za-z0-9]', text)

def cut_sent(para):
    para = re.sub('([。！？\?])([^”’])', r"\1\n\2", para)
    para = re.sub('(\.{6})([^”’])', r"\1\n\2", para)
    para = re.sub('(\…{2})([^”’])', r"\1\n\2", para)
    para = re.sub('([。！？\?][”’])([^，。！？\?])', r'\1\n\2', para)
    return para.rstrip().split("\n")

def rouge(hyp, ref):
    hyp = [" ".join(_.split()) for _ in cut_sent(hyp) if len(_) > 0]
    ref = [" ".join(_.split()) for _ in cut_sent(ref) if len(_) > 0]
    return {"rouge-1": rs.rouge_n(hyp, ref, 1)["f"], "rouge-2": rs.rouge_n(hyp, ref, 2)["f"],
            "rouge-l": rs.rouge_l_summary_level(hyp, ref)["f"]}

def sample(pred, label):
    hypothesis, reference = segment(pred), segment(label)
    if len(" ".join(hypothesis).split()) == 0 or len(" ".join(reference).split()) == 0:
        r = {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0}
    else:
        r = rouge(" ".join(hypothesis), " ".join(reference))
    out = {k + "-lf": round(v * 100, 4) for k, v in r.items()}
    out["bleu-4-lf"] = round(sentence_bleu([list(label)], list(pred), smoothing_function=SmoothingFunction().method3) * 100, 4)
    return out

R = random.Random(99)
def load(path, key, n):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8') as f:
        return [json.loads(l)[key] for _, l in zip(range(n), f)]
zh = [s for s in load(DATA + '/ui_en_zh.jsonl.gz', 'zh', 4000) if len(s) > 4][1000:1040]
en = load(DATA + '/bible_web_es.jsonl', 'en', 40)
def perturb(s):
    t = list(s)
    for _ in range(3):
        if len(t) > 3:
            i = R.randrange(len(t) - 1); op = R.randrange(3)
            if op == 0: del t[i]
            elif op == 1: t[i], t[i + 1] = t[i + 1], t[i]
            else: t.insert(i, t[R.randrange(len(t))])
    return ''.join(t)
pairs = [(perturb(s), s) for s in zh] + [(perturb(s), s) for s in en]
pairs += [("", "参考"), ("。。。", "参考。"), ("你好。世界！", "你好！世界。"), ("abc def", "abc def"), ("   ", "x")]
cases = [{"id": f"lf.{i}", "prediction": p, "label": l, "expected": sample(p, l), "abs_tol": 1e-9} for i, (p, l) in enumerate(pairs)]
json.dump({"peer": "LLaMA-Factory ComputeSimilarity (nltk sentence_bleu method3; rouge_chinese-style Rouge on pltrdy/rouge) with jieba replaced by SharpTune's segmentation",
           "provenance": "Computed here by running nltk.translate.bleu_score and pltrdy/rouge's rouge_score (sources from github nltk/nltk and pltrdy/rouge) on real pairs from ../shared/data with deterministic perturbations (random.Random(99)). generator/generate_llamafactory_reference.py.",
           "metric": "llamafactory", "conventions": {"expected": "per-sample values exactly as LLaMA-Factory appends them (x100, round 4)"},
           "count": len(cases), "cases": cases}, open(sys.argv[1] + '/generated_llamafactory.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(cases))
