"""Annual-report pages built on the national template (国办公开办函〔2021〕30号) the way
Word exports them: uppercase tags, <P><SPAN> in every cell, merged header and label
cells, the report inside a layout table. Numbers are computed so that every identity
holds; `override` then breaks one cell on purpose."""

from __future__ import annotations

from tools.annual_labels import (
    APPLICANTS,
    BLOCKS,
    CARRIED,
    CHECK_NOTE,
    GROUPS,
    MEASURES,
    NEW,
    OUT,
    RESULTS,
    TOTAL,
    leaves,
)


def table3_numbers(
    new: list[int], carried: list[int], results: dict[str, list[int]]
) -> dict[str, list[int]]:
    """Rows (label → 7 numbers, 总计 last) of a table 三 that balances: the 办理结果 rows
    given (the others 0), totals and 结转下年度 computed."""
    rows: dict[str, list[int]] = {NEW: new, CARRIED: carried}
    for leaf in leaves():
        rows[leaf] = results.get(leaf, [0] * 6)
    rows[TOTAL] = [sum(rows[leaf][i] for leaf in leaves()) for i in range(6)]
    rows[OUT] = [new[i] + carried[i] - rows[TOTAL][i] for i in range(6)]
    assert min(rows[OUT]) >= 0
    return {k: [*v, sum(v)] for k, v in rows.items()}


def _td(text: object, attrs: str = "") -> str:
    text = str(text)
    if text.isdigit() and len(text) > 1:  # Word splits a number over runs
        text = f"{text[:-1]}</SPAN><SPAN lang=EN-US>{text[-1]}"
    return (
        f"<TD{attrs} valign=top style='border:solid windowtext 1.0pt'>"
        f"<P class=MsoNormal align=center><SPAN lang=EN-US>{text}</SPAN></P></TD>"
    )


def table3_html(rows: dict[str, list[object]]) -> str:
    head = (
        f"<TR>{_td(CHECK_NOTE, ' colspan=3 rowspan=3')}"
        f"{_td('申请人情况', ' colspan=7')}</TR>"
        f"<TR>{_td('自然人', ' rowspan=2')}{_td('法人或其他组织', ' colspan=5')}"
        f"{_td('总计', ' rowspan=2')}</TR>"
        f"<TR>{''.join(_td(a) for a in APPLICANTS[1:])}</TR>"
    )

    def nums(label: str) -> str:
        return "".join(_td(v) for v in rows[label])

    body = [f"<TR>{_td(NEW, ' colspan=3')}{nums(NEW)}</TR>"]
    body.append(f"<TR>{_td(CARRIED, ' colspan=3')}{nums(CARRIED)}</TR>")
    first = True
    for block, items in BLOCKS:
        lead = _td(RESULTS, f" rowspan={len(leaves()) + 1}") if first else ""
        first = False
        if not items:
            body.append(f"<TR>{lead}{_td(block, ' colspan=2')}{nums(block)}</TR>")
            continue
        for i, item in enumerate(items):
            mark = _td(block, f" rowspan={len(items)}") if i == 0 else ""
            body.append(f"<TR>{lead if i == 0 else ''}{mark}{_td(item)}{nums(item)}</TR>")
    body.append(f"<TR>{_td(TOTAL, ' colspan=2')}{nums(TOTAL)}</TR>")
    body.append(f"<TR>{_td(OUT, ' colspan=3')}{nums(OUT)}</TR>")
    return f"<TABLE class=MsoNormalTable border=1>{head}{''.join(body)}</TABLE>"


def table4_numbers(groups: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """group → 5 numbers (总计 computed) for 行政复议, 未经复议直接起诉, 复议后起诉."""
    groups = groups or {}
    return {g: [*(v := groups.get(g, [0, 0, 0, 0])), sum(v)] for g in GROUPS}


def table4_html(values: dict[str, list[object]]) -> str:
    head = (
        f"<TR>{_td('行政复议', ' colspan=5')}{_td('行政诉讼', ' colspan=10')}</TR>"
        f"<TR>{''.join(_td(m, ' rowspan=2') for m in MEASURES)}"
        f"{_td('未经复议直接起诉', ' colspan=5')}{_td('复议后起诉', ' colspan=5')}</TR>"
        f"<TR>{''.join(_td(m) for m in MEASURES * 2)}</TR>"
    )
    data = "".join(_td(v) for g in GROUPS for v in values[g])
    return f"<TABLE border=1>{head}<TR>{data}</TR></TABLE>"


def report_html(t3: dict[str, list[object]], t4: dict[str, list[object]], prose: str = "") -> str:
    """A whole article page: the report inside a layout table, as old CMSs print it."""
    return (
        "<HTML><HEAD><META http-equiv=Content-Type content='text/html; charset=utf-8'>"
        "<TITLE>2023年政府信息公开工作年度报告</TITLE></HEAD><BODY>"
        "<TABLE width=900><TR><TD>首页</TD><TD>信息公开</TD></TR><TR><TD colspan=2>"
        "<P>一、总体情况</P>"
        f"<P>{prose}</P>"
        "<P>二、主动公开政府信息情况</P>"
        "<P>三、收到和处理政府信息公开申请情况</P>"
        f"{table3_html(t3)}"
        "<P>四、政府信息公开行政复议、行政诉讼情况</P>"
        f"{table4_html(t4)}"
        "<P>五、存在的主要问题及改进情况</P><P>六、其他需要报告的事项</P>"
        "</TD></TR></TABLE></BODY></HTML>"
    )
