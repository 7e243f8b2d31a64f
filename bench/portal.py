"""A large, deterministic 政府信息公开 portal for the benchmark.

`generate(out)` writes static files the way a TRS-built department site looks:

* `/index.html` — homepage: header nav (one item 政府信息公开), 要闻 block, footer;
* `/xxgk/index.html` — the section: a sidebar tree of columns (指南 and 制度 pages,
  法定主动公开内容 with nested 重点领域信息公开, 政府信息公开年报, 依申请公开);
* list columns: TRS pages `index.html`, `index_1.html` … carrying
  `createPageHTML(N, k, "index", "html")` and no pager anchors, or (every
  `chain_every`-th column) `index.html` → `list_2.html` → … reached only through
  `下一页` anchors; 20 entries a page, each `<a …>title</a><span>YYYY-MM-DD</span>`;
* article pages (TRS 信息索引 table 索引号 … 成文日期 … 发布日期, `PubDate` meta,
  上一篇/下一篇) for every entry of a column's first list page (the newest ones, which
  the crawler opens) and every annual report; the other entries' URLs are answered by
  `/_article.html`, a placeholder of the same weight that the server returns for any
  missing article-shaped URL (`ARTICLE_FALLBACK`), so that a link-following crawler
  meets no 404 without 20,000 files on disk (`all_articles=True` writes them all);
* header, footer, inline CSS/JS and the sidebar on every page: 15–30 KB, all UTF-8.

`manifest.json` in the output folder records every column (URL, family, entries,
pages, newest date) and the totals, so the benchmark can check what a crawl stored.
A folder whose manifest has the same parameters and generator source is reused.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.checkdb import HEADINGS

SITE = "示例市发展和改革委员会"
SHORT = "示例市发改委"
SECTION = "政府信息公开"
PARENT = "法定主动公开内容"
NESTED = "重点领域信息公开"
ANNUAL = "政府信息公开年报"
FIRST_ANNUAL_YEAR = 2008
LAST_ANNUAL_YEAR = 2024

# (title, folder) of list columns directly under 法定主动公开内容 …
FLAT = [
    ("政策文件", "zcwj"),
    ("规范性文件", "gfxwj"),
    ("政策解读", "zcjd"),
    ("通知公告", "tzgg"),
    ("工作动态", "gzdt"),
    ("部门文件", "bmwj"),
    ("区县动态", "qxdt"),
    ("规划计划", "ghjh"),
    ("人事信息", "rsxx"),
    ("财政预决算", "czyjs"),
    ("政府采购", "zfcg"),
    ("公示公告", "gsgg"),
    ("图片新闻", "tpxw"),
    ("工作计划", "gzjh"),
    ("招考录用", "zkly"),
    ("部门预算", "bmys"),
    ("部门决算", "bmjs"),
    ("三公经费", "sgjf"),
    ("人事任免", "rsrm"),
    ("专项规划", "zxgh"),
    ("建议提案办理", "jytabl"),
    ("行政许可", "xzxk"),
    ("行政处罚", "xzcf"),
    ("行政执法", "xzzf"),
    ("双随机一公开", "ssjygk"),
    ("统计信息", "tjxx"),
    ("审计结果", "sjjg"),
    ("权责清单", "qzqd"),
    ("价格收费", "jgsf"),
    ("应急管理", "yjgl"),
    ("安全生产", "aqsc"),
    ("项目审批", "xmsp"),
    ("重大项目", "zdxm"),
    ("招商引资", "zsyz"),
    ("优化营商环境", "yhyshj"),
    ("新闻发布会", "xwfbh"),
    ("会议信息", "hyxx"),
    ("政务督查", "zwdc"),
    ("减税降费", "jsjf"),
    ("部门动态", "bmdt"),
]
# … and under 法定主动公开内容 > 重点领域信息公开.
NESTED_COLUMNS = [
    ("教育信息", "jyxx"),
    ("医疗卫生", "ylws"),
    ("环境保护", "hjbh"),
    ("食品药品", "spyp"),
    ("社会救助", "shjz"),
    ("就业创业", "jycy"),
    ("住房保障", "zfbz"),
    ("公共文化", "ggwh"),
    ("乡村振兴", "xczx"),
    ("公共资源交易", "ggzyjy"),
]
# Content pages (not lists): (title, url path, where in the tree).
PAGES = [
    ("政府信息公开指南", "/xxgk/gkzn/index.html"),
    ("政府信息公开制度", "/xxgk/gkzd/index.html"),
]
PARENT_PAGES = [
    ("机构职能", "/xxgk/fdzdgknr/jgzn/index.html"),
    ("领导信息", "/xxgk/fdzdgknr/ldxx/index.html"),
]
TAIL_PAGES = [("依申请公开", "/xxgk/ysqgk/index.html")]

# Site chrome outside the section: same on every page, so the crawler sees them on the
# homepage too and keeps out of them. Titles are outside the column vocabulary.
HEADER_NAV = [
    ("首页", "/"),
    ("走进本委", "/zjbw/"),
    (SECTION, "/xxgk/index.html"),
    ("政务服务", "/zwfw/"),
    ("互动交流", "/hdjl/"),
    ("专题专栏", "/ztzl/"),
    ("数据发布", "/sjfb/"),
]
TOP_LINKS = [("无障碍浏览", "/wza/"), ("English", "/en/")]
FOOTER_LINKS = [("网站地图", "/wzdt/"), ("联系我们", "/lxwm/"), ("网站声明", "/wzsm/")]
OFFSITE = [
    ("中国政府网", "https://www.gov.cn/"),
    ("国家发展和改革委员会", "https://www.ndrc.gov.cn/"),
    ("示例省人民政府", "http://www.example-province.gov.cn/"),
    ("示例市人民政府", "http://www.example-city.gov.cn/"),
    ("政府网站找错", "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3300000001"),
    ("浙ICP备12345678号", "https://beian.miit.gov.cn/"),
]

_TOPICS = [
    "优化营商环境",
    "重点项目建设",
    "粮食安全",
    "节能降碳",
    "数字经济发展",
    "乡村振兴",
    "物价监测",
    "社会信用体系建设",
    "以工代赈",
    "服务业高质量发展",
    "新型基础设施建设",
    "能源保供",
    "区域协调发展",
    "民营经济发展",
    "招投标监管",
    "重要民生商品价格",
    "电力需求侧管理",
    "开发区建设",
    "生态环境保护",
    "公共资源交易",
    "城乡居民收入",
    "现代物流体系",
    "消费扩容提质",
    "安全生产",
    "防汛防台",
    "固定资产投资",
    "营商环境评价",
    "政府投资项目",
    "碳达峰碳中和",
    "低效用地再开发",
]
_ORGS = [
    "市发展改革委",
    "市财政局",
    "市自然资源和规划局",
    "市生态环境局",
    "市商务局",
    "各区县发展改革局",
    "市经信局",
    "市住建局",
    "市交通运输局",
    "市市场监管局",
]
_TEMPLATES = [
    "关于印发《示例市{t}实施方案（2024—2026年）》的通知",
    "关于做好{y}年{t}工作的通知",
    "示例市发展和改革委员会关于{t}有关事项的公告",
    "{o}召开{t}工作推进会",
    "{o}赴基层调研{t}工作",
    "关于{y}年度{t}专项资金项目的公示",
    "《关于进一步推进{t}的若干意见》政策解读",
    "示例市{y}年{t}工作要点",
    "关于征求《示例市{t}管理办法（征求意见稿）》意见的公告",
    "{t}专题会议召开",
    "关于{y}年第{n}批{t}项目清单的公示",
    "市发展改革委{y}年{t}情况通报",
    "图解：{t}怎么做",
    "关于公布{y}年示例市{t}名单的通知",
    "{o}部署{t}重点工作",
]
_SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，按照省委、省政府工作要求，结合我市实际，制定本方案。",
    "各地各部门要高度重视，加强组织领导，明确责任分工，确保各项任务落到实处。",
    "会议指出，今年以来全市经济运行总体平稳、稳中有进，主要指标好于预期。",
    "要坚持问题导向和目标导向，聚焦重点领域和关键环节，统筹推进各项改革任务。",
    "对照年度目标任务，逐项梳理进展情况，建立工作台账，实行清单化管理、闭环式推进。",
    "本通知自印发之日起施行，此前有关规定与本通知不一致的，以本通知为准。",
    "各单位应于规定时间内将有关材料报送市发展和改革委员会，逾期不予受理。",
    "公示期间，如有异议，请以书面形式向市发展和改革委员会反映，并提供联系方式。",
    "进一步完善项目谋划储备机制，加快推进项目前期工作，提高项目开工率和投资完成率。",
    "强化要素保障，做好用地、用能、资金等要素的统筹协调，推动项目早落地、早见效。",
    "加强部门协同和上下联动，形成工作合力，确保政策红利直达市场主体。",
    "持续深化“放管服”改革，推动审批服务便民化，提升企业和群众办事满意度。",
]
_CSS = """
body{margin:0;padding:0;font:14px/1.6 "Microsoft YaHei","PingFang SC",SimSun,sans-serif;color:#333;background:#f5f5f5}
a{color:#333;text-decoration:none}a:hover{color:#c00;text-decoration:underline}
ul,li{margin:0;padding:0;list-style:none}img{border:0}
.w1200{width:1200px;margin:0 auto}.clearfix:after{content:"";display:block;clear:both}
.top-bar{height:36px;line-height:36px;background:#eef3f8;border-bottom:1px solid #dbe4ee;font-size:13px}
.top-bar .fl{float:left}.top-bar .fr{float:right}.top-bar a{margin-left:14px;color:#555}
.header{height:150px;background:#1d5fb4 url(/images/banner.jpg) no-repeat center top}
.header .logo{float:left;margin-top:38px;color:#fff;font-size:34px;font-weight:bold;letter-spacing:2px}
.header .search{float:right;margin-top:58px;width:320px;height:36px;background:#fff;border-radius:3px}
.header .search input{border:0;outline:0;width:250px;height:34px;padding:0 10px}
.header .search button{float:right;width:50px;height:36px;border:0;background:#f7a600;color:#fff}
.nav{height:48px;background:#0e4a96}.nav li{float:left;width:171px;text-align:center}
.nav li a{display:block;line-height:48px;color:#fff;font-size:18px}.nav li a:hover,.nav li.on a{background:#093a78}
.main{margin-top:16px;background:#fff;padding:20px;min-height:600px}
.crumb{height:40px;line-height:40px;border-bottom:1px solid #e5e5e5;font-size:14px;color:#666}
.crumb a{color:#666}.xxgk-side{float:left;width:260px;border:1px solid #d9e4f1;background:#f6f9fd}
.xxgk-side h3{margin:0;height:46px;line-height:46px;background:#1d5fb4;color:#fff;font-size:18px;text-align:center}
.side-tree li{border-bottom:1px dashed #d9e4f1}.side-tree li a{display:block;padding:8px 18px;font-size:15px}
.side-tree li ul li a{padding-left:36px;font-size:14px;color:#555}.side-tree li ul li ul li a{padding-left:54px}
.side-tree li.on>a{color:#1d5fb4;font-weight:bold;background:#e6eef9}
.xxgk-main{float:right;width:880px}.column-head{height:42px;line-height:42px;border-bottom:2px solid #1d5fb4}
.column-head span{display:inline-block;padding:0 16px;background:#1d5fb4;color:#fff;font-size:16px}
.xxgk-list li{height:40px;line-height:40px;border-bottom:1px dashed #e1e1e1;padding-left:14px;background:url(/images/dot.png) no-repeat 0 center}
.xxgk-list li a{float:left;width:720px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.xxgk-list li span{float:right;color:#999;font-size:13px}
.page{margin:24px 0;text-align:center;font-size:13px}.page a,.page span{display:inline-block;padding:3px 10px;margin:0 3px;border:1px solid #ddd}
.xxgk-table{border:1px solid #c9d8ec;background:#f7fbff;margin:16px 0}.xxgk-table td{padding:6px 10px;font-size:13px}
.xxgk-table td.t{width:90px;color:#1d5fb4;text-align:right}.article h1{text-align:center;font-size:24px;color:#1d5fb4;margin:24px 0 12px}
.article .info{text-align:center;color:#888;font-size:13px;border-bottom:1px solid #e5e5e5;padding-bottom:10px}
.article .content{font-size:16px;line-height:2;padding:20px 30px}.article .content p{text-indent:2em;margin:0 0 12px}
.prev-next{border-top:1px solid #e5e5e5;padding:14px 30px;font-size:14px}.prev-next p{margin:4px 0}
.box{float:left;width:420px;margin:0 20px 20px 0;border:1px solid #e1e8f0}.box h4{margin:0;height:38px;line-height:38px;padding-left:12px;background:#eef3f9}
.links{margin-top:16px;background:#fff;padding:12px 20px}.links a{display:inline-block;margin-right:26px;font-size:13px;color:#555}
.footer{margin-top:16px;background:#0e4a96;color:#d7e3f4;padding:24px 0;font-size:13px;text-align:center}
.footer a{color:#d7e3f4;margin:0 8px}.footer p{margin:6px 0}.footer .badge{display:inline-block;vertical-align:middle}
@media screen and (max-width:1200px){.w1200{width:100%}.xxgk-side{display:none}.xxgk-main{float:none;width:auto}}
"""
_TOP_SCRIPT = """
var siteConfig = { siteId: "3300000001", siteName: "示例市发展和改革委员会", searchUrl: "/search/index.html" };
function doSearch(form) { var q = form.q.value.replace(/^\\s+|\\s+$/g, ""); if (!q) { alert("请输入关键词"); return false; }
  window.location.href = siteConfig.searchUrl + "?siteid=" + siteConfig.siteId + "&q=" + encodeURIComponent(q); return false; }
function setFont(size) { var c = document.getElementById("zoom"); if (c) { c.style.fontSize = size + "px"; } }
"""
_BOTTOM_SCRIPT = r"""
(function ($) {
  if (!$) { return; }
  $(function () {
    // 栏目页签切换
    $(".tab-head li").on("mouseover", function () {
      var idx = $(this).index();
      $(this).addClass("on").siblings().removeClass("on");
      $(this).parents(".tab").find(".tab-body").eq(idx).show().siblings(".tab-body").hide();
    });
    // 图片轮播
    var slides = $(".slider li"), current = 0, timer = null;
    function show(i) { slides.eq(i).fadeIn(400).siblings().fadeOut(400); $(".slider-dots span").eq(i).addClass("on").siblings().removeClass("on"); }
    function next() { current = (current + 1) % Math.max(slides.length, 1); show(current); }
    if (slides.length > 1) { timer = setInterval(next, 5000); $(".slider").hover(function () { clearInterval(timer); }, function () { timer = setInterval(next, 5000); }); }
    // 长者模式与无障碍
    $("#elder").on("click", function () { $("body").toggleClass("elder"); try { localStorage.setItem("elder", $("body").hasClass("elder") ? "1" : "0"); } catch (e) {} });
    try { if (localStorage.getItem("elder") === "1") { $("body").addClass("elder"); } } catch (e) {}
    // 返回顶部
    var toTop = $("<div class='to-top' title='返回顶部'></div>").appendTo("body").hide();
    $(window).on("scroll", function () { if ($(this).scrollTop() > 300) { toTop.fadeIn(); } else { toTop.fadeOut(); } });
    toTop.on("click", function () { $("html,body").animate({ scrollTop: 0 }, 300); });
    // 外链提示
    $("a[target='_blank']").each(function () {
      var href = $(this).attr("href") || "";
      if (/^https?:\/\//.test(href) && href.indexOf(location.host) < 0) {
        $(this).on("click", function () { return confirm("您访问的链接即将离开本网站，是否继续？"); });
      }
    });
  });
})(window.jQuery);
function getCookie(name) { var m = document.cookie.match(new RegExp("(^| )" + name + "=([^;]*)(;|$)")); return m ? decodeURIComponent(m[2]) : null; }
function setCookie(name, value, days) { var d = new Date(); d.setTime(d.getTime() + days * 864e5); document.cookie = name + "=" + encodeURIComponent(value) + ";expires=" + d.toUTCString() + ";path=/"; }
function zh_tran(to) { setCookie("zh_choose", to, 30); location.reload(); }
var _hmt = _hmt || [];
(function () { var hm = document.createElement("script"); hm.src = "https://hm.baidu.com/hm.js?0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); })();
(function () { var nav = document.getElementById("nav"); if (!nav) return; var items = nav.getElementsByTagName("a");
  for (var i = 0; i < items.length; i++) { if (location.pathname.indexOf(items[i].getAttribute("href")) === 0 && i > 0) {
  items[i].parentNode.className = "on"; } } })();
"""


# Article-shaped URLs the server answers with the placeholder when the file is missing
# (an nginx `location ~` regex and a Python regex alike).
ARTICLE_FALLBACK = r"/(?:t\d{8}_\d+|art_\d+_\d+)\.html$"
PLACEHOLDER = "/_article.html"


@dataclass
class Column:
    title: str
    url: str  # site path of the column's first page, e.g. /xxgk/fdzdgknr/zcwj/index.html
    parents: list[str] = field(default_factory=list)  # titles between the section and the column
    kind: str = "list"  # list / page / parent
    family: str = ""  # trs / chain for lists
    entries: int = 0
    pages: int = 0
    newest: str | None = None
    annual: bool = False

    @property
    def folder(self) -> str:
        return self.url.rsplit("/", 1)[0]


@dataclass
class _Entry:
    url: str
    title: str
    published: date
    doc_id: int


def generate(
    out: Path,
    columns: int = 46,
    entries: int = 21_000,
    seed: int = 20250612,
    per_page: int = 20,
    chain_every: int = 6,
    max_pages: int = 90,
    all_articles: bool = False,
    force: bool = False,
) -> dict:
    """Write the portal into `out` and return its manifest (also `out/manifest.json`).

    `columns` regular list columns (≤ 50) share `entries` entries (a column never holds
    more than `max_pages` list pages); the 年报 column comes on top. Every
    `chain_every`-th column pages through 下一页 links, the others the TRS way."""
    params = {
        "columns": columns,
        "entries": entries,
        "seed": seed,
        "per_page": per_page,
        "chain_every": chain_every,
        "max_pages": max_pages,
        "all_articles": all_articles,
        "source": _source_hash(),
    }
    manifest_file = out / "manifest.json"
    if not force and manifest_file.is_file():
        try:
            old = json.loads(manifest_file.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        if old.get("params") == params:
            old["reused"] = True
            return old
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return _Generator(out, params).run()


def _source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class _Generator:
    def __init__(self, out: Path, params: dict) -> None:
        self.out = out
        self.p = params
        self.rng = random.Random(params["seed"])
        self.doc_id = 5_000_000
        self.articles = 0
        self.files = 0
        self.bytes = 0
        self.tree = self._tree()

    # ---- structure -----------------------------------------------------------------------

    def _tree(self) -> list[Column]:
        n = self.p["columns"]
        if not 1 <= n <= len(FLAT) + len(NESTED_COLUMNS):
            raise ValueError(f"columns must be 1..{len(FLAT) + len(NESTED_COLUMNS)}")
        n_nested = min(len(NESTED_COLUMNS), n // 5)
        cols: list[Column] = [Column(t, u, [], "page") for t, u in PAGES]
        cols.append(Column(PARENT, "/xxgk/fdzdgknr/index.html", [], "parent"))
        cols += [Column(t, u, [PARENT], "page") for t, u in PARENT_PAGES]
        lists = [
            Column(t, f"/xxgk/fdzdgknr/{d}/index.html", [PARENT]) for t, d in FLAT[: n - n_nested]
        ]
        if n_nested:
            lists.append(Column(NESTED, "/xxgk/fdzdgknr/zdly/index.html", [PARENT], "parent"))
            lists += [
                Column(t, f"/xxgk/fdzdgknr/zdly/{d}/index.html", [PARENT, NESTED])
                for t, d in NESTED_COLUMNS[:n_nested]
            ]
        cols += lists
        cols.append(Column(ANNUAL, "/xxgk/ndbg/index.html", [], annual=True))
        cols += [Column(t, u, [], "page") for t, u in TAIL_PAGES]
        regular = [c for c in cols if c.kind == "list" and not c.annual]
        sizes = self._sizes(len(regular))
        every = self.p["chain_every"]
        for i, (c, size) in enumerate(zip(regular, sizes, strict=True)):
            c.entries = size
            c.family = "chain" if every and i % every == every - 1 else "trs"
        annual = next(c for c in cols if c.annual)
        annual.entries, annual.family = LAST_ANNUAL_YEAR - FIRST_ANNUAL_YEAR + 1, "trs"
        for c in cols:
            if c.kind == "list":
                c.pages = max(1, -(-c.entries // self.p["per_page"]))
        return cols

    def _sizes(self, n: int) -> list[int]:
        total, cap = self.p["entries"], self.p["per_page"] * self.p["max_pages"]
        empty = 17 if n >= 20 else None  # one column that shows 暂无信息
        weights = [0.0 if i == empty else self.rng.lognormvariate(0, 0.8) for i in range(n)]
        if total > cap * (n - (empty is not None)):
            raise ValueError(f"{total} entries do not fit {n} columns of at most {cap}")
        w = sum(weights)
        sizes = [int(total * x / w) for x in weights]
        order = sorted(range(n), key=lambda i: -weights[i])
        i = 0
        while sum(sizes) < total or any(s > cap for s in sizes):
            over = [k for k in range(n) if sizes[k] > cap]
            for k in over:
                sizes[k] = cap
            k = order[i % n]
            if weights[k] and sizes[k] < cap and sum(sizes) < total:
                sizes[k] += 1
            i += 1
        return sizes

    # ---- chrome ----------------------------------------------------------------------------

    def _head(self, title: str, column: str, extra_meta: str = "", scripts: str = "") -> str:
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f'<meta name="SiteName" content="{SITE}">\n<meta name="SiteDomain" content="fgw.example.gov.cn">\n'
            '<meta name="SiteIDCode" content="3300000001">\n'
            f'<meta name="ColumnName" content="{html.escape(column)}">\n<meta name="ColumnType" content="{SECTION}">\n'
            f"{extra_meta}<title>{html.escape(title)}_{SITE}</title>\n"
            '<link rel="stylesheet" type="text/css" href="/images/common.css">\n'
            f'<style type="text/css">{_CSS}</style>\n'
            '<script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>\n'
            f'{scripts}<script type="text/javascript">{_TOP_SCRIPT}</script>\n</head>\n<body>\n'
            '<div class="top-bar"><div class="w1200 clearfix"><div class="fl">您好，欢迎访问'
            + SITE
            + "！</div>"
            '<div class="fr">'
            + "".join(f'<a href="{u}">{t}</a>' for t, u in TOP_LINKS)
            + '<a href="javascript:void(0)" onclick="setFont(18)">大字</a>'
            '<a href="javascript:void(0)" onclick="setFont(16)">标准</a></div></div></div>\n'
            '<div class="header"><div class="w1200"><div class="logo">' + SITE + "</div>"
            '<form class="search" action="/search/index.html" onsubmit="return doSearch(this)">'
            '<input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form>'
            "</div></div>\n"
            '<div class="nav" id="nav"><ul class="w1200 clearfix">'
            + "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in HEADER_NAV)
            + "</ul></div>\n"
        )

    def _foot(self) -> str:
        return (
            '<div class="links w1200">相关链接：'
            + "".join(f'<a href="{u}" target="_blank">{t}</a>' for t, u in OFFSITE[:5])
            + "</div>\n"
            '<div class="footer"><div class="w1200">'
            "<p>" + "".join(f'<a href="{u}">{t}</a>' for t, u in FOOTER_LINKS) + "</p>"
            f"<p>主办单位：{SITE}</p><p>地址：示例市人民路100号</p><p>邮编：310000　电话：0571-87000000</p>"
            f'<p>网站标识码：3300000001　<a href="{OFFSITE[5][1]}" target="_blank">{OFFSITE[5][0]}</a></p>'
            "<p>浙公网安备 33010002000001号</p>"
            '<p><span class="badge"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=0A1B2C3D" '
            'target="_blank"><img src="/images/dzjg.png" alt="党政机关"></a></span></p>'
            "</div></div>\n"
            f'<script type="text/javascript">{_BOTTOM_SCRIPT}</script>\n</body>\n</html>\n'
        )

    def _sidebar(self, active: str | None) -> str:
        def li(c: Column, inner: str = "") -> str:
            on = ' class="on"' if c.url == active else ""
            return f'<li{on}><a href="{c.url}">{c.title}</a>{inner}</li>'

        top = [c for c in self.tree if not c.parents]
        out = ['<div class="xxgk-side"><h3>信息公开目录</h3><ul class="side-tree">']
        for c in top:
            if c.kind == "parent":
                kids = []
                for k in (x for x in self.tree if x.parents == [c.title]):
                    if k.kind == "parent":
                        grand = "".join(li(g) for g in self.tree if g.parents == [c.title, k.title])
                        kids.append(li(k, f"<ul>{grand}</ul>"))
                    else:
                        kids.append(li(k))
                out.append(li(c, "<ul>" + "".join(kids) + "</ul>"))
            else:
                out.append(li(c))
        out.append("</ul></div>")
        return "".join(out)

    def _crumb(self, c: Column | None, extra: str = "") -> str:
        parts = ['<a href="/">首页</a>', f'<a href="/xxgk/index.html">{SECTION}</a>']
        if c is not None:
            by_title = {x.title: x for x in self.tree}
            parts += [f'<a href="{by_title[p].url}">{p}</a>' for p in c.parents]
            parts.append(f'<a href="{c.url}">{c.title}</a>')
        if extra:
            parts.append(extra)
        return '<div class="crumb">当前位置：' + " &gt; ".join(parts) + "</div>\n"

    def _write(self, path: str, text: str) -> None:
        target = self.out / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        target.write_bytes(data)
        self.files += 1
        self.bytes += len(data)

    # ---- text ------------------------------------------------------------------------------

    def _title(self, year: int) -> str:
        r = self.rng
        return r.choice(_TEMPLATES).format(
            t=r.choice(_TOPICS), o=r.choice(_ORGS), y=year, n=r.randint(1, 6)
        )

    def _paragraphs(self, n: int) -> str:
        r = self.rng
        return "".join(
            "<p>" + "".join(r.sample(_SENTENCES, r.randint(2, 4))) + "</p>\n" for _ in range(n)
        )

    # ---- pages -----------------------------------------------------------------------------

    def run(self) -> dict:
        self._home()
        self._section()
        for c in self.tree:
            if c.kind == "parent":
                self._parent(c)
            elif c.kind == "page":
                self._content_page(c)
            else:
                self._list_column(c)
        self._write("/robots.txt", "User-agent: *\nDisallow: /search/\n")
        placeholder = _Entry(
            PLACEHOLDER, "示例市发展和改革委员会关于做好重点工作的通知", date(2020, 6, 1), 0
        )
        first = next(c for c in self.tree if c.kind == "list")
        self._article_page(
            PLACEHOLDER, placeholder.title, placeholder.published, first, 0, None, None
        )
        self.articles -= 1
        lists = [c for c in self.tree if c.kind == "list"]
        manifest = {
            "params": self.p,
            "site": SITE,
            "home": "/index.html",
            "columns": [asdict(c) for c in self.tree],
            "totals": {
                "entries": sum(c.entries for c in lists),
                "list_columns": len(lists),
                "columns": sum(1 for c in self.tree if c.kind != "parent"),
                "list_pages": sum(c.pages for c in lists),
                "max_list_pages": max(c.pages for c in lists),
                "articles": self.articles,
                "files": self.files,
                "bytes": self.bytes,
            },
        }
        manifest["totals"]["avg_page_kb"] = round(self.bytes / max(1, self.files) / 1024, 1)
        (self.out / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        manifest["reused"] = False
        return manifest

    def _simple(self, path: str, title: str, body: str) -> None:
        self._write(
            path,
            self._head(title, title)
            + '<div class="main w1200 clearfix">'
            + f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; {title}</div>'
            + f'<div class="content"><h2 class="page-title">{title}</h2>{body}</div></div>\n'
            + self._foot(),
        )

    def _home(self) -> None:
        news = []
        for i in range(12):
            d = date(2025, 6, 28) - timedelta(days=2 * i)
            self.doc_id += 1
            url = f"/xwzx/yw/{d:%Y%m}/t{d:%Y%m%d}_{self.doc_id}.html"
            title = self._title(d.year)
            news.append((url, title, d))
            self._article_page(url, title, d, None, self.doc_id, None, None)
        box = "".join(
            f'<li><a href="{u}" title="{html.escape(t)}" target="_blank">{html.escape(t)}</a>'
            f"<span>{d:%m-%d}</span></li>"
            for u, t, d in news[:8]
        )
        by = {c.title: c for c in self.tree}
        quick = "".join(
            f'<li><a href="{by[t].url}">{t}</a></li>'
            for t in ("政府信息公开指南", ANNUAL)
            if t in by
        )
        body = (
            '<div class="main w1200 clearfix"><div class="box"><h4>要闻动态 <a href="/xwzx/yw/" class="more">更多</a></h4>'
            f'<ul class="xxgk-list">{box}</ul></div>'
            f'<div class="box"><h4><a href="/xxgk/index.html">{SECTION}</a></h4><ul class="xxgk-list">{quick}</ul>'
            + self._paragraphs(2)
            + "</div></div>\n"
        )
        self._write(
            "/index.html",
            self._head("首页", "首页").replace(f"<title>首页_{SITE}", f"<title>{SITE}")
            + body
            + self._foot(),
        )
        self._write(
            "/xwzx/yw/",
            self._head("要闻动态", "要闻动态")
            + '<div class="main w1200 clearfix">'
            + '<div class="crumb">当前位置：<a href="/">首页</a> &gt; 要闻动态</div><ul class="xxgk-list">'
            + "".join(
                f'<li><a href="{u}">{html.escape(t)}</a><span>{d}</span></li>' for u, t, d in news
            )
            + "</ul></div>\n"
            + self._foot(),
        )
        for title, url in HEADER_NAV[1:] + TOP_LINKS + FOOTER_LINKS:
            if url.startswith("/") and not url.startswith("/xxgk/"):
                self._simple(url, title, self._paragraphs(3))

    def _section(self) -> None:
        boxes = []
        for c in [x for x in self.tree if x.kind == "list" and x.entries][:4]:
            boxes.append(
                f'<div class="box"><h4><a href="{c.url}">{c.title}</a></h4><ul class="xxgk-list">'
                + "".join(
                    f'<li><a href="{e.url}" title="{html.escape(e.title)}">{html.escape(e.title)}</a>'
                    f"<span>{e.published}</span></li>"
                    for e in self._entries(c)[:5]
                )
                + "</ul></div>"
            )
        self._write(
            "/xxgk/index.html",
            self._head(SECTION, SECTION)
            + '<div class="main w1200 clearfix">'
            + self._crumb(None)
            + self._sidebar(None)
            + '<div class="xxgk-main">'
            + f'<div class="column-head"><span>{SECTION}</span></div>'
            + "".join(boxes)
            + "</div></div>\n"
            + self._foot(),
        )

    def _parent(self, c: Column) -> None:
        kids = [x for x in self.tree if x.parents and x.parents[-1] == c.title]
        grid = "".join(
            f'<div class="box"><h4><a href="{k.url}">{k.title}</a></h4></div>' for k in kids
        )
        self._write(
            c.url,
            self._head(c.title, c.title)
            + '<div class="main w1200 clearfix">'
            + self._crumb(c)
            + self._sidebar(c.url)
            + f'<div class="xxgk-main"><div class="column-head"><span>{c.title}</span>'
            + f"</div>{grid}</div></div>\n"
            + self._foot(),
        )

    def _content_page(self, c: Column) -> None:
        self._write(
            c.url,
            self._head(c.title, c.title)
            + '<div class="main w1200 clearfix">'
            + self._crumb(c)
            + self._sidebar(c.url)
            + '<div class="xxgk-main article">'
            + f'<h1>{c.title}</h1><div class="content" id="zoom">{self._paragraphs(8)}</div></div></div>\n'
            + self._foot(),
        )

    # ---- list columns ------------------------------------------------------------------------

    def _entries(self, c: Column) -> list[_Entry]:
        """The column's entries, newest first (memoised: the section page shows a few)."""
        cached = getattr(c, "_cache", None)
        if cached is not None:
            return cached
        r = self.rng
        out: list[_Entry] = []
        if c.annual:
            for year in range(LAST_ANNUAL_YEAR, FIRST_ANNUAL_YEAR - 1, -1):
                d = date(year + 1, 1, 10) + timedelta(days=r.randint(0, 60))
                self.doc_id += 1
                title = f"{SITE}{year}年政府信息公开工作年度报告"
                out.append(_Entry(self._article_url(c, d, self.doc_id), title, d, self.doc_id))
        elif c.entries:
            stale = self.tree.index(c) % 9 == 4
            newest = (
                date(2023, 3, 1) + timedelta(days=r.randint(0, 200))
                if stale
                else date(2025, 1, 1) + timedelta(days=r.randint(0, 180))
            )
            span = (newest - date(2012, 1, 1)).days
            mean_gap = max(0.2, min(10.0, 0.9 * span / c.entries))
            d = newest
            for i in range(c.entries):
                if i:
                    d -= timedelta(days=max(1 if i == 1 else 0, int(r.expovariate(1 / mean_gap))))
                self.doc_id += 1
                out.append(
                    _Entry(
                        self._article_url(c, d, self.doc_id), self._title(d.year), d, self.doc_id
                    )
                )
            c.newest = newest.isoformat()
        if out:
            c.newest = out[0].published.isoformat()
        c._cache = out  # type: ignore[attr-defined]
        return out

    def _article_url(self, c: Column, d: date, doc_id: int) -> str:
        if c.family == "chain":
            return f"{c.folder}/art/{d.year}/{d.month}/{d.day}/art_{1000 + self.tree.index(c)}_{doc_id}.html"
        return f"{c.folder}/{d:%Y%m}/t{d:%Y%m%d}_{doc_id}.html"

    def _list_column(self, c: Column) -> None:
        entries = self._entries(c)
        per = self.p["per_page"]
        head = (
            self._head(c.title, c.title)
            + '<div class="main w1200 clearfix">'
            + self._crumb(c)
            + self._sidebar(c.url)
            + f'<div class="xxgk-main"><div class="column-head"><span>{c.title}</span></div>'
        )
        foot = "</div></div>\n" + self._foot()
        if c.family == "trs":
            head = head.replace(
                "</head>",
                '<script type="text/javascript" src="/js/createPageHTML.js"></script>\n</head>',
                1,
            )
        for k in range(c.pages):
            chunk = entries[k * per : (k + 1) * per]
            items = "".join(self._item(c, e) for e in chunk) or '<li class="no-data">暂无信息</li>'
            if c.family == "trs":
                name = "index.html" if k == 0 else f"index_{k}.html"
                pager = (
                    f'<div class="page"><script type="text/javascript">createPageHTML({c.pages}, {k}, "index", '
                    f'"html");</script></div>'
                )
            else:
                name = "index.html" if k == 0 else f"list_{k + 1}.html"
                pager = self._chain_pager(k, c.pages, c.entries)
            self._write(
                f"{c.folder}/{name}", head + f'<ul class="xxgk-list">{items}</ul>{pager}' + foot
            )
        real = entries if self.p["all_articles"] or c.annual else entries[:per]
        for i, e in enumerate(real):
            prev = entries[i - 1] if i else None
            nxt = entries[i + 1] if i + 1 < len(entries) else None
            self._article_page(e.url, e.title, e.published, c, e.doc_id, prev, nxt)

    def _item(self, c: Column, e: _Entry) -> str:
        href = "." + e.url[len(c.folder) :] if c.family == "trs" else e.url
        title = html.escape(e.title)
        shown = title if len(e.title) <= 30 else html.escape(e.title[:28]) + "…"
        return f'<li><a href="{href}" target="_blank" title="{title}">{shown}</a><span>{e.published}</span></li>\n'

    @staticmethod
    def _chain_pager(k: int, pages: int, total: int) -> str:
        def name(i: int) -> str:
            return "index.html" if i == 0 else f"list_{i + 1}.html"

        links = [f"<span>共{total}条</span>", f"<span>第{k + 1}/{pages}页</span>"]
        if k > 0:
            links += [f'<a href="{name(0)}">首页</a>', f'<a href="{name(k - 1)}">上一页</a>']
        if k + 1 < pages:
            links.append(f'<a href="{name(k + 1)}">下一页</a>')
        return '<div class="page">' + "".join(links) + "</div>"

    # ---- articles ----------------------------------------------------------------------------

    def _article_page(
        self,
        url: str,
        title: str,
        d: date,
        c: Column | None,
        doc_id: int,
        prev: _Entry | None,
        nxt: _Entry | None,
    ) -> None:
        r = self.rng
        self.articles += 1
        column = c.title if c else "要闻动态"
        written = d - timedelta(days=r.randint(0, 5))
        meta = (
            f'<meta name="ArticleTitle" content="{html.escape(title)}">\n'
            f'<meta name="PubDate" content="{d} {r.randint(8, 18):02d}:{r.randint(0, 59):02d}">\n'
            f'<meta name="ContentSource" content="{SITE}">\n'
        )
        if c is not None and c.annual:
            body = self._annual_body(title)
        else:
            body = self._paragraphs(r.randint(4, 9))
        table = (
            '<table class="xxgk-table" width="100%"><tr>'
            f'<td class="t">索 引 号：</td><td>11330100MB0000000X/{d.year}-{doc_id % 100000:05d}</td>'
            f'<td class="t">主题分类：</td><td>综合政务</td></tr><tr>'
            f'<td class="t">发布机构：</td><td>{SITE}</td><td class="t">成文日期：</td><td>{written}</td></tr><tr>'
            f'<td class="t">文　　号：</td><td>示发改〔{d.year}〕{doc_id % 300}号</td>'
            f'<td class="t">发布日期：</td><td>{d}</td></tr></table>\n'
        )
        near = "".join(
            f'<p>{label}：<a href="{e.url}">{html.escape(e.title)}</a></p>'
            for label, e in (("上一篇", prev), ("下一篇", nxt))
            if e is not None
        )
        crumb = (
            self._crumb(c, "正文")
            if c
            else '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/yw/">要闻动态</a> &gt; 正文</div>\n'
        )
        side = self._sidebar(c.url) if c else ""
        self._write(
            url,
            self._head(title, column, meta)
            + '<div class="main w1200 clearfix">'
            + crumb
            + side
            + '<div class="xxgk-main article">'
            + table
            + f"<h1>{html.escape(title)}</h1>"
            + f'<div class="info">来源：{SITE}　　字号：<a href="javascript:void(0)" onclick="setFont(18)">大</a> '
            + '<a href="javascript:void(0)" onclick="setFont(16)">中</a></div>'
            + f'<div class="content" id="zoom">{body}</div><div class="prev-next">{near}</div>'
            + "</div></div>\n"
            + self._foot(),
        )

    def _annual_body(self, title: str) -> str:
        intro = (
            f"<p>本报告依据《中华人民共和国政府信息公开条例》编制，{html.escape(title)}如下。</p>\n"
        )
        return intro + "".join(f"<h3>{s}</h3>\n{self._paragraphs(3)}" for s in HEADINGS)
