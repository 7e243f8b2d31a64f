"""Build the sample portal 示例市文化广电旅游局 into plain static files (deterministic).

    python -m tools.demoportal.build

Everything in xxgk/demo_portal/ (what `xxgk demo` serves) is regenerated from the authored
texts in tools/demoportal/src/: the HTML pages, `jcms/col1001.json` (the data behind the
大汉 JCMS proxy of xxgk/demo.py) and `expected.yaml` (the ground truth of the end-to-end
test). The generated files are committed, so the installed portal is plain files and this
script is only needed to change it; tests/crawler/test_demo_portal_build.py fails when the
two disagree. Seeds from shared/seeds are copied into `src/seeds/` so that the build
depends on nothing outside the repository.

Monitoring ("as-of") date of the demo: 2026-06-30. What each column is built to test is
written into expected.yaml (`note`).
"""

from __future__ import annotations

import html
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import yaml

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
)

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
REPO = HERE.parents[1]
PORTAL_DIR = REPO / "xxgk" / "demo_portal"

AS_OF = date(2026, 6, 30)
SITE = "示例市文化广电旅游局"
SITE_DOMAIN = "wglj.example.gov.cn"
SITE_ID = "3399000012"
CREDIT = "11339900MB0123456X"  # 统一社会信用代码, the prefix of every 索引号
ADDRESS = "示例市人民路88号行政中心东楼"
PHONE = "（0000）8888 6666"


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def workdays_after(d: date, n: int) -> date:
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


# --------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------


@dataclass
class Entry:
    url: str  # absolute path on the site
    title: str
    published: date | None
    time: str = ""  # HH:MM
    written: date | None = None  # 成文日期
    docno: str = ""  # 文号
    body: str = ""  # HTML of the article body
    pubdate_meta: str | None = None  # overrides <meta name="PubDate">
    list_href: str = ""  # href as written on the list page (relative) ; default: url
    exists: bool = True  # False: the list links to a page that is not there (404)
    injected: bool = False  # hidden spam block
    source: str = SITE
    index_no: str = ""


@dataclass
class Column:
    key: str
    title: str
    url: str
    family: str  # page | trs | jcms | query | table | nextlink | plain | handlebars | missing
    category: str
    cls: str  # finer class (rules.md §5)
    state: str
    note: str
    kind: str = "list"
    parent: str | None = None
    entries: list[Entry] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    page_date: date | None = None  # for kind == page

    @property
    def folder(self) -> str:
        return self.url.rsplit("/", 1)[0] + "/"


XXGK = ("政府信息公开", "/xxgk/index.html")
FDZD = ("法定主动公开内容", "/xxgk/fdzdgknr/index.html")


def crumbs_of(col: Column) -> list[tuple[str, str]]:
    out = [XXGK]
    if col.parent == "fdzdgknr":
        out.append(FDZD)
    out.append((col.title, col.url))
    return out


# --------------------------------------------------------------------------------------
# Page chrome
# --------------------------------------------------------------------------------------

NAV = [
    ("首页", "/index.html", "home"),
    ("新闻中心", "/xwzx/index.html", "xwzx"),
    ("政府信息公开", "/xxgk/index.html", "xxgk"),
    ("互动交流", "/hdjl/index.html", "hdjl"),
    ("办事服务", "/bsfw/index.html", "bsfw"),
]


def header(nav_active: str) -> str:
    on = ' class="on"'
    items = "".join(
        f'<li{on if key == nav_active else ""}><a href="{href}">{name}</a></li>'
        for name, href, key in NAV
    )
    return f"""<div class="topbar"><div class="w1200">
<span class="fl">欢迎访问{SITE}门户网站</span>
<span class="fr"><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a> | <a href="javascript:void(0);" onclick="addFavorite();">加入收藏</a></span>
</div></div>
<div class="header"><div class="w1200">
<a class="logo" href="/index.html" title="{SITE}"><span class="emblem"></span><span class="site-name">{SITE}</span></a>
<form class="search" action="/search/index.html" method="get" target="_blank">
<input type="text" name="searchword" class="search-input" placeholder="请输入关键词" /><input type="submit" class="search-btn" value="搜索" />
</form>
</div></div>
<div class="nav"><ul class="w1200">{items}</ul></div>
"""


FOOTER = f"""<div class="footer"><div class="w1200">
<p><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a> | <a href="https://www.gov.cn/" target="_blank">中国政府网</a></p>
<p>主办单位：{SITE}　承办单位：{SITE}办公室</p>
<p>地址：{ADDRESS}　邮编：330199　联系电话：{PHONE}</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">示ICP备05012345号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33990002000123" target="_blank">示公网安备 33990002000123号</a>　网站标识码：{SITE_ID}</p>
<p><span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=0A1B2C3D4E5F" target="_blank">党政机关网站标识</a></span>　<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={SITE_ID}" target="_blank">政府网站找错</a>　建议使用1366×768分辨率浏览本网站</p>
</div></div>
"""


def meta_tags(pairs: list[tuple[str, str]]) -> str:
    return "".join(f'<meta name="{k}" content="{esc(v)}" />\n' for k, v in pairs)


def page(
    *,
    title: str,
    main: str,
    crumbs: list[tuple[str, str]] | None = None,
    nav_active: str = "xxgk",
    sidebar: str = "",
    metas: list[tuple[str, str]] | None = None,
    head_extra: str = "",
    encoding: str = "utf-8",
    body_start: str = "",
) -> str:
    if encoding == "utf-8":
        charset = '<meta charset="utf-8" />'
    else:
        charset = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'
    site_metas = [("SiteName", SITE), ("SiteDomain", SITE_DOMAIN), ("SiteIDCode", SITE_ID)]
    position = ""
    if crumbs is not None:
        parts = ['<a href="/index.html">首页</a>'] + [
            f'<a href="{u}">{esc(t)}</a>' for t, u in crumbs
        ]
        position = f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>\n'
    if sidebar:
        layout = (
            f'<div class="layout clearfix">\n{sidebar}<div class="content">\n{main}</div>\n</div>\n'
        )
    else:
        layout = main
    doc_title = f"{title}_{SITE}" if title != SITE else SITE
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset}
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{esc(doc_title)}</title>
{meta_tags(site_metas + (metas or []))}<link rel="stylesheet" type="text/css" href="/css/style.css" />
{head_extra}</head>
<body>
{body_start}{header(nav_active)}<div class="w1200 main">
{position}{layout}</div>
{FOOTER}</body>
</html>
"""


def sidebar(columns: list[Column], active: str | None) -> str:
    def li(col: Column) -> str:
        on = ' class="on"' if col.key == active else ""
        return f'<li{on}><a href="{col.url}" title="{esc(col.title)}">{esc(col.title)}</a></li>'

    top = [c for c in columns if c.parent is None]
    children = [c for c in columns if c.parent == "fdzdgknr"]
    sub = "\n".join("    " + li(c) for c in children)
    fdzd_on = " on" if active == "fdzdgknr" else ""
    rows = [li(top[0]), li(top[1])]
    rows.append(
        f'<li class="open{fdzd_on}"><a href="{FDZD[1]}" title="{FDZD[0]}">{FDZD[0]}</a>\n'
        f'   <ul class="sub-menu">\n{sub}\n   </ul>\n  </li>'
    )
    rows += [li(c) for c in top[2:]]
    items = "\n  ".join(rows)
    return f"""<div class="sidebar">
 <div class="side-title"><h2>政府信息公开</h2></div>
 <ul class="side-menu">
  {items}
 </ul>
</div>
"""


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------


def paras(text: str) -> str:
    """Plain text (one paragraph a line) to the <p> markup real editors produce."""
    out = []
    for line in text.strip().splitlines():
        line = line.strip()
        if line:
            out.append(f'<p style="text-indent:2em;">{esc(line)}</p>')
    return "\n".join(out)


def signature(d: date, who: str = SITE) -> str:
    return f'<p style="text-align:right;">{who}</p>\n<p style="text-align:right;">{cn_date(d)}</p>'


def subject_of(title: str) -> str:
    s = title
    if s.startswith("关于"):
        s = s[2:]
    for tail in ("的通知", "的公示", "的公告", "的通报"):
        if s.endswith(tail):
            s = s[: -len(tail)]
    return s


NOTICE_ITEMS = [
    "高度重视，加强组织领导。各单位要充分认识此项工作的重要性，主要负责同志亲自部署，明确分管领导和具体责任人，确保各项任务落到实处。",
    "突出重点，狠抓责任落实。要聚焦人员密集场所、重点时段和薄弱环节，逐项明确工作措施和完成时限，做到不留死角、不留盲区。",
    "强化协同，形成工作合力。要加强与公安、消防、市场监管等部门的沟通协作，建立信息共享和联动处置机制，及时研究解决工作中遇到的问题。",
    "加强宣传，营造良好氛围。要充分利用门户网站、政务新媒体和各类公共文化场所宣传阵地，广泛宣传相关政策和活动安排，提高群众知晓率和参与度。",
    "严格值班值守，畅通信息渠道。落实领导带班和24小时值班制度，遇有突发情况要第一时间处置并按规定程序报告，不得迟报、漏报、瞒报。",
    "做好总结报送。请各单位认真总结工作开展情况、主要做法和存在问题，按时将书面材料报送我局相关处室。",
    "规范申报程序。申报单位应如实填写申报材料，对材料的真实性负责；区县文化和旅游主管部门要严格审核把关，择优推荐。",
    "注重工作实效。各单位要坚持问题导向，对检查发现的问题建立台账，明确整改责任和整改时限，实行销号管理，确保整改到位。",
    "落实安全责任。严格落实“管行业必须管安全、管业务必须管安全”要求，督促经营单位落实安全生产主体责任，坚决防范各类安全事故发生。",
    "严肃工作纪律。各单位要严格遵守中央八项规定及其实施细则精神，厉行节约，杜绝形式主义、官僚主义。",
]
NEWS_MIDDLE = {  # paragraphs by the kind of event the title names
    "meeting": [
        "会议传达学习了上级有关文件精神，通报了前一阶段工作情况，对下一阶段重点任务作了具体部署。",
        "与会人员围绕文旅融合发展、公共文化服务提质增效等议题展开深入交流，提出了许多有针对性的意见建议。",
        "会议指出，当前全市文化和旅游工作总体平稳有序，但仍存在项目推进不平衡、安全监管压力大等问题。",
        "局主要负责同志出席会议并讲话，局领导班子成员、各处室和局属单位主要负责同志参加会议。",
    ],
    "inspection": [
        "检查组深入各类经营场所，重点查看了安全通道、消防设施、应急预案落实等情况，对发现的问题当场反馈并督促整改。",
        "此次检查共出动执法人员60余人次，检查娱乐场所、网吧、剧本娱乐经营场所和A级旅游景区40余家，下达整改通知书12份。",
        "检查中，执法人员向经营单位负责人发放安全生产宣传资料，督促企业落实安全生产主体责任，完善隐患排查台账。",
    ],
    "training": [
        "培训采取专题授课、案例分析和现场教学相结合的方式，内容涵盖法律法规、业务规范和安全管理等方面。",
        "参训人员纷纷表示，培训内容贴近实际、针对性强，将把所学知识运用到日常工作中，不断提升业务能力。",
        "培训结束时进行了闭卷测试，考试成绩将纳入年度业务考核。",
    ],
    "activity": [
        "活动现场气氛热烈，各类展演、体验项目吸引了众多市民游客驻足参与，现场发放宣传资料两千余份。",
        "本次活动由局属各单位共同承办，共组织开展各类主题活动十余场，线上线下参与群众累计超过三万人次。",
        "据统计，活动期间全市主要景区接待游客量同比明显增长，文旅市场秩序良好，未发生重大安全事故和有效投诉。",
        "调研组一行实地察看了项目建设现场，听取了项目推进情况汇报，并就加快项目建设进度、破解要素保障难题提出了要求。",
    ],
}
NEWS_KIND = [
    ("inspection", ("检查", "执法", "整治", "行动", "排查", "抽查", "值班")),
    ("training", ("培训", "开班", "宣讲")),
    ("meeting", ("会议", "座谈会", "推进会", "总结会", "部署会", "生活会", "召开")),
]
NEWS_END = [
    "下一步，我局将持续加强统筹协调，推动各项工作取得更大成效。",
    "局相关处室负责同志参加了活动。",
    "下一步，我局将以此为契机，进一步丰富公共文化产品供给，满足群众日益增长的精神文化需求。",
    "会议强调，各单位要进一步提高政治站位，压实工作责任，确保各项任务按时保质完成。",
    "下一步，我局将巩固工作成果，建立健全长效机制，持续营造安全有序的文化和旅游市场环境。",
]


def notice_body(title: str, written: date, rng: random.Random) -> str:
    subj = subject_of(title)
    if title.endswith("的公示"):
        end = workdays_after(written, 5)
        text = (
            f"根据有关规定，经单位申报、区县推荐、专家评审等程序，现将{subj}予以公示。\n"
            f"公示时间：{cn_date(written)}至{cn_date(end)}。\n"
            "公示期间，如对公示对象有异议，请以书面形式向示例市文化广电旅游局反映。"
            "以单位名义反映的应加盖公章，以个人名义反映的应署实名并提供联系方式。\n"
            f"联系电话：（0000）8888 6{rng.randint(100, 999)}"
        )
        return paras(text) + "\n" + signature(written)
    if title.endswith("的公告"):
        text = (
            f"为进一步做好相关工作，方便社会公众知晓，现就{subj}有关事项公告如下：\n"
            f"一、{rng.choice(NOTICE_ITEMS)}\n二、{rng.choice(NOTICE_ITEMS)}\n"
            "三、本公告自发布之日起施行，由示例市文化广电旅游局负责解释。\n特此公告。"
        )
        return paras(text) + "\n" + signature(written)
    items = rng.sample(NOTICE_ITEMS, 3)
    lead = "各区县文化和旅游主管部门，局属各单位："
    if title.endswith("的通报"):
        body = f"{lead}\n现将{subj}通报如下：\n一、{items[0]}\n二、{items[1]}\n三、{items[2]}"
    else:
        body = (
            f"{lead}\n为切实做好{subj}相关工作，根据上级有关要求，结合我市实际，现就有关事项通知如下：\n"
            f"一、{items[0]}\n二、{items[1]}\n三、{items[2]}\n"
            f"联系人：{rng.choice(['王伟', '刘洋', '陈静', '杨帆', '周颖', '吴昊'])}，"
            f"联系电话：（0000）8888 6{rng.randint(100, 999)}。"
        )
    return paras(body) + "\n" + signature(written)


def news_body(title: str, d: date, rng: random.Random) -> str:
    kind = next((k for k, words in NEWS_KIND if any(w in title for w in words)), "activity")
    mid = rng.sample(NEWS_MIDDLE[kind], 2)
    text = f"{d.month}月{d.day}日，{title}。\n{mid[0]}\n{mid[1]}\n{rng.choice(NEWS_END)}"
    return paras(text)


def policy_body(title: str, docno: str, written: date, rng: random.Random) -> str:
    name = title.split("《")[1].split("》")[0] if "《" in title else subject_of(title)
    obj = name.replace("示例市", "").replace("办法", "").replace("规定", "").replace("细则", "")
    articles = [
        f"第一条　为了规范{obj}工作，保障公民、法人和其他组织的合法权益，根据有关法律、法规和规章，结合本市实际，制定本{name[-2:]}。",
        "第二条　本市行政区域内的相关活动及其监督管理，适用本办法。",
        "第三条　市文化和旅游主管部门负责全市的统筹协调和监督管理工作；区县文化和旅游主管部门按照职责分工负责本辖区内的具体工作。",
        f"第四条　{rng.choice(NOTICE_ITEMS)}",
        f"第五条　{rng.choice(NOTICE_ITEMS)}",
        f"第六条　本办法自{cn_date(written + timedelta(days=30))}起施行，有效期五年。",
    ]
    if "《" in title:
        lead = f"各区县文化和旅游主管部门，局属各单位：\n现将《{name}》印发给你们，请结合实际认真贯彻执行。"
        body = paras(lead) + "\n" + signature(written)
        body += f'\n<p style="text-align:center;"><strong>{esc(name)}</strong></p>\n' + paras(
            "\n".join(articles)
        )
    else:
        lead = f"各区县文化和旅游主管部门，局属各单位：\n为{subject_of(title)}，现提出如下意见。"
        body = (
            paras(lead + "\n" + "\n".join(a.split("　", 1)[1] for a in articles[:5]))
            + "\n"
            + signature(written)
        )
    return body


def seed(name: str) -> str:
    return (SRC / "seeds" / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# Annual reports
# --------------------------------------------------------------------------------------

T2_2021 = {  # 规范性文件 (制发, 废止, 现行有效), 许可, 处罚, 强制, 收费
    2021: ((2, 1, 9), 186, 23, 0, 0),
    2022: ((1, 0, 10), 161, 17, 0, 0),
    2024: ((3, 2, 12), 242, 31, 1, 0),
    2025: ((2, 1, 13), 258, 29, 0, 0),
}
T2_2019 = {  # 规范性文件 (制作, 公开, 总数), 许可 (上年, 增减, 决定), 其他 (上年, 增减, 决定), 处罚, 强制, 采购 (数量, 金额)
    2019: ((3, 3, 11), (18, "+1", 203), (6, "0", 41), (32, "0", 27), (2, "0", 0), (7, "186.5")),
    2020: ((2, 2, 10), (19, "-2", 172), (6, "0", 35), (32, "0", 19), (2, "0", 0), (5, "94.2")),
}
# Applications: row key -> (自然人, 商业企业, 法律服务机构)
T3 = {
    2019: {"new": (4, 1, 0), "open": (2, 1, 0), "partial": (1, 0, 0), "nodata": (1, 0, 0)},
    2020: {
        "new": (8, 1, 0),
        "open": (4, 1, 0),
        "partial": (1, 0, 0),
        "nodata": (2, 0, 0),
        "overdue": (1, 0, 0),
    },
    2021: {"new": (6, 1, 0), "open": (3, 1, 0), "partial": (1, 0, 0), "nodata": (2, 0, 0)},
    2022: {
        "new": (8, 1, 2),
        "open": (4, 1, 1),
        "partial": (1, 0, 1),
        "nodata": (2, 0, 0),
        "petition": (1, 0, 0),
    },
    2024: {
        "new": (10, 2, 1),
        "open": (5, 2, 0),
        "partial": (1, 0, 1),
        "nodata": (3, 0, 0),
        "repeat": (1, 0, 0),
    },
    2025: {
        "new": (9, 2, 1),
        "open": (5, 1, 1),
        "partial": (1, 1, 0),
        "nodata": (2, 0, 0),
        "repeat": (1, 0, 0),
    },
}

TABLE_ATTR = 'class="report-table" border="1" cellspacing="0" cellpadding="0" width="100%"'


def _tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _td(text: object, attrs: str = "") -> str:
    return f"<td{(' ' + attrs) if attrs else ''}>{esc(str(text))}</td>"


def table_t2(year: int) -> str:
    rows: list[str] = []
    if year >= 2021:
        (made, repealed, valid), permit, penalty, force, fee = T2_2021[year]
        rows.append(_tr([_td("第二十条第（一）项", 'colspan="4"')]))
        rows.append(
            _tr([_td("信息内容"), _td("本年制发件数"), _td("本年废止件数"), _td("现行有效件数")])
        )
        rows.append(_tr([_td("规章"), _td(0), _td(0), _td(0)]))
        rows.append(_tr([_td("行政规范性文件"), _td(made), _td(repealed), _td(valid)]))
        rows.append(_tr([_td("第二十条第（五）项", 'colspan="4"')]))
        rows.append(_tr([_td("信息内容"), _td("本年处理决定数量", 'colspan="3"')]))
        rows.append(_tr([_td("行政许可"), _td(permit, 'colspan="3"')]))
        rows.append(_tr([_td("第二十条第（六）项", 'colspan="4"')]))
        rows.append(_tr([_td("信息内容"), _td("本年处理决定数量", 'colspan="3"')]))
        rows.append(_tr([_td("行政处罚"), _td(penalty, 'colspan="3"')]))
        rows.append(_tr([_td("行政强制"), _td(force, 'colspan="3"')]))
        rows.append(_tr([_td("第二十条第（八）项", 'colspan="4"')]))
        rows.append(_tr([_td("信息内容"), _td("本年收费金额（单位：万元）", 'colspan="3"')]))
        rows.append(_tr([_td("行政事业性收费"), _td(fee, 'colspan="3"')]))
    else:
        docs, permit, other, penalty, force, buy = T2_2019[year]
        rows.append(_tr([_td("第二十条第（一）项", 'colspan="4"')]))
        rows.append(
            _tr(
                [
                    _td("信息内容"),
                    _td("本年新制作数量"),
                    _td("本年新公开数量"),
                    _td("对外公开总数量"),
                ]
            )
        )
        rows.append(_tr([_td("规章"), _td(0), _td(0), _td(0)]))
        rows.append(_tr([_td("规范性文件")] + [_td(x) for x in docs]))
        rows.append(_tr([_td("第二十条第（五）项", 'colspan="4"')]))
        rows.append(
            _tr([_td("信息内容"), _td("上一年项目数量"), _td("本年增/减"), _td("处理决定数量")])
        )
        rows.append(_tr([_td("行政许可")] + [_td(x) for x in permit]))
        rows.append(_tr([_td("其他对外管理服务事项")] + [_td(x) for x in other]))
        rows.append(_tr([_td("第二十条第（六）项", 'colspan="4"')]))
        rows.append(
            _tr([_td("信息内容"), _td("上一年项目数量"), _td("本年增/减"), _td("处理决定数量")])
        )
        rows.append(_tr([_td("行政处罚")] + [_td(x) for x in penalty]))
        rows.append(_tr([_td("行政强制")] + [_td(x) for x in force]))
        rows.append(_tr([_td("第二十条第（八）项", 'colspan="4"')]))
        rows.append(_tr([_td("信息内容"), _td("上一年项目数量"), _td("本年增/减", 'colspan="2"')]))
        rows.append(_tr([_td("行政事业性收费"), _td(0), _td(0, 'colspan="2"')]))
        rows.append(_tr([_td("第二十条第（九）项", 'colspan="4"')]))
        rows.append(_tr([_td("信息内容"), _td("采购项目数量"), _td("采购总金额", 'colspan="2"')]))
        rows.append(_tr([_td("政府集中采购"), _td(buy[0]), _td(buy[1], 'colspan="2"')]))
    return f"<table {TABLE_ATTR}>\n" + "\n".join(rows) + "\n</table>"


# The rows of table 三 the sample reports fill in (the key into T3); the others are 0.
T3_KEYS = {
    BLOCKS[0][0]: "open",
    BLOCKS[1][0]: "partial",
    BLOCKS[3][1][0]: "nodata",
    BLOCKS[4][1][0]: "petition",
    BLOCKS[4][1][1]: "repeat",
    BLOCKS[5][0]: "overdue",
    BLOCKS[5][1][0]: "overdue",
}


def table_t3(year: int) -> str:
    data = T3[year]

    def nums(key: str | None) -> list[str]:
        if key == "total":
            vals = [sum(v[i] for k, v in data.items() if k != "new") for i in range(3)]
        else:
            vals = list(data.get(key or "", (0, 0, 0)))
        person, biz, law = vals
        row = [person, biz, 0, 0, law, 0, person + biz + law]
        return [_td(x) for x in row]

    rows = [
        _tr([_td(CHECK_NOTE, 'colspan="3" rowspan="3"'), _td("申请人情况", 'colspan="7"')]),
        _tr(
            [
                _td(APPLICANTS[0], 'rowspan="2"'),
                _td("法人或其他组织", 'colspan="5"'),
                _td("总计", 'rowspan="2"'),
            ]
        ),
        _tr([_td(x) for x in APPLICANTS[1:]]),
        _tr([_td(NEW, 'colspan="3"')] + nums("new")),
        _tr([_td(CARRIED, 'colspan="3"')] + nums(None)),
    ]
    # Before 2021 the template's （六）其他处理 was one row, without sub-rows.
    blocks = BLOCKS if year >= 2021 else [*BLOCKS[:-1], (BLOCKS[-1][0], [])]
    groups = [
        (block, [(item, T3_KEYS.get(item)) for item in items] or [("", T3_KEYS[block])])
        for block, items in blocks
    ]
    groups.append((TOTAL, [("", "total")]))
    body_rows: list[str] = []
    for label, subs in groups:
        if len(subs) == 1 and not subs[0][0]:
            body_rows.append(_tr([_td(label, 'colspan="2"')] + nums(subs[0][1])))
        else:
            for i, (sub, key) in enumerate(subs):
                lead = [_td(label, f'rowspan="{len(subs)}"')] if i == 0 else []
                body_rows.append(_tr(lead + [_td(sub)] + nums(key)))
    # the first result row shares its <tr> with the rowspan cell of 三、本年度办理结果
    rows.append("<tr>" + _td(RESULTS, f'rowspan="{len(body_rows)}"') + body_rows[0][4:])
    rows += body_rows[1:]
    rows.append(_tr([_td(OUT, 'colspan="3"')] + nums(None)))
    return f"<table {TABLE_ATTR}>\n" + "\n".join(rows) + "\n</table>"


def table_t4() -> str:
    rows = [
        _tr([_td(GROUPS[0], 'colspan="5"'), _td("行政诉讼", 'colspan="10"')]),
        _tr(
            [_td(x, 'rowspan="2"') for x in MEASURES]
            + [_td(GROUPS[1], 'colspan="5"'), _td(GROUPS[2], 'colspan="5"')]
        ),
        _tr([_td(x) for x in MEASURES * 2]),
        _tr([_td(0) for _ in range(15)]),
    ]
    return f"<table {TABLE_ATTR}>\n" + "\n".join(rows) + "\n</table>"


def report_body(year: int) -> str:
    out = []
    for line in (SRC / "reports" / f"{year}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line == "[[T2]]":
            out.append(table_t2(year))
        elif line == "[[T3]]":
            out.append(table_t3(year))
        elif line == "[[T4]]":
            out.append(table_t4())
        elif line.startswith("## "):
            out.append(f'<p style="text-indent:2em;"><strong>{esc(line[3:])}</strong></p>')
        elif line.startswith("# "):
            out.append(
                f'<p style="text-indent:2em;"><strong><span style="font-family:黑体;">{esc(line[2:])}</span></strong></p>'
            )
        else:
            out.append(f'<p style="text-indent:2em;">{esc(line)}</p>')
    return "\n".join(out)


def simple_markup(text: str) -> str:
    """The `# heading` / `## sub` / paragraph markup of src/guide.txt and jgzn.txt."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            out.append(f'<p style="text-indent:2em;"><strong>{esc(line[3:])}</strong></p>')
        elif line.startswith("# "):
            out.append(f"<h3>{esc(line[2:])}</h3>")
        else:
            out.append(f'<p style="text-indent:2em;">{esc(line)}</p>')
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Content of the columns
# --------------------------------------------------------------------------------------


def d(s: str) -> date:
    return date.fromisoformat(s)


def hhmm(rng: random.Random) -> str:
    return f"{rng.randint(8, 17):02d}:{rng.choice([0, 5, 10, 15, 20, 30, 35, 40, 45, 50]):02d}"


def trs_url(folder: str, day: date, doc_id: int) -> str:
    return f"{folder}{day:%Y%m}/t{day:%Y%m%d}_{doc_id}.html"


DUP_TITLE = "关于开展2026年“五一”假期文化和旅游市场安全检查的通知"
DUP_DATE = d("2026-04-15")

TZGG = [  # 通知公告: (date, title); the first is the future-dated one
    ("2026-09-01", "关于举办2026年示例市秋季非遗展演周活动的通知"),
    ("2026-06-25", "关于做好2026年暑期文化和旅游市场安全生产工作的通知"),
    ("2026-06-18", "关于2026年度示例市非物质文化遗产代表性传承人推荐人选的公示"),
    ("2026-06-11", "关于举办2026年示例市“文化和自然遗产日”系列活动的通知"),
    ("2026-06-03", "关于公布2026年第一批示例市文旅消费示范场景名单的通知"),
    ("2026-05-28", "关于开展全市A级旅游景区安全隐患排查整治的通知"),
    ("2026-05-20", "关于组织申报2026年度市级文化产业发展专项资金项目的通知"),
    ("2026-05-12", "关于示例市滨江文化公园夜间开放时间调整的公告"),
    ("2026-05-06", "关于2026年“五一”假期全市文化和旅游市场运行情况的通报"),
    ("2026-04-27", "关于征集2026年示例市文化惠民演出项目的公告"),
    ("2026-04-21", "关于拟认定示例市第三批乡村旅游重点村的公示"),
    ("2026-04-15", DUP_TITLE),
    ("2026-04-08", "关于开展2026年全民阅读活动的通知"),
    ("2026-03-30", "关于公布2025年度文化市场“双随机、一公开”抽查结果的公告"),
    ("2026-03-23", "关于做好2026年清明假期文化和旅游工作的通知"),
    ("2026-03-16", "关于开展旅行社经营服务质量专项检查的通知"),
    ("2026-03-09", "关于2026年度市级文物保护专项资金拟安排项目的公示"),
    ("2026-03-02", "关于举办示例市第五届群众文艺汇演的通知"),
    ("2026-02-24", "关于公布示例市2025年度星级饭店复核结果的公告"),
    ("2026-02-10", "关于做好2026年春节期间文化和旅游市场安全工作的通知"),
    ("2026-02-02", "关于开展2026年“我们的中国梦”文化进万家活动的通知"),
    ("2026-01-26", "关于做好2025年度政府信息公开工作年度报告编制发布工作的通知"),
    ("2026-01-19", "关于公布2026年度示例市公共文化场馆免费开放目录的公告"),
    ("2026-01-08", "示例市文化广电旅游局2025年第四季度政府网站自查情况报告"),
    ("2025-12-29", "关于2026年元旦假期全市A级旅游景区开放安排的公告"),
    ("2025-12-22", "关于拟推荐国家级夜间文化和旅游消费集聚区的公示"),
    ("2025-12-12", "关于开展冬季文化和旅游场所消防安全检查的通知"),
    ("2025-12-03", "关于公布示例市第二批文化和旅游志愿服务优秀项目的通知"),
    ("2025-11-24", "关于组织参加2025年省文化和旅游产业博览会的通知"),
    ("2025-11-14", "关于2025年度示例市文化产业示范基地拟命名名单的公示"),
    ("2025-11-05", "关于开展网络表演经营单位专项整治的通知"),
    ("2025-10-27", "关于做好全市广播电视安全播出工作的通知"),
    ("2025-10-17", "关于2025年国庆中秋假期全市文化和旅游市场情况的通报"),
    ("2025-09-26", "关于做好2025年国庆中秋假期文化和旅游工作的通知"),
    ("2025-09-16", "关于举办2025年示例市旅游商品创新设计大赛的通知"),
    ("2025-09-05", "关于公布2025年第二批示例市星级民宿名单的通知"),
    ("2025-08-26", "关于开展导游人员执业情况专项检查的通知"),
    ("2025-08-15", "关于拟确定示例市2025年度优秀文艺作品扶持项目的公示"),
    ("2025-08-04", "关于开展暑期未成年人上网环境专项整治的通知"),
    ("2025-07-24", "关于征集示例市城市形象宣传口号的公告"),
    ("2025-07-14", "关于组织开展2025年“送戏下乡”活动的通知"),
    ("2025-07-03", "关于加强汛期文化和旅游安全防范工作的通知"),
    ("2025-06-23", "关于2025年“文化和自然遗产日”活动安排的公告"),
    ("2025-06-12", "关于开展2025年上半年文化市场“双随机、一公开”抽查的通知"),
    ("2025-06-02", "关于公布示例市首批文化和旅游消费示范场景的通知"),
    ("2025-05-22", "关于举办示例市第十二届旅游节的通知"),
    ("2025-05-12", "关于开展文物安全大检查的通知"),
]
PUBDATE_CONFLICT = "关于组织申报2026年度市级文化产业发展专项资金项目的通知"
SELF_CHECK = "示例市文化广电旅游局2025年第四季度政府网站自查情况报告"

GZDT = [  # 工作动态 (JCMS column 1001): (date, title); art ids 5001.. in this order
    ("2026-04-20", "市图书馆开展“世界读书日”系列阅读推广活动"),
    ("2026-04-15", DUP_TITLE),
    ("2026-04-10", "我局召开2026年一季度文化和旅游市场安全生产工作会议"),
    ("2026-04-06", "清明假期全市接待游客86.3万人次"),
    ("2026-04-01", "市文化馆“春风艺术季”公益培训开班"),
    ("2026-03-27", "我局赴各区县开展文旅项目建设督导调研"),
    ("2026-03-22", "示例市非遗保护中心举办传统技艺展示活动"),
    ("2026-03-18", "我局组织开展文化市场综合执法业务培训"),
    ("2026-03-13", "市博物馆“古城记忆”专题展开幕"),
    ("2026-03-09", "我局开展“三八”国际妇女节主题活动"),
    ("2026-03-04", "全市文化和旅游工作会议召开"),
    ("2026-02-27", "我局召开2026年党风廉政建设工作会议"),
    ("2026-02-23", "春节假期全市文旅市场平稳有序"),
    ("2026-02-18", "“村晚”示范展示活动在示例县举行"),
    ("2026-02-12", "我局开展春节前安全生产检查"),
    ("2026-02-07", "市艺术剧院新春演出季启幕"),
    ("2026-02-03", "我局走访慰问老艺术家和困难文艺工作者"),
    ("2026-01-29", "全市旅行社行业座谈会召开"),
    ("2026-01-24", "我局召开2025年度领导班子民主生活会"),
    ("2026-01-20", "市图书馆新馆数字阅读空间正式开放"),
    ("2026-01-15", "我局举办全市文物安全管理培训班"),
    ("2026-01-10", "2025年全市接待国内游客同比增长12.4%"),
    ("2026-01-05", "我局部署元旦春节期间文旅市场执法检查"),
    ("2025-12-31", "“跨年音乐会”在市大剧院精彩上演"),
    ("2025-12-26", "我局召开全市广播电视安全播出工作会议"),
    ("2025-12-21", "示例市3个村入选省级乡村旅游重点村"),
    ("2025-12-16", "我局开展宪法宣传周普法活动"),
    ("2025-12-11", "市文化馆举办少儿美术作品展"),
    ("2025-12-06", "我局召开冬季安全生产专题会议"),
    ("2025-12-01", "全市公共文化服务效能提升推进会召开"),
    ("2025-11-26", "我局组团参加省文化和旅游产业博览会"),
    ("2025-11-21", "示例县古戏台修缮工程通过验收"),
    ("2025-11-16", "全市导游大赛圆满落幕"),
    ("2025-11-11", "我局开展消防安全宣传月活动"),
    ("2025-11-06", "市非遗保护中心开展非遗进校园活动"),
    ("2025-11-01", "我局召开三季度重点工作推进会"),
    ("2025-10-27", "“秋季文旅消费季”正式启动"),
    ("2025-10-22", "市博物馆入选省级研学实践教育基地"),
    ("2025-10-17", "我局开展重阳节敬老文艺演出"),
    ("2025-10-12", "国庆中秋假期全市文旅市场持续火热"),
    ("2025-10-08", "我局领导带队开展节日值班抽查"),
    ("2025-10-03", "国庆假期首日各景区游客量稳步增长"),
    ("2025-09-28", "我局开展国庆前文化市场安全检查"),
    ("2025-09-23", "全市广播电视公共服务项目推进会召开"),
    ("2025-09-18", "市美术馆“山水示例”画展开展"),
    ("2025-09-13", "我局举办优化营商环境政策宣讲会"),
    ("2025-09-08", "全市文物安全工作会议召开"),
    ("2025-09-03", "我局组织收看全国文化和旅游系统先进事迹报告会"),
    ("2025-08-29", "第十二届示例市旅游节落下帷幕"),
    ("2025-08-24", "我局开展暑期文化市场“清风行动”"),
    ("2025-08-19", "市少儿图书馆暑期阅读活动丰富多彩"),
    ("2025-08-14", "我局召开上半年工作总结会"),
    ("2025-08-09", "全市A级旅游景区质量提升培训班开班"),
    ("2025-08-04", "示例市文化志愿者服务队成立"),
    ("2025-07-30", "我局召开防汛工作部署会"),
    ("2025-07-25", "“送戏下乡”活动走进示例县"),
    ("2025-07-20", "市文化馆举办暑期公益艺术课堂"),
    ("2025-07-15", "我局开展主题党日活动"),
    ("2025-07-10", "全市旅游民宿发展座谈会召开"),
    ("2025-07-05", "我局部署汛期景区安全防范工作"),
]
INJECTED_ID = 5007

ZCWJ = [  # 政策文件: (date, title, 文号)
    (
        "2026-03-01",
        "示例市文化广电旅游局关于印发《示例市文化和旅游消费券发放管理办法》的通知",
        "示文旅发〔2026〕5号",
    ),
    (
        "2026-01-12",
        "示例市文化广电旅游局关于印发《示例市A级旅游景区管理办法》的通知",
        "示文旅发〔2026〕1号",
    ),
    (
        "2025-11-20",
        "示例市文化广电旅游局关于印发《示例市营业性演出活动安全管理规定》的通知",
        "示文旅发〔2025〕31号",
    ),
    (
        "2025-10-09",
        "示例市文化广电旅游局关于公布现行有效行政规范性文件目录的通知",
        "示文旅发〔2025〕27号",
    ),
    (
        "2025-08-18",
        "示例市文化广电旅游局关于印发《示例市非物质文化遗产代表性项目管理办法》的通知",
        "示文旅发〔2025〕22号",
    ),
    (
        "2025-06-30",
        "示例市文化广电旅游局关于印发《示例市旅游民宿等级评定管理办法》的通知",
        "示文旅发〔2025〕17号",
    ),
    (
        "2025-05-08",
        "示例市文化广电旅游局关于印发《示例市文化产业发展专项资金管理办法》的通知",
        "示文旅发〔2025〕12号",
    ),
    (
        "2025-03-17",
        "示例市文化广电旅游局关于进一步规范文化市场行政处罚自由裁量权的通知",
        "示文旅发〔2025〕8号",
    ),
    (
        "2025-01-06",
        "示例市文化广电旅游局关于印发《示例市公共文化设施免费开放实施办法》的通知",
        "示文旅发〔2025〕1号",
    ),
    (
        "2024-11-25",
        "示例市文化广电旅游局关于印发《示例市文物保护单位保护管理办法》的通知",
        "示文旅发〔2024〕29号",
    ),
    (
        "2024-09-12",
        "关于印发《示例市文化和旅游领域信用分级分类监管办法》的通知",
        "示文旅发〔2024〕21号",
    ),
    ("2024-07-01", "关于印发《示例市乡村旅游重点村评定办法》的通知", "示文旅发〔2024〕16号"),
    ("2024-04-22", "关于印发《示例市旅行社质量保证金管理实施细则》的通知", "示文旅发〔2024〕9号"),
    ("2024-02-26", "关于做好文化和旅游领域优化营商环境工作的实施意见", "示文旅发〔2024〕3号"),
    ("2023-12-11", "关于印发《示例市群众文化活动扶持办法》的通知", "示文旅发〔2023〕30号"),
    ("2023-10-16", "关于加强剧本娱乐经营场所管理的通知", "示文旅发〔2023〕24号"),
    ("2023-08-07", "关于印发《示例市文化和旅游志愿服务管理办法》的通知", "示文旅发〔2023〕18号"),
    ("2023-05-29", "关于推动夜间文化和旅游消费发展的实施意见", "示文旅发〔2023〕12号"),
    ("2023-03-13", "关于印发《示例市广播电视安全播出管理规定》的通知", "示文旅发〔2023〕6号"),
    (
        "2022-12-05",
        "关于印发《示例市公共图书馆总分馆制建设实施方案》的通知",
        "示文旅发〔2022〕33号",
    ),
    ("2022-09-19", "关于印发《示例市文物建筑开放利用导则》的通知", "示文旅发〔2022〕25号"),
    ("2022-06-06", "关于进一步加强网吧管理的通知", "示文旅发〔2022〕14号"),
    ("2021-12-20", "关于印发《示例市“十四五”文化和旅游发展规划》的通知", "示文旅发〔2021〕38号"),
    ("2021-09-06", "关于印发《示例市星级饭店评定工作规程》的通知", "示文旅发〔2021〕26号"),
    ("2021-04-12", "关于印发《示例市文化市场综合执法工作规范》的通知", "示文旅发〔2021〕9号"),
]
ZCWJ_BROKEN = 12  # index of the entry whose article is missing (page 2)

RSXX = [  # 人事信息 (GBK table page): (date, title)
    ("2024-11-02", "王镕同志任职通知"),
    (
        "2024-08-19",
        "关于2024年示例市文化广电旅游局所属事业单位公开招聘工作人员拟聘用人员名单的公示",
    ),
    ("2024-06-03", "示例市文化广电旅游局所属事业单位2024年公开招聘工作人员公告"),
    ("2024-03-11", "关于张晓峰等同志职务任免的通知"),
    ("2023-12-18", "关于2023年度公务员年度考核优秀等次人员的公示"),
    ("2023-09-04", "关于刘建华同志试用期满考核合格的公示"),
    ("2023-06-26", "示例市文化广电旅游局2023年公开遴选公务员公告"),
    ("2023-04-10", "关于拟提拔任用干部的任前公示"),
    ("2022-11-21", "关于2022年事业单位公开招聘拟聘用人员名单的公示"),
    ("2022-07-04", "关于周敏同志任职的通知"),
    ("2022-03-14", "示例市文化广电旅游局所属事业单位2022年公开招聘工作人员公告"),
    ("2021-12-06", "关于孙立新等同志职务任免的通知"),
]
RSXX_BODIES = {
    "王镕同志任职通知": "经局党组研究决定：\n王镕同志任示例市文化广电旅游局产业发展处处长，试用期一年。",
    "关于张晓峰等同志职务任免的通知": "经局党组研究决定：\n张晓峰同志任示例市文化广电旅游局办公室主任；\n免去何磊同志示例市文化广电旅游局办公室主任职务。",
    "关于周敏同志任职的通知": "经局党组研究决定：\n周敏同志任示例市文化广电旅游局公共服务处副处长。",
    "关于孙立新等同志职务任免的通知": "经局党组研究决定：\n孙立新同志任示例市文化广电旅游局文物保护处处长；\n免去郑宏同志示例市文化广电旅游局文物保护处处长职务。",
    "关于刘建华同志试用期满考核合格的公示": "刘建华同志任示例市文化广电旅游局广播电视处副处长试用期已满，经考核，试用期考核合格，拟正式任职。现予公示，公示期为5个工作日。",
    "关于拟提拔任用干部的任前公示": "根据《党政领导干部选拔任用工作条例》有关规定，经局党组研究，拟提拔任用以下同志：\n林涛，男，汉族，大学学历，现任局产业发展处一级主任科员，拟任局资源开发与市场管理处副处长。\n公示期间，如有反映，请通过来信、来电、来访等方式向局人事处反映。",
}

RSZX = [  # 人事資訊 (titles as a traditional-character mirror serves them)
    (
        "2025-12-01",
        "關於2025年事業單位公開招聘擬聘用人員名單的公示",
        "根據《事業單位公開招聘人員暫行規定》，經筆試、面試、體檢和考察，現將擬聘用人員名單予以公示。公示期為7個工作日。",
    ),
    (
        "2025-07-15",
        "示例市文化廣電旅遊局所屬事業單位2025年公開招聘工作人員公告",
        "根據工作需要，示例市文化廣電旅遊局所屬事業單位面向社會公開招聘工作人員8名。報名採取網上報名方式進行。",
    ),
    (
        "2025-03-03",
        "關於李文博同志職務任免的通知",
        "經局黨組研究決定：\n李文博同志任示例市文化廣電旅遊局藝術處處長。",
    ),
]

GHJH = [  # 规划计划 (year-less list dates): (date, time, title)
    ("2026-05-12", "09:40", "示例市文化广电旅游局2026年度重点工作计划"),
    ("2026-03-05", "10:20", "示例市2026年公共文化服务体系建设工作要点"),
    ("2026-01-20", "15:10", "示例市文化广电旅游局2026年政务公开工作要点"),
    ("2025-09-15", "11:05", "示例市文化和旅游产业发展三年行动计划（2025—2027年）"),
    ("2025-06-10", "16:30", "示例市文化广电旅游局2025年度重点工作计划"),
    ("2025-02-26", "09:15", "示例市2025年公共文化服务体系建设工作要点"),
    ("2024-05-20", "14:45", "示例市全域旅游发展规划（2024—2030年）"),
    ("2024-02-19", "10:00", "示例市文化广电旅游局2024年度重点工作计划"),
    ("2023-03-01", "08:50", "示例市文化广电旅游局2023年度重点工作计划"),
    ("2022-02-14", "11:30", "示例市“十四五”文化和旅游发展规划"),
    ("2021-03-08", "15:20", "示例市文物保护利用“十四五”专项规划"),
    ("2017-08-21", "15:04", "示例市文广新局2017年政务公开工作实施方案"),
]

ZDXM = [  # 重大项目: no dates anywhere
    (
        "示例市非物质文化遗产展示馆建设项目",
        "示例市滨江新区",
        "新建展示馆一座，总建筑面积约12000平方米，设常设展厅、活态传承区和数字体验区。",
        "18000万元",
        "主体结构已封顶，正在进行幕墙和室内布展施工。",
    ),
    (
        "滨江文化公园二期工程",
        "示例市滨江路沿线",
        "建设滨水文化步道、露天剧场、城市书房及配套绿化景观。",
        "26000万元",
        "露天剧场和城市书房已投入使用，景观绿化工程正在收尾。",
    ),
    (
        "示例市图书馆新馆智慧化改造项目",
        "示例市图书馆新馆",
        "建设自助借还、智能书架、数字阅读空间和读者服务大数据平台。",
        "3200万元",
        "智能书架和自助借还系统已上线运行，大数据平台正在调试。",
    ),
    (
        "古城历史文化街区保护修缮工程",
        "示例市古城区",
        "对街区内传统民居、古井、石板街巷实施保护修缮，完善消防和市政配套设施。",
        "41000万元",
        "一期修缮工程已完工并对外开放，二期正在开展文物影响评估。",
    ),
    (
        "示例县红色旅游景区提升工程",
        "示例县",
        "提升游客服务中心、陈列展馆和景区道路，新建红色教育培训基地。",
        "9500万元",
        "游客服务中心和陈列展馆提升已完成，培训基地正在施工。",
    ),
    (
        "市级全民健身与文化活动中心建设项目",
        "示例市城东片区",
        "新建集文化活动、全民健身、青少年校外活动于一体的综合性场馆。",
        "33000万元",
        "已完成项目可行性研究报告批复，正在开展初步设计。",
    ),
]

ZD = [  # 政府信息公开制度: (date, title)
    ("2025-06-12", "示例市文化广电旅游局政府信息公开保密审查办法"),
    ("2023-04-18", "示例市文化广电旅游局政府信息公开工作年度报告制度"),
    ("2021-09-27", "示例市文化广电旅游局依申请公开政府信息工作规程"),
    ("2019-07-08", "示例市文化广电旅游局政府信息主动公开制度"),
]

NDBG = [  # 政府信息公开年报: (report year, published, time, title)
    (2025, "2026-01-26", "10:30", f"{SITE}2025年政府信息公开工作年度报告"),
    (2024, "2025-01-22", "09:50", f"{SITE}2024年政府信息公开工作年度报告"),
    (2022, "2023-03-15", "16:10", f"{SITE}2022年政府信息公开工作年度报告"),
    (2021, "2022-01-28", "11:20", f"{SITE}2021年政府信息公开工作年度报告"),
    (2020, "2021-01-25", "15:40", f"{SITE}2020年政府信息公开工作年度报告"),
    (2019, "2020-01-20", "10:05", f"{SITE}2019年政府信息公开工作年度报告"),
    (2013, "2014-04-03", "10:15", "www.321365.com2013年信息公开工作年度报告"),
]

XWZX = [  # 新闻中心 (homepage 工作动态 box; outside the 信息公开 section)
    ("2026-06-29", "我局召开2026年上半年工作总结暨下半年工作部署会"),
    ("2026-06-27", "市博物馆暑期研学活动启动"),
    ("2026-06-26", "全市文化市场综合执法“护苗”行动启动"),
    ("2026-06-24", "示例市6家单位获评省级文旅融合示范单位"),
    ("2026-06-22", "市艺术剧院原创舞剧《江城》首演"),
    ("2026-06-20", "我局开展端午假期文旅市场安全检查"),
]

ZD_TEXT = {
    "示例市文化广电旅游局政府信息公开保密审查办法": [
        "为规范本局政府信息公开保密审查工作，防止在政府信息公开中发生泄密事件，根据《中华人民共和国保守国家秘密法》《中华人民共和国政府信息公开条例》等规定，制定本办法。",
        "本局公开政府信息前，应当依照有关规定对拟公开的政府信息进行审查，坚持“先审查、后公开”“一事一审”和“谁公开、谁审查、谁负责”的原则。",
        "涉及文物安全、考古发掘地点、未公开的执法案卷等信息，由业务处室提出意见，经办公室复核、分管局领导审定后方可公开。",
        "对不能确定是否可以公开的政府信息，应当依照法律、法规和国家有关规定报有关主管部门或者保密行政管理部门确定。",
    ],
    "示例市文化广电旅游局政府信息公开工作年度报告制度": [
        "为做好本局政府信息公开工作年度报告的编制和发布工作，根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，制定本制度。",
        "本局于每年1月31日前向市人民政府办公室报送本局上一年度政府信息公开工作年度报告，并向社会公布。",
        "年度报告由办公室牵头编制，各处室、局属单位按照职责分工于每年1月10日前提供相关数据和材料。",
        "年度报告按照国家规定的统一格式编制，内容应当全面、数据应当准确，经局主要负责人审定后在门户网站“政府信息公开年报”栏目发布。",
    ],
    "示例市文化广电旅游局依申请公开政府信息工作规程": [
        "为规范依申请公开政府信息工作，保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，制定本规程。",
        "依申请公开工作由办公室统一受理、统一答复，相关业务处室负责提供政府信息和拟办意见。",
        "收到申请后，能够当场答复的应当当场答复；不能当场答复的，应当自收到申请之日起20个工作日内予以答复。",
        "答复书应当载明答复依据、救济途径和期限，加盖本局政府信息公开专用章后送达申请人。",
    ],
    "示例市文化广电旅游局政府信息主动公开制度": [
        "为推进本局政府信息主动公开工作，提高工作透明度，根据《中华人民共和国政府信息公开条例》，制定本制度。",
        "本局按照“以公开为常态、不公开为例外”的原则，对属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。",
        "主动公开的政府信息以门户网站为第一公开平台，同时通过政务新媒体、新闻发布会等途径公开。",
        "各处室、局属单位是本单位政府信息主动公开的责任主体，应当按照公开目录及时提供应当公开的政府信息。",
    ],
}

PLAN_PARAS = [
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，坚持以文塑旅、以旅彰文，推进文化和旅游深度融合发展。",
    "完善公共文化服务体系，推动市、区县、乡镇（街道）、村（社区）四级公共文化设施提档升级，推进公共文化服务标准化、均等化。",
    "实施文旅消费提质扩容行动，培育夜间文旅消费集聚区和消费示范场景，扩大优质文旅产品供给。",
    "加强文化遗产系统性保护，扎实开展文物普查和非物质文化遗产代表性项目保护，推动文物和非遗活化利用。",
    "强化文化和旅游市场监管，深化“双随机、一公开”监管，推进信用分级分类监管，守牢安全生产底线。",
    "加强干部队伍建设，持续转变作风，提升依法行政能力和服务水平。",
    "推进智慧文旅建设，提升景区、场馆数字化服务水平，推动文旅数据互联互通。",
    "优化营商环境，落实惠企政策，支持文旅市场主体健康发展。",
]


def build_columns(rnd: random.Random) -> list[Column]:
    cols: list[Column] = []
    C = cols.append

    # 1. 政府信息公开指南 — a content page
    C(
        Column(
            "zn",
            "政府信息公开指南",
            "/xxgk/zn/index.html",
            "page",
            "other",
            "guide",
            "ok",
            "A single content page (the guide) with 发布日期, not a list.",
            kind="page",
            page_date=d("2025-03-10"),
        )
    )
    # 2. 政府信息公开制度 — TRS, one page
    zd = Column(
        "zd",
        "政府信息公开制度",
        "/xxgk/zd/index.html",
        "trs",
        "other",
        "system",
        "ok",
        "TRS list, one page (createPageHTML(1, 0, ...)); one entry is the lookalike "
        "「…政府信息公开工作年度报告制度」, which is not an annual report.",
    )
    for i, (ds, title) in enumerate(ZD):
        day = d(ds)
        zd.entries.append(
            Entry(
                trs_url(zd.folder, day, 70420 - i * 37),
                title,
                day,
                hhmm(rnd),
                day - timedelta(days=rnd.randint(2, 6)),
            )
        )
    C(zd)
    # 3a. 机构职能 — content page
    C(
        Column(
            "jgzn",
            "机构职能",
            "/xxgk/fdzdgknr/jgzn/index.html",
            "page",
            "other",
            "organisation",
            "ok",
            "A content page (主要职责, 内设机构, 局领导), not a list.",
            kind="page",
            parent="fdzdgknr",
            page_date=d("2025-08-15"),
        )
    )
    # 3b. 通知公告 — TRS, 3 pages via createPageHTML only
    tzgg = Column(
        "tzgg",
        "通知公告",
        "/xxgk/fdzdgknr/tzgg/index.html",
        "trs",
        "notice",
        "notice",
        "ok",
        "TRS list on 3 pages (index.html, index_1.html, index_2.html) reachable only through "
        'createPageHTML(3, k, "index", "html"); one entry dated in the future (2026-09-01); '
        "one article whose PubDate meta disagrees with its visible 发布日期; one document also "
        "published in 工作动态.",
        parent="fdzdgknr",
    )
    doc_id = 812345
    for ds, title in TZGG:
        day = d(ds)
        if ds == "2026-09-01":
            url = trs_url(tzgg.folder, day, 812399)
        else:
            url = trs_url(tzgg.folder, day, doc_id)
            doc_id -= rnd.randint(8, 41)
        written = day - timedelta(days=rnd.randint(1, 4))
        e = Entry(url, title, day, hhmm(rnd), written)
        if title == PUBDATE_CONFLICT:
            e.written = day - timedelta(days=7)
            e.pubdate_meta = "2026-05-27 16:20"
        tzgg.entries.append(e)
    C(tzgg)
    # 3c. 工作动态 — 大汉 JCMS
    gzdt = Column(
        "gzdt",
        "工作动态",
        "/col/col1001/index.html",
        "jcms",
        "news",
        "news",
        "ok",
        '大汉 JCMS: the static page holds the first 15 of 60 records in <script type="text/xml">; '
        "the rest only through POST /module/web/jpage/dataproxy.jsp (columnid=1001). Newest "
        "2026-04-20 is stale for a news column (14 days). One article carries a hidden spam block.",
        parent="fdzdgknr",
    )
    for i, (ds, title) in enumerate(GZDT):
        day = d(ds)
        art = 5001 + i
        gzdt.entries.append(
            Entry(
                f"/art/{day.year}/{day.month}/{day.day}/art_1001_{art}.html",
                title,
                day,
                hhmm(rnd),
                day,
                injected=(art == INJECTED_ID),
                source="示例市文化广电旅游局办公室",
            )
        )
    C(gzdt)
    # 3d. 政策文件 — ?page=N pagination
    zcwj = Column(
        "zcwj",
        "政策文件",
        "/xxgk/fdzdgknr/zcwj/list.html",
        "query",
        "policy",
        "policy",
        "ok",
        "Query-string pagination list.html?page=2, ?page=3 (files list_p2.html, list_p3.html), "
        "10+10+5 entries; newest 2026-03-01 is fresh (183 days); one article link is broken (404).",
        parent="fdzdgknr",
    )
    for i, (ds, title, docno) in enumerate(ZCWJ):
        day = d(ds)
        url = f"{zcwj.folder}content/post_{3025 - i}.html"
        zcwj.entries.append(
            Entry(
                url,
                title,
                day,
                hhmm(rnd),
                day - timedelta(days=rnd.randint(3, 8)),
                docno,
                exists=(i != ZCWJ_BROKEN),
            )
        )
    C(zcwj)
    # 3e. 人事信息 — GBK table catalogue
    rsxx = Column(
        "rsxx",
        "人事信息",
        "/xxgk/fdzdgknr/rsxx/index.html",
        "table",
        "personnel",
        "personnel",
        "ok",
        "A <table> catalogue (序号 | 标题 | 发布日期), 12 rows, served as GBK bytes with only "
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"> and no header '
        "charset; one title holds 镕 (GBK only, not GB2312). Newest 2024-11-02 is stale (365 days).",
        parent="fdzdgknr",
        encoding="gbk",
    )
    for i, (ds, title) in enumerate(RSXX):
        day = d(ds)
        rsxx.entries.append(
            Entry(
                trs_url(rsxx.folder, day, 6112 - i * 9),
                title,
                day,
                hhmm(rnd),
                day - timedelta(days=rnd.randint(1, 3)),
            )
        )
    C(rsxx)
    # 3f. 规划计划 — 下一页 link only, year-less list dates
    ghjh = Column(
        "ghjh",
        "规划计划",
        "/xxgk/fdzdgknr/ghjh/list_1.html",
        "nextlink",
        "plan",
        "plan",
        "ok",
        'Two pages linked only by <a href="list_2.html">下一页</a>; list dates are year-less '
        "([05-12]); each article page carries the full 发布时间 (newest 2026-05-12).",
        parent="fdzdgknr",
    )
    for i, (ds, tm, title) in enumerate(GHJH):
        day = d(ds)
        ghjh.entries.append(
            Entry(
                f"{ghjh.folder}content_{7112 - i}.html",
                title,
                day,
                tm,
                day - timedelta(days=rnd.randint(2, 6)),
            )
        )
    C(ghjh)
    # 3g. 财政预决算 — empty list
    C(
        Column(
            "czyjs",
            "财政预决算",
            "/xxgk/fdzdgknr/czyjs/index.html",
            "plain",
            "other",
            "budget",
            "empty",
            "The list container is present but holds no item (「暂无信息」): an empty column.",
            parent="fdzdgknr",
        )
    )
    # 3h. 政策解读 — client-side rendering
    C(
        Column(
            "zcjd",
            "政策解读",
            "/xxgk/fdzdgknr/zcjd/index.html",
            "handlebars",
            "policy",
            "policy",
            "unreadable",
            'An empty <ul id="list"> filled client-side from /api/zcjd.json (which does not exist) '
            "through a Handlebars template: unreadable, never empty.",
            parent="fdzdgknr",
        )
    )
    # 3i. 行政执法 — the sidebar links to a page that does not exist
    C(
        Column(
            "xzzf",
            "行政执法",
            "/xxgk/fdzdgknr/xzzf/index.html",
            "missing",
            "other",
            "other",
            "unreachable",
            "The sidebar link answers 404.",
            parent="fdzdgknr",
        )
    )
    # 3j. 重大项目 — no dates anywhere
    zdxm = Column(
        "zdxm",
        "重大项目",
        "/xxgk/fdzdgknr/zdxm/index.html",
        "plain",
        "other",
        "other",
        "undated",
        "6 entries and no date text anywhere (neither on the list nor on the article pages).",
        parent="fdzdgknr",
    )
    for i, row in enumerate(ZDXM):
        zdxm.entries.append(Entry(f"{zdxm.folder}content_{8001 + i}.html", row[0], None))
    C(zdxm)
    # 3k. 人事資訊 — traditional characters
    rszx = Column(
        "rszx",
        "人事資訊",
        "/xxgk/fdzdgknr/rszx/index.html",
        "plain",
        "personnel",
        "personnel",
        "ok",
        "Column title and entries in traditional characters, as mirrors serve them "
        "(normalises to 人事资讯 → personnel).",
        parent="fdzdgknr",
    )
    for i, (ds, title, _) in enumerate(RSZX):
        day = d(ds)
        rszx.entries.append(
            Entry(
                trs_url(rszx.folder, day, 6205 - i * 4),
                title,
                day,
                hhmm(rnd),
                day - timedelta(days=2),
            )
        )
    C(rszx)
    # 4. 政府信息公开年报 — TRS, one page
    ndbg = Column(
        "ndbg",
        "政府信息公开年报",
        "/xxgk/ndbg/index.html",
        "trs",
        "annual_report",
        "annual_report",
        "ok",
        "Annual reports 2013 (polluted title, seed text), 2019–2022, 2024, 2025; no 2023 report; "
        "2022 late; 2024 lacks parts 四 and 六; 2025 copies 2024.",
    )
    for year, ds, tm, title in NDBG:
        day = d(ds)
        ndbg.entries.append(
            Entry(
                trs_url(ndbg.folder, day, 10234 + (year - 2013) * 1111),
                title,
                day,
                tm,
                day - timedelta(days=3 if year != 2013 else 0),
            )
        )
    C(ndbg)
    return cols


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------

TRS_PAGE_JS = """<script type="text/javascript">
//翻页函数：_nPageCount 总页数，_nCurrIndex 当前页（从0开始），_sPageName 文件名，_sPageExt 扩展名
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
	if(_nPageCount == null || _nPageCount<=1){
		return;
	}
	var nCurrIndex = _nCurrIndex || 0;
	if(nCurrIndex == 0)
		document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;");
	else{
		var nPreIndex = nCurrIndex - 1;
		var sPreFileExt = nPreIndex == 0 ? "" : ("_" + nPreIndex);
		document.write("<a href='" + _sPageName + "." + _sPageExt + "'>首页</a>&nbsp;");
		document.write("<a href='" + _sPageName + sPreFileExt + "." + _sPageExt + "'>上一页</a>&nbsp;");
	}
	if(nCurrIndex == _nPageCount - 1)
		document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
	else{
		document.write("<a href='" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "'>下一页</a>&nbsp;");
		document.write("<a href='" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "'>尾页</a>");
	}
	document.write("&nbsp;&nbsp;共" + _nPageCount + "页");
}
</script>
"""


def rel(from_folder: str, url: str) -> str:
    """The relative href a static CMS writes (./202606/t….html) when the target is below."""
    return "./" + url[len(from_folder) :] if url.startswith(from_folder) else url


def list_title(title: str) -> str:
    return f'<div class="list-title"><h2>{esc(title)}</h2></div>\n'


def column_metas(col: Column) -> list[tuple[str, str]]:
    return [
        ("ColumnName", col.title),
        ("ColumnDescription", f"{SITE}{col.title}"),
        ("ColumnKeywords", col.title),
        ("ColumnType", col.title),
    ]


def li(entry: Entry, href: str, date_text: str | None, date_class: str = "") -> str:
    cls = f' class="{date_class}"' if date_class else ""
    span = f"<span{cls}>{date_text}</span>" if date_text is not None else ""
    return f'<li><a href="{href}" target="_blank" title="{esc(entry.title)}">{esc(entry.title)}</a>{span}</li>'


class Site:
    def __init__(self) -> None:
        # One seeded stream per build, not per module, so that every build is the same portal.
        self.rnd = random.Random(20260630)
        self.columns = build_columns(self.rnd)
        self.by_key = {c.key: c for c in self.columns}
        self.files: dict[str, bytes] = {}

    # -- output ------------------------------------------------------------------
    def put(self, path: str, text: str, encoding: str = "utf-8") -> None:
        assert path.startswith("/") and path not in self.files, path
        self.files[path] = text.encode(encoding)  # strict: a GBK page must be GBK-clean

    def side(self, key: str | None) -> str:
        return sidebar(self.columns, key)

    # -- article pages -------------------------------------------------------------
    def article(self, col: Column, e: Entry, body: str, style: str = "trs") -> None:
        metas = [("ArticleTitle", e.title)]
        if e.published:
            metas.append(("PubDate", e.pubdate_meta or f"{e.published.isoformat()} {e.time}"))
        metas += [
            ("ContentSource", e.source),
            ("ColumnName", col.title),
            ("ColumnType", col.title),
            ("Keywords", col.title),
            ("Description", e.title[:60]),
        ]
        year = (e.published or e.written or AS_OF).year
        index_no = e.index_no or (
            f"{CREDIT}/{year}-{self.rnd.randint(100, 999):05d}"
            if e.published
            else f"{CREDIT}/XM-{self.rnd.randint(10, 99):05d}"
        )
        written = e.written.isoformat() if e.written else ""
        rows = [
            f"<tr><th>索 引 号：</th><td>{index_no}</td><th>主题分类：</th><td>{esc(col.title)}</td></tr>",
            f"<tr><th>发布机构：</th><td>{SITE}</td><th>成文日期：</th><td>{written}</td></tr>"
            if e.published
            else f'<tr><th>发布机构：</th><td colspan="3">{SITE}</td></tr>',
            f'<tr><th>名　　称：</th><td colspan="3">{esc(e.title)}</td></tr>',
        ]
        if e.published:
            rows.append(
                f"<tr><th>文　　号：</th><td>{esc(e.docno)}</td><th>发布日期：</th>"
                f"<td>{e.published.isoformat()}</td></tr>"
            )
        info_table = (
            '<table class="xxgk-info" cellspacing="0" cellpadding="0">\n'
            + "\n".join(rows)
            + "\n</table>\n"
        )
        views = self.rnd.randint(120, 3800)
        info = (f"发布时间：{e.published.isoformat()} {e.time}　" if e.published else "") + (
            f'来源：{esc(e.source)}　浏览次数：<span class="hits">{views}</span>'
        )
        tools = (
            '<div class="article-tools"><a href="javascript:window.print();">【打印本页】</a>'
            '<a href="javascript:window.close();">【关闭窗口】</a></div>\n'
        )
        if style == "jcms":
            main = (
                '<table class="article" width="100%" cellspacing="0" cellpadding="0">\n'
                f'<tr><td class="title">{esc(e.title)}</td></tr>\n'
                f'<tr><td class="info">{info}</td></tr>\n'
                f"<tr><td>{info_table}</td></tr>\n"
                '<tr><td class="bt_content" id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">\n'
                f'{body}\n<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></td></tr>\n</table>\n{tools}'
            )
        else:
            wrap = '<div class="TRS_Editor">' if style == "trs" else '<div class="article-body">'
            main = (
                f'<div class="article">\n{info_table}<h1 class="article-title">{esc(e.title)}</h1>\n'
                f'<div class="article-info">{info}</div>\n'
                f'<div class="article-content" id="zoom">{wrap}\n{body}\n</div></div>\n{tools}</div>\n'
            )
        spam = ""
        if e.injected:
            spam = (
                '<div style="display:none"><a href="http://www.365bet-example.com/">澳门赌场</a> '
                '<a href="http://www.bjl-example.net/">百家乐在线</a> '
                '<a href="http://www.bocai-example.cc/">博彩网站大全</a></div>\n'
            )
        self.put(
            e.url,
            page(
                title=e.title,
                main=main,
                crumbs=crumbs_of(col),
                sidebar=self.side(col.key),
                metas=metas,
                encoding=col.encoding,
                body_start=spam,
            ),
            col.encoding,
        )

    # -- list pages ----------------------------------------------------------------
    def list_page(self, col: Column, path: str, inner: str, head_extra: str = "") -> None:
        col.pages.append(path)
        main = f'<div class="list-wrap">\n{list_title(col.title)}{inner}</div>\n'
        self.put(
            path,
            page(
                title=col.title,
                main=main,
                crumbs=crumbs_of(col),
                sidebar=self.side(col.key),
                metas=column_metas(col),
                encoding=col.encoding,
                head_extra=head_extra,
            ),
            col.encoding,
        )

    def trs_list(self, col: Column, per_page: int = 20) -> None:
        chunks = [col.entries[i : i + per_page] for i in range(0, len(col.entries), per_page)] or [
            []
        ]
        for k, chunk in enumerate(chunks):
            path = col.url if k == 0 else col.folder + f"index_{k}.html"
            items = "\n".join(li(e, rel(col.folder, e.url), e.published.isoformat()) for e in chunk)
            inner = (
                f'<ul class="list">\n{items}\n</ul>\n<div class="page-box">\n'
                f'<script type="text/javascript">createPageHTML({len(chunks)}, {k}, "index", "html");</script>\n</div>\n'
            )
            self.list_page(col, path, inner, TRS_PAGE_JS)

    def render(self) -> None:
        c = self.by_key
        self.home_and_misc()
        self.section()
        # 指南, 机构职能: content pages
        guide = c["zn"]
        guide_entry = Entry(
            guide.url,
            "示例市文化广电旅游局政府信息公开指南",
            guide.page_date,
            "10:00",
            guide.page_date - timedelta(days=4),
        )
        guide.pages.append(guide.url)
        self.article(
            guide, guide_entry, simple_markup((SRC / "guide.txt").read_text(encoding="utf-8"))
        )
        org = c["jgzn"]
        org_entry = Entry(
            org.url, "示例市文化广电旅游局机构职能", org.page_date, "09:30", org.page_date
        )
        org.pages.append(org.url)
        self.article(org, org_entry, simple_markup((SRC / "jgzn.txt").read_text(encoding="utf-8")))

        self.zd(c["zd"])
        self.fdzd_index()
        self.tzgg(c["tzgg"])
        self.gzdt(c["gzdt"])
        self.zcwj(c["zcwj"])
        self.rsxx(c["rsxx"])
        self.ghjh(c["ghjh"])
        self.czyjs(c["czyjs"])
        self.zcjd(c["zcjd"])
        self.zdxm(c["zdxm"])
        self.rszx(c["rszx"])
        self.ndbg(c["ndbg"])

    # -- columns -------------------------------------------------------------------
    def zd(self, col: Column) -> None:
        self.trs_list(col)
        for e in col.entries:
            arts = ZD_TEXT[e.title]
            text = "\n".join(f"第{'一二三四五六'[i]}条　{a}" for i, a in enumerate(arts))
            text += f"\n第{'一二三四五六'[len(arts)]}条　本制度自印发之日起施行。"
            self.article(col, e, paras(text) + "\n" + signature(e.written))

    def tzgg(self, col: Column) -> None:
        self.trs_list(col)
        for e in col.entries:
            if e.title == DUP_TITLE:
                body = self.dup_body
            elif e.title == SELF_CHECK:
                body = self.self_check_body(e)
            else:
                body = notice_body(e.title, e.written, self.rnd)
            self.article(col, e, body)

    @property
    def dup_body(self) -> str:
        if not hasattr(self, "_dup"):
            self._dup = notice_body(DUP_TITLE, DUP_DATE - timedelta(days=2), random.Random(415))
        return self._dup

    def self_check_body(self, e: Entry) -> str:
        raw = seed("002_20884227d1733f29.txt")
        start = raw.index("二、存在的问题及整改措施")
        end = raw.index("三、下一步工作安排", start)
        chunk = raw[start:end].replace("我镇", "我局").replace("镇直各单位", "局属各单位")
        intro = (
            "按照市政府办公室关于开展政府网站季度自查工作的通知要求，我局对门户网站及政务新媒体运行情况进行了全面自查。"
            "自查范围包括首页及各栏目信息更新、链接可用性、政务公开目录完整性、互动回应和办事服务等内容，现将有关情况报告如下。\n"
            "一、自查基本情况\n本季度我局门户网站运行平稳，首页及重点栏目均按要求更新，未发现严重错别字和泄密信息。"
        )
        return paras(intro + "\n" + chunk) + "\n" + signature(e.written)

    def gzdt(self, col: Column) -> None:
        records = [
            {"url": e.url, "title": e.title, "date": e.published.isoformat()} for e in col.entries
        ]
        self.files["/jcms/col1001.json"] = (
            json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        ).encode()

        def record(r: dict[str, str]) -> str:
            t = esc(r["title"])
            return (
                f'<record><![CDATA[\n<li><a href="{r["url"]}" target="_blank" title="{t}">{t}</a>'
                f"<span>{r['date']}</span></li>]]></record>"
            )

        webname = quote(SITE)
        first = "\n".join(record(r) for r in records[:15])
        inner = f"""<div class="default_pgContainer">
<div id="1001"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=1001&unitid=4001&webname={webname}&permissiontype=0"></a>]]></nextgroup>
<recordset>
{first}
</recordset>
</datastore></script></div>
</div>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>
<script type="text/javascript">
$(document).ready(function(){{
	$('#1001').jpage({{
		dataStore: $('#1001 script[type="text/xml"]').text(),
		proxyUrl: '/module/web/jpage/dataproxy.jsp',
		perPage: 15,
		totalRecord: 60,
		groupSize: 3,
		barPosition: 'bottom',
		ajaxParam: {{col: 1, appid: 1, webid: 1, path: '/', columnid: 1001, sourceContentType: 1, unitid: 4001, webname: '{SITE}', permissiontype: 0}},
		showMode: 'full'
	}});
}});
</script>
"""
        self.list_page(col, col.url, inner)
        for e in col.entries:
            body = (
                self.dup_body if e.title == DUP_TITLE else news_body(e.title, e.published, self.rnd)
            )
            self.article(col, e, body, style="jcms")

    def zcwj(self, col: Column) -> None:
        per = 10
        chunks = [col.entries[i : i + per] for i in range(0, len(col.entries), per)]
        n = len(chunks)
        for k, chunk in enumerate(chunks, 1):
            path = col.url if k == 1 else col.folder + f"list_p{k}.html"
            items = "\n".join(
                li(e, rel(col.folder, e.url), e.published.isoformat(), "date") for e in chunk
            )
            pager = []
            if k > 1:
                pager.append('<a href="?page=1">首页</a>')
                pager.append(f'<a href="?page={k - 1}">上一页</a>')
            for i in range(1, n + 1):
                on = ' class="on"' if i == k else ""
                pager.append(f'<a href="?page={i}"{on}>{i}</a>')
            if k < n:
                pager.append(f'<a href="?page={k + 1}">下一页</a>')
                pager.append(f'<a href="?page={n}">尾页</a>')
            inner = (
                f'<ul class="list zcwj-list">\n{items}\n</ul>\n<div class="pagination">'
                f'{" ".join(pager)} <span class="total">共{len(col.entries)}条</span></div>\n'
            )
            self.list_page(col, path, inner)
        # the list shows the served address for ?page=N pages
        col.pages = [col.url] + [f"{col.url}?page={k}" for k in range(2, n + 1)]
        for e in col.entries:
            if e.exists:
                self.article(
                    col, e, policy_body(e.title, e.docno, e.written, self.rnd), style="plain"
                )

    def rsxx(self, col: Column) -> None:
        rows = "\n".join(
            f'<tr><td>{i}</td><td class="tl"><a href="{rel(col.folder, e.url)}" target="_blank" '
            f'title="{esc(e.title)}">{esc(e.title)}</a></td><td>{e.published.isoformat()}</td></tr>'
            for i, e in enumerate(col.entries, 1)
        )
        inner = (
            '<table class="xxgk-table" width="100%" cellspacing="0" cellpadding="0">\n'
            '<tr class="thead"><th width="60">序号</th><th>标题</th><th width="120">发布日期</th></tr>\n'
            f"{rows}\n</table>\n"
        )
        self.list_page(col, col.url, inner)
        for e in col.entries:
            text = RSXX_BODIES.get(e.title)
            if text is None:
                text = (
                    f"根据有关规定，现将{subject_of(e.title)}有关事项予以公布。\n"
                    "具体内容详见附件。如有疑问，请与局人事处联系。"
                )
            self.article(
                col,
                e,
                paras(text)
                + "\n"
                + signature(e.written, f"中共{SITE}党组" if "任" in e.title else SITE),
            )

    def ghjh(self, col: Column) -> None:
        pages = [col.entries[:8], col.entries[8:]]
        for k, chunk in enumerate(pages, 1):
            path = col.folder + f"list_{k}.html"
            items = "\n".join(
                li(e, rel(col.folder, e.url), f"[{e.published:%m-%d}]", "time") for e in chunk
            )
            link = (
                '<a href="list_2.html">下一页</a>' if k == 1 else '<a href="list_1.html">上一页</a>'
            )
            inner = (
                f'<ul class="list list-ul">\n{items}\n</ul>\n'
                f'<div class="pager">共 {len(col.entries)} 条 {link}</div>\n'
            )
            self.list_page(col, path, inner)
        for i, e in enumerate(col.entries):
            if e.title.endswith("2017年政务公开工作实施方案"):
                raw = seed("001_8d8c5a5d76a56a31.txt")
                body_text = raw.split("实施方案\n", 2)[-1] if raw.count("实施方案\n") >= 2 else raw
                body_text = (
                    body_text.replace("嘉峪关市", "示例市")
                    .replace("嘉峪关 市", "示例市")
                    .replace("嘉峪关", "示例市")
                    .replace("嘉政办发[2017]104号", "示政办发[2017]104号")
                )
                lines = [ln for ln in body_text.splitlines() if ln.strip()]
                sig = lines[-2:]
                body = (
                    paras("\n".join(lines[:-2]))
                    + "\n"
                    + "\n".join(f'<p style="text-align:right;">{esc(s.strip())}</p>' for s in sig)
                )
            else:
                picks = random.Random(i).sample(PLAN_PARAS, 4)
                text = "\n".join(f"{'一二三四'[j]}、{p}" for j, p in enumerate(picks))
                body = paras(
                    f"为做好相关工作，结合我市实际，制定{e.title.replace('示例市', '本')}如下。\n"
                    + text
                )
                body += "\n" + signature(e.written)
            self.article(col, e, body, style="plain")

    def czyjs(self, col: Column) -> None:
        inner = '<ul class="list">\n</ul>\n<div class="no-data">暂无信息</div>\n'
        self.list_page(col, col.url, inner)

    def zcjd(self, col: Column) -> None:
        head = (
            '<script type="text/javascript" '
            'src="https://cdn.bootcdn.net/ajax/libs/handlebars.js/4.7.7/handlebars.min.js"></script>\n'
        )
        inner = """<ul class="list" id="list"></ul>
<div class="pagination" id="pager"></div>
<script id="tpl" type="text/x-handlebars-template">{{#each data}}<li><a href="{{url}}">{{title}}</a><span>{{date}}</span></li>{{/each}}</script>
<script type="text/javascript">
(function () {
	var tpl = Handlebars.compile(document.getElementById('tpl').innerHTML);
	fetch('/api/zcjd.json?columnId=zcjd&pageNo=1&pageSize=20')
		.then(function (res) { return res.json(); })
		.then(function (res) { document.getElementById('list').innerHTML = tpl(res); });
})();
</script>
"""
        self.list_page(col, col.url, inner, head)

    def zdxm(self, col: Column) -> None:
        items = "\n".join(li(e, rel(col.folder, e.url), None) for e in col.entries)
        self.list_page(col, col.url, f'<ul class="list">\n{items}\n</ul>\n')
        for e, (title, place, content, money, progress) in zip(col.entries, ZDXM, strict=True):
            text = (
                f"项目名称：{title}\n建设地点：{place}\n建设内容：{content}\n项目总投资：{money}\n"
                f"建设单位：{SITE}\n项目进展：{progress}"
            )
            self.article(col, e, paras(text), style="plain")

    def rszx(self, col: Column) -> None:
        items = "\n".join(
            li(e, rel(col.folder, e.url), e.published.isoformat()) for e in col.entries
        )
        self.list_page(col, col.url, f'<ul class="list">\n{items}\n</ul>\n')
        for e, (_, _, text) in zip(col.entries, RSZX, strict=True):
            self.article(col, e, paras(text) + "\n" + signature(e.written, "示例市文化廣電旅遊局"))

    def ndbg(self, col: Column) -> None:
        self.trs_list(col)
        for (year, *_), e in zip(NDBG, col.entries, strict=True):
            if year == 2013:
                raw = seed("004_b38f8467f99bc411.txt")
                body_text = raw[raw.index("2013年,在市委") :].replace("南通", "示例市")
                body = "\n".join(
                    f'<p style="text-indent:2em;">{esc(p.strip())}</p>'
                    if p.strip()
                    else "<p>&nbsp;</p>"
                    for p in body_text.split("\n\n")
                )
                e.source = "示例市文广新局"
            else:
                body = report_body(year) + "\n" + signature(e.written)
            self.article(col, e, body)

    # -- section, homepage and other pages -------------------------------------------
    def fdzd_index(self) -> None:
        children = [c for c in self.columns if c.parent == "fdzdgknr"]
        items = "\n".join(f'<li><a href="{c.url}">{esc(c.title)}</a></li>' for c in children)
        main = f'<div class="list-wrap">\n{list_title(FDZD[0])}<ul class="sub-columns">\n{items}\n</ul>\n</div>\n'
        self.put(
            FDZD[1],
            page(
                title=FDZD[0],
                main=main,
                crumbs=[XXGK, FDZD],
                sidebar=self.side("fdzdgknr"),
                metas=[("ColumnName", FDZD[0]), ("ColumnType", FDZD[0])],
            ),
        )

    def section(self) -> None:
        dated = [
            (e, c)
            for c in self.columns
            if c.kind == "list"
            for e in c.entries
            if e.published and e.exists
        ]
        dated.sort(key=lambda ec: (ec[0].published, ec[0].url), reverse=True)
        latest = "\n".join(
            f'<li><a href="{e.url}" target="_blank" title="{esc(e.title)}">[{esc(c.title)}] {esc(e.title)}</a>'
            f"<span>{e.published.isoformat()}</span></li>"
            for e, c in dated[:8]
        )
        tops = [c for c in self.columns if c.parent is None]
        blocks = "\n".join(f'<li><a href="{c.url}">{esc(c.title)}</a></li>' for c in tops[:2])
        blocks += f'\n<li><a href="{FDZD[1]}">{FDZD[0]}</a></li>\n<li><a href="{tops[2].url}">{esc(tops[2].title)}</a></li>'
        main = f"""<div class="xxgk-home">
<div class="xxgk-intro"><p>根据《中华人民共和国政府信息公开条例》，{SITE}在本专栏集中发布主动公开的政府信息。公民、法人和其他组织可以通过本专栏查阅政府信息公开指南、制度、法定主动公开内容和年度报告。</p></div>
<div class="box"><div class="box-hd"><h3>信息公开平台</h3></div>
<ul class="platform">
{blocks}
</ul></div>
<div class="box"><div class="box-hd"><h3>最新信息</h3></div>
<ul class="list">
{latest}
</ul></div>
</div>
"""
        self.put(
            "/xxgk/index.html",
            page(
                title="政府信息公开",
                main=main,
                crumbs=[XXGK],
                sidebar=self.side(None),
                metas=[("ColumnName", "政府信息公开"), ("ColumnType", "政府信息公开")],
            ),
        )

    def home_and_misc(self) -> None:
        news = []
        for i, (ds, title) in enumerate(XWZX):
            day = d(ds)
            news.append(
                Entry(
                    f"/xwzx/gzdt/{day:%Y%m}/t{day:%Y%m%d}_{901206 - i * 13}.html",
                    title,
                    day,
                    hhmm(self.rnd),
                    day,
                )
            )
        self.news = news
        items = "\n".join(li(e, e.url, e.published.isoformat()) for e in news)
        tops = [c for c in self.columns if c.parent is None]
        xxgk_links = "\n".join(
            f'<li><a href="{u}">{esc(t)}</a></li>'
            for t, u in [
                (tops[0].title, tops[0].url),
                (tops[1].title, tops[1].url),
                FDZD,
                (tops[2].title, tops[2].url),
            ]
        )
        main = f"""<div class="home clearfix">
<div class="banner"><div class="banner-text">文旅融合 · 美好生活</div></div>
<div class="box news-box"><div class="box-hd"><h3>工作动态</h3><a class="more" href="/xwzx/index.html">更多&gt;&gt;</a></div>
<ul class="list">
{items}
</ul></div>
<div class="box xxgk-box"><div class="box-hd"><h3>政府信息公开</h3><a class="more" href="/xxgk/index.html">更多&gt;&gt;</a></div>
<ul class="quick">
{xxgk_links}
</ul></div>
<div class="box bsfw-box"><div class="box-hd"><h3>办事服务</h3><a class="more" href="/bsfw/index.html">更多&gt;&gt;</a></div>
<ul class="quick">
<li><a href="/bsfw/index.html">营业性演出审批</a></li>
<li><a href="/bsfw/index.html">娱乐场所经营许可</a></li>
<li><a href="/bsfw/index.html">旅行社设立许可</a></li>
<li><a href="/hdjl/index.html">局长信箱</a></li>
</ul></div>
</div>
"""
        self.put(
            "/index.html",
            page(
                title=SITE,
                main=main,
                nav_active="home",
                metas=[("ColumnName", "首页"), ("ColumnType", "首页")],
            ),
        )
        # 新闻中心 list and its articles
        main = f'<div class="list-wrap">\n{list_title("工作动态")}<ul class="list">\n{items}\n</ul>\n</div>\n'
        self.put(
            "/xwzx/index.html",
            page(
                title="新闻中心",
                main=main,
                crumbs=[("新闻中心", "/xwzx/index.html")],
                nav_active="xwzx",
            ),
        )
        for e in news:
            body = news_body(e.title, e.published, self.rnd)
            main = (
                f'<div class="article"><h1 class="article-title">{esc(e.title)}</h1>\n'
                f'<div class="article-info">发布时间：{e.published.isoformat()} {e.time}　来源：{SITE}</div>\n'
                f'<div class="article-content">{body}</div></div>\n'
            )
            self.put(
                e.url,
                page(
                    title=e.title,
                    main=main,
                    crumbs=[("新闻中心", "/xwzx/index.html")],
                    nav_active="xwzx",
                    metas=[
                        ("ArticleTitle", e.title),
                        ("PubDate", f"{e.published.isoformat()} {e.time}"),
                        ("ContentSource", SITE),
                        ("ColumnName", "工作动态"),
                    ],
                ),
            )
        simple = {
            "/hdjl/index.html": (
                "互动交流",
                "hdjl",
                "<h3>局长信箱</h3><p>欢迎您就文化、广电、旅游工作提出意见建议。"
                "来信请写明姓名、联系方式和反映事项，我局将在15个工作日内答复。</p>"
                "<h3>在线咨询</h3><p>咨询电话："
                + PHONE
                + "（工作日上午8:30至12:00，下午14:30至17:30）。</p>"
                "<h3>旅游投诉</h3><p>旅游投诉请拨打12345政务服务便民热线。</p>",
            ),
            "/bsfw/index.html": (
                "办事服务",
                "bsfw",
                "<p>本局政务服务事项已全部进驻市政务服务中心，"
                '可通过<a href="https://www.zwfw.example.gov.cn/" target="_blank">示例市政务服务网</a>在线办理。</p>'
                '<ul class="list"><li>营业性演出审批</li><li>娱乐场所经营许可</li><li>旅行社设立许可</li>'
                "<li>广播电视视频点播业务许可</li><li>文物保护单位修缮方案审批</li></ul>",
            ),
            "/lxwm/index.html": (
                "联系我们",
                "home",
                f"<p>单位名称：{SITE}</p><p>地址：{ADDRESS}</p>"
                f"<p>邮编：330199</p><p>联系电话：{PHONE}</p>",
            ),
            "/search/index.html": (
                "站内搜索",
                "home",
                "<p>请在页面顶部的搜索框中输入关键词进行检索。</p>",
            ),
            "/wzdt/index.html": (
                "网站地图",
                "home",
                '<ul class="sitemap">'
                + "".join(f'<li><a href="{href}">{name}</a></li>' for name, href, _ in NAV)
                + "</ul>",
            ),
        }
        for path, (title, nav, inner) in simple.items():
            main = f'<div class="list-wrap">\n{list_title(title)}<div class="simple">{inner}</div>\n</div>\n'
            self.put(path, page(title=title, main=main, crumbs=[(title, path)], nav_active=nav))

    # -- static assets and ground truth ------------------------------------------------
    def assets(self) -> None:
        self.put("/css/style.css", CSS)
        self.put(
            "/module/jslib/jquery/jquery.js",
            "/* Placeholder: the demo portal ships no jQuery; list data is served by dataproxy.jsp. */\n",
        )
        self.put(
            "/module/web/jpage/jpage.js",
            "/* Placeholder for the 大汉 JCMS jpage plugin (reads /module/web/jpage/dataproxy.jsp). */\n",
        )

    def expected(self) -> None:
        cols = []
        for c in self.columns:
            dates = [e.published for e in c.entries if e.published]
            newest = c.page_date or max(dates, default=None)
            row = {
                "url": c.url,
                "title": c.title,
                "path": " > ".join(t for t, _ in crumbs_of(c)),
                "kind": c.kind,
                "category": c.category,
                "class": c.cls,
                "family": c.family,
                "state": c.state,
                "entry_count": len(c.entries),
                "latest_date": newest.isoformat() if newest and c.state == "ok" else None,
                "pages": c.pages,
                "note": c.note,
                "entries": [
                    _Flow(
                        url=e.url,
                        title=e.title,
                        published=e.published.isoformat() if e.published else None,
                    )
                    for e in c.entries
                ],
            }
            if c.key == "gzdt":
                row["static_entries"] = 15
                row["columnid"] = 1001
            cols.append(row)
        reports = {y: ds for y, ds, _, _ in sorted(NDBG)}
        tzgg, gzdt, zcwj = self.by_key["tzgg"], self.by_key["gzdt"], self.by_key["zcwj"]
        conflict = next(e for e in tzgg.entries if e.title == PUBDATE_CONFLICT)
        dup_urls = [e.url for c in (tzgg, gzdt) for e in c.entries if e.title == DUP_TITLE]
        data = {
            "as_of": AS_OF.isoformat(),
            "site_name": SITE,
            "level": "department",
            "homepage": "/index.html",
            "homepage_latest": max(e.published for e in self.news).isoformat(),
            "section_url": "/xxgk/index.html",
            "columns": cols,
            "annual_reports": reports,
            "late": [2013, 2022],
            "missing": [2023],
            "incomplete": [2024],
            "copied": [2025],
            "lookalikes": [ZD[1][1], TZGG[21][1], GHJH[2][2], GHJH[-1][2], SELF_CHECK],
            "injected_page": next(e.url for e in gzdt.entries if e.injected),
            # pages whose title carries an injected gambling domain (seed 004)
            "polluted_pages": [e.url for e in self.by_key["ndbg"].entries if "www." in e.title],
            "duplicate_titles": [DUP_TITLE],
            "duplicate_urls": dup_urls,
            "broken_links": [self.by_key["xzzf"].url, zcwj.entries[ZCWJ_BROKEN].url],
            "future_entries": [
                e.url
                for c in self.columns
                for e in c.entries
                if e.published and e.published > AS_OF
            ],
            "date_conflict": {
                "url": conflict.url,
                "published": conflict.published.isoformat(),
                "pubdate_meta": conflict.pubdate_meta,
                "written": conflict.written.isoformat(),
            },
            "gbk_page": self.by_key["rsxx"].url,
        }
        head = (
            "# Ground truth for the bundled demo portal (generated by tools/demoportal/build.py — do not edit by hand).\n"
            "# Paths are relative to the server root; dates are ISO strings. Column rows follow SPEC §3\n"
            "# (`class` is the finer rules.md §5 class, `family` the CMS family, `pages` the list pages\n"
            "# as served). A page column (kind: page) has no entries; its latest_date is its own 发布日期.\n"
            "# latest_date is the newest published date of the entries (future-dated ones included);\n"
            "# it is null unless state is ok. annual_reports maps report year -> publication date.\n"
        )
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
        self.files["/expected.yaml"] = (head + text).encode()


class _Flow(dict):
    """A mapping written on one line in expected.yaml."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow,
    lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True),
)


CSS = """body{margin:0;font:14px/1.8 "Microsoft YaHei","微软雅黑",SimSun,sans-serif;color:#333;background:#f4f4f4}
a{color:#333;text-decoration:none}a:hover{color:#b71c1c}
ul{margin:0;padding:0;list-style:none}
.w1200{width:1200px;margin:0 auto}.fl{float:left}.fr{float:right}.clearfix:after{content:"";display:block;clear:both}
.topbar{height:32px;line-height:32px;background:#eee;font-size:12px;color:#666}
.header{height:120px;background:#b71c1c}.header .w1200{position:relative}
.logo{display:block;padding-top:30px;color:#fff;font-size:34px;font-weight:bold;letter-spacing:2px}
.logo .emblem{display:inline-block;width:56px;height:56px;margin-right:14px;border-radius:50%;background:#f5c542;vertical-align:middle}
.search{position:absolute;right:0;top:44px}.search-input{width:220px;height:30px;border:0;padding:0 8px}.search-btn{height:30px;border:0;background:#f5c542;padding:0 14px}
.nav{height:46px;background:#8e1212}.nav li{float:left}.nav a{display:block;padding:0 36px;line-height:46px;color:#fff;font-size:16px}.nav li.on a,.nav a:hover{background:#5f0b0b;color:#fff}
.main{background:#fff;min-height:500px;padding:10px 20px 30px;box-sizing:border-box}
.position{height:40px;line-height:40px;border-bottom:1px solid #e5e5e5;color:#666;font-size:13px;margin-bottom:16px}
.layout .sidebar{float:left;width:240px}.layout .content{float:right;width:900px}
.side-title h2{margin:0;height:48px;line-height:48px;background:#b71c1c;color:#fff;text-align:center;font-size:18px}
.side-menu>li>a{display:block;padding:10px 20px;border-bottom:1px solid #eee;background:#fafafa;font-weight:bold}
.side-menu li.on>a{color:#b71c1c}.sub-menu li a{display:block;padding:6px 20px 6px 40px;border-bottom:1px dashed #eee;font-size:13px}
.list-title h2{margin:0 0 10px;font-size:18px;color:#b71c1c;border-bottom:2px solid #b71c1c;padding-bottom:6px}
.list li{position:relative;padding:8px 110px 8px 14px;border-bottom:1px dashed #ddd}
.list li span{position:absolute;right:0;top:8px;color:#999}
.page-box,.pagination,.pager{margin-top:20px;text-align:center}.pagination a,.pager a{margin:0 4px;padding:3px 8px;border:1px solid #ddd}.pagination a.on{background:#b71c1c;color:#fff}
.no-data{padding:40px 0;text-align:center;color:#999}
.xxgk-table{border-collapse:collapse}.xxgk-table th,.xxgk-table td{border:1px solid #ddd;padding:6px;text-align:center}.xxgk-table td.tl{text-align:left}
.xxgk-info{width:100%;border-collapse:collapse;margin-bottom:20px;background:#fafafa}.xxgk-info th,.xxgk-info td{border:1px solid #e2e2e2;padding:6px 10px;font-size:13px;text-align:left}.xxgk-info th{width:90px;font-weight:normal;color:#666}
.article-title,.article .title{font-size:22px;text-align:center;color:#b71c1c;padding:10px 0}
.article-info,.article .info{text-align:center;color:#888;font-size:13px;border-bottom:1px solid #eee;padding-bottom:10px}
.article-content{padding:20px 10px;font-size:16px;line-height:2}
.report-table{border-collapse:collapse;font-size:13px}.report-table td{border:1px solid #999;padding:4px;text-align:center}
.article-tools{text-align:right;color:#666}
.box{margin-bottom:20px}.box-hd{border-bottom:2px solid #b71c1c;position:relative}.box-hd h3{margin:0;display:inline-block;background:#b71c1c;color:#fff;padding:4px 16px}.box-hd .more{position:absolute;right:0;top:6px;font-size:12px;color:#999}
.home .banner{height:200px;background:linear-gradient(90deg,#b71c1c,#f5c542);margin-bottom:20px}.banner-text{color:#fff;font-size:36px;line-height:200px;text-align:center}
.home .news-box{float:left;width:700px}.home .xxgk-box,.home .bsfw-box{float:right;width:440px}
.quick li{display:inline-block;width:48%;padding:6px 0}
.footer{margin-top:20px;padding:20px 0;background:#5f0b0b;color:#ddd;text-align:center;font-size:13px}.footer a{color:#ddd}
"""


def site_files() -> dict[str, bytes]:
    """Every file of the portal, by its path under the server root."""
    site = Site()
    site.assets()
    site.render()
    site.expected()
    return site.files


def main() -> None:
    seeds_src = REPO.parent / "shared" / "seeds"
    wanted = ("001_8d8c5a5d76a56a31.txt", "002_20884227d1733f29.txt", "004_b38f8467f99bc411.txt")
    (SRC / "seeds").mkdir(parents=True, exist_ok=True)
    for name in wanted:
        target = SRC / "seeds" / name
        if not target.exists():
            candidates = [seeds_src / name]
            found = next((p for p in candidates if p.exists()), None)
            if found is None:
                raise SystemExit(f"seed {name} not found; copy it into {SRC / 'seeds'}")
            shutil.copyfile(found, target)
    files = site_files()
    for child in PORTAL_DIR.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    for path, data in sorted(files.items()):
        target = PORTAL_DIR / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files under {PORTAL_DIR}")


if __name__ == "__main__":
    main()
