# Minimal stand-in for the `regex` module: supports \p{N}, \P{N}, \p{P}, \p{S} by expanding them
# into explicit character classes from Python's unicodedata, then delegates to `re`.
import re, sys, unicodedata
from re import *  # flags (VERBOSE, I, UNICODE, ...) and everything else plain `re` offers
def _cls(prefixes):
    out=[]; start=None; prev=None
    for cp in range(sys.maxunicode+1):
        ok = unicodedata.category(chr(cp))[0] in prefixes
        if ok and start is None: start=cp
        if not ok and start is not None:
            out.append((start,cp-1)); start=None
    if start is not None: out.append((start,sys.maxunicode))
    def esc(c): return '\\U%08x' % c
    return ''.join(esc(a) if a==b else esc(a)+'-'+esc(b) for a,b in out)
_N=_cls('N'); _P=_cls('P'); _S=_cls('S')
def compile(p, flags=0):
    p = p.replace(r'\P{N}', '[^'+_N+']').replace(r'\p{N}', '['+_N+']').replace(r'\p{P}', '['+_P+']').replace(r'\p{S}', '['+_S+']')
    return re.compile(p, flags)
