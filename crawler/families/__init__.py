"""CMS families: what differs between portal builders (where a list's records sit, how
the list continues). The generic family covers plain HTML lists, tables, "下一页"
chains and ?page=N pagers; a family module overrides only what it must.

Detection order matters: the first family whose `matches` accepts the page wins.
"""

from __future__ import annotations

from crawler.families import generic, jcms, trs

FAMILIES = (jcms, trs, generic)


def family_for(doc):
    return next(f for f in FAMILIES if f.matches(doc))
