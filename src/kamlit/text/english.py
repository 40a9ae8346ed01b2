"""English tokens: a documented light lemmatisation rule (plural nouns to their singular).

CNKI abstracts carry English tokens (whole English abstracts, terms such as models / model).
Tokens are already lower-cased by normalisation (`kamlit.text.normalize`) and English
function words and section labels are stopwords (`data/lexicon/boilerplate.txt`). This rule
folds the regular plural onto the singular so that a concept is counted once:

- words of four letters or more ending in `ies` → `y` (strategies → strategy);
- ending in `sses`, `shes`, `ches`, `xes` → without `es` (classes → class, approaches → approach);
- ending in `s`, but not in `ss`, `us`, `is`, `ous` or `ics`, → without `s` (models → model,
  networks → network; analysis, focus, process, various, statistics stay).

Irregular plurals and verbs are left alone; so are words in `_KEEP` (series, species, news).
"""

from __future__ import annotations

import re

_LATIN = re.compile(r"^[a-z]{4,}$")
_KEEP = frozenset({"series", "species", "news", "means", "lens", "physics", "mathematics"})
_ES = ("sses", "shes", "ches", "xes")
_NOT_PLURAL = ("ss", "us", "is", "ous", "ics")


def lemma(token: str) -> str:
    """The singular of a regular English plural (lower case); any other token unchanged."""
    if not _LATIN.match(token) or token in _KEEP or not token.endswith("s"):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(_ES):
        return token[:-2]
    if token.endswith(_NOT_PLURAL):
        return token
    return token[:-1]
