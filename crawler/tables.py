"""HTML tables as grids of cell texts, for the rules that check an annual report's
standard tables (annual_report.inconsistent).

Reports are Word exports pasted into a CMS: uppercase tags, tables nested in layout
tables, header cells merged over rows and columns, a number split over several
<span>s. A grid is a list of rows of equal length; a merged cell's text is repeated in
every slot it covers, so a column's header can be read from the rows above it. A cell
holds its own text only: a table nested in it becomes a grid of its own. Everything
is bounded — a page is untrusted and its grids are stored.
"""

from __future__ import annotations

from typing import Any

from xxgk.text import clean_space

MAX_TABLES = 30
MAX_ROWS = 80  # table 三 of the national template has 30 rows
MAX_COLS = 40  # table 四 has 15 number columns and a label
MAX_CELLS = 6000  # per page, over all its grids
CELL_CHARS = 200
# Characters over all the grids of a page: their JSON stays under the stored field's cap
# (crawler/untrusted.py FIELD_CHARS["tables"]), so it is never cut into invalid JSON.
MAX_CHARS = 200_000

# Elements whose text is a separate line in the cell: their pieces are joined by a
# space, while inline pieces (<span>2</span><span>1</span>) are joined as they stand.
_BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
_CELLS = ("td", "th")


def grids(root: Any) -> list[list[list[str]]]:
    """Every table of the page with at least two rows and two columns, in document
    order (an outer layout table before the tables nested in it), bounded."""
    out: list[list[list[str]]] = []
    budget, chars = MAX_CELLS, MAX_CHARS
    for table in root.iter("table"):
        if len(out) >= MAX_TABLES or budget <= 0:
            break
        grid = _grid(table, budget)
        if len(grid) < 2 or len(grid[0]) < 2:
            continue
        size = sum(len(c) + 4 for row in grid for c in row)  # + quotes, comma, space
        if size > chars:
            break
        out.append(grid)
        budget -= len(grid) * len(grid[0])
        chars -= size
    return out


def _rows(table: Any) -> list[Any]:
    """The table's own rows: <tr> directly under it or under its thead/tbody/tfoot."""
    rows = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _span(cell: Any, name: str, limit: int) -> int:
    try:
        return min(max(int(str(cell.get(name, "1")).strip() or 1), 1), limit)
    except ValueError:
        return 1  # rowspan="x": one slot, as browsers do


def _grid(table: Any, budget: int) -> list[list[str]]:
    slots: dict[tuple[int, int], str] = {}
    width = 0
    rows = _rows(table)[:MAX_ROWS]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in _CELLS:
                continue
            while (r, c) in slots:  # skip slots taken by a rowspan from above
                c += 1
            if c >= MAX_COLS:
                break
            text = cell_text(cell)
            down, across = (
                _span(cell, "rowspan", MAX_ROWS - r),
                _span(cell, "colspan", MAX_COLS - c),
            )
            for dr in range(down):
                for dc in range(across):
                    slots[(r + dr, c + dc)] = text
            c += across
            width = max(width, c)
        if len(slots) > budget:
            break
    height = min(len(rows), max((r for r, _ in slots), default=-1) + 1)
    return [[slots.get((r, c), "") for c in range(width)] for r in range(height)]


def cell_text(cell: Any) -> str:
    parts: list[str] = []
    _collect(cell, parts, top=True)
    return clean_space("".join(parts))[:CELL_CHARS]


def _collect(el: Any, parts: list[str], top: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None or tag in ("script", "style"):
        return  # comments and scripts are no text
    if tag == "table" and not top:
        parts.append(" ")  # a nested table is a grid of its own
        return
    block = tag in _BLOCK
    if block:
        parts.append(" ")
    if el.text:
        parts.append(el.text)
    for child in el:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append(" ")
