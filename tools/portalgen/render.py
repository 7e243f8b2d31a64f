"""HTML of a planned portal: site-wide chrome (header, nav, footer the same on every
page), breadcrumbs, the sidebar tree or a column grid, list pages with their pagers,
content pages and articles. Returns {url path (with query): html text}.
"""

from __future__ import annotations

import posixpath
import random
from datetime import date, timedelta
from html import escape

from tools.portalgen import vocab
from tools.portalgen.plan import Entry, Node, Style, static_entries

# TRS WCM writes its pager from this function, defined inline on every list page; the
# static HTML has no page links at all.
TRS_PAGER_JS = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0){ document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;"); }
  else {
    var prev = nCurrIndex == 1 ? _sPageName + "." + _sPageExt
                               : _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt;
    document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a>&nbsp;");
    document.write("<a href=\\"" + prev + "\\">上一页</a>&nbsp;");
  }
  if(nCurrIndex + 1 < _nPageCount){
    document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt
                   + "\\">下一页</a>&nbsp;");
    document.write("<a href=\\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt
                   + "\\">尾页</a>");
  } else { document.write("<span>下一页</span>&nbsp;<span>尾页</span>"); }
  document.write("&nbsp;共" + _nPageCount + "页");
}
</script>"""

CSS = "body{font:14px/1.6 SimSun,serif;margin:0}.container{width:1200px;margin:0 auto}\n"
LOGO_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def fmt_date(d: date, fmt: str) -> str:
    return {
        "iso": f"{d:%Y-%m-%d}",
        "cn": f"{d:%Y}年{d:%m}月{d:%d}日",
        "cn_nopad": f"{d.year}年{d.month}月{d.day}日",
        "bracket": f"[{d:%Y-%m-%d}]",
        "slash": f"{d.year}/{d.month}/{d.day}",
        "dot": f"{d:%Y.%m.%d}",
        "paren": f"({d:%Y-%m-%d})",
    }[fmt]


def list_page_urls(node: Node) -> list[str]:
    """Every list page of a column as served: what a static reader can reach."""
    assert node.url is not None
    count = page_count(node)
    folder = node.url.rsplit("/", 1)[0] + "/"
    if node.pager == "trs":
        return [node.url] + [f"{folder}index_{k}.html" for k in range(1, count)]
    if node.pager == "next":
        return [node.url] + [f"{folder}index_{k + 1}.html" for k in range(1, count)]
    if node.pager == "query":
        return [node.url] + [f"{folder}index.html?page={k + 1}" for k in range(1, count)]
    return [node.url]  # single, or js (further pages only exist for a browser)


def page_count(node: Node) -> int:
    return max(1, -(-len(node.entries) // node.page_size))


class Renderer:
    def __init__(self, rng: random.Random, style: Style, root: Node):
        self.rng, self.s, self.root = rng, style, root
        self.pages: dict[str, str] = {}
        self.outside_news: list[tuple[str, str, date]] = []

    # ---- links -------------------------------------------------------------------

    def href(self, frm: str, to: str) -> str:
        """Absolute or relative (./, ../) like the site's CMS writes them."""
        if self.s.abs_links or to.startswith(("javascript", "#", "http", "?")):
            return to
        to_dir, name = to.rsplit("/", 1)
        rel = posixpath.relpath(to_dir or "/", posixpath.dirname(frm.split("?")[0]) or "/")
        return ("./" if rel == "." else rel + "/") + name

    def column_href(self, frm: str, url: str) -> str:
        if not self.s.column_link_index and url.endswith("/index.html"):
            url = url[: -len("index.html")]
        return self.href(frm, url)

    def section_href(self, frm: str) -> str:
        url = self.s.section_dir + ("index.html" if self.s.section_link_index else "")
        return self.href(frm, url)

    def a(self, frm: str, url: str, text: str, **attrs: str) -> str:
        extra = "".join(f' {k.rstrip("_")}="{escape(v)}"' for k, v in attrs.items())
        return f'<a href="{escape(self.href(frm, url))}"{extra}>{escape(text)}</a>'

    # ---- chrome ------------------------------------------------------------------

    def nav_items(self) -> list[tuple[str, str]]:
        items = [("首页", "/index.html")] + [(t, f"/{c}/index.html") for t, c in vocab.OUTSIDE]
        items.insert(3, (self.s.section_title, self.s.section_dir + "index.html"))
        return items

    def header(self, frm: str) -> str:
        s = self.s
        if s.logo_h1:
            logo = (
                f'<h1 class="logo"><a href="{self.href(frm, "/index.html")}">{s.site_name}</a></h1>'
            )
        else:
            logo = (
                f'<div class="logo"><a href="{self.href(frm, "/index.html")}">'
                f'<img src="{self.href(frm, "/images/logo.gif")}" alt="{s.site_name}"></a></div>'
            )
        links = []
        for text, url in self.nav_items():
            if url == s.section_dir + "index.html":
                links.append(f'<li><a href="{self.section_href(frm)}">{text}</a></li>')
            else:
                links.append(f"<li>{self.a(frm, url, text)}</li>")
        return (
            f'<div class="top-bar"><span>欢迎访问{s.site_name}</span>'
            '<a href="javascript:;" id="wza">无障碍</a> <a href="javascript:;">长者模式</a></div>\n'
            f'<div class="header">{logo}<form class="search" action="/search/" method="get">'
            '<input name="q" type="text" placeholder="请输入关键词"><button>搜索</button></form></div>\n'
            f'<div class="nav"><ul>{"".join(links)}</ul></div>'
        )

    def footer(self, frm: str) -> str:
        s = self.s
        code = 1000000000 + s.seed * 7919 % 899999999
        return (
            '<div class="footer"><div class="links">'
            f"{self.a(frm, '/wzdt/index.html', '网站地图')} | {self.a(frm, '/lxwm/index.html', '联系我们')} | "
            '<a href="http://www.gov.cn/" target="_blank">中国政府网</a> | '
            f'<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}" '
            'target="_blank">政府网站找错</a></div>'
            f"<p>主办单位：{s.org}　承办：{s.org}办公室　地址：{s.city}人民路{s.seed % 200 + 1}号</p>"
            f"<p>网站标识码：{code}　ICP备{s.seed + 10000000:08d}号-1　联系电话：0{s.seed % 900 + 100}-8{s.seed % 1000:03d}6688</p>"
            "</div>"
        )

    def crumbs(self, frm: str, chain: list[tuple[str, str | None]]) -> str:
        s = self.s
        if s.crumb_label is None:
            return ""
        parts = [self.a(frm, "/index.html", "首页")]
        for i, (text, url) in enumerate(chain):
            if url is None or i == len(chain) - 1:
                parts.append(f"<span>{escape(text)}</span>")
            elif url == s.section_dir + "index.html":
                parts.append(f'<a href="{self.section_href(frm)}">{escape(text)}</a>')
            else:
                parts.append(f'<a href="{escape(self.column_href(frm, url))}">{escape(text)}</a>')
        return f'<div class="crumb">{s.crumb_label}{s.crumb_sep.join(parts)}</div>'

    def node_chain(self, node: Node) -> list[tuple[str, str | None]]:
        return [(n.title, n.url) for n in node.ancestors() + [node]]

    def tree(self, frm: str, current: Node | None) -> str:
        def items(node: Node) -> str:
            out = []
            for c in node.children:
                on = ' class="on"' if c is current else ""
                if c.kind == "group":
                    link = (
                        f'<a href="{self.column_href(frm, c.url)}">{escape(c.title)}</a>'
                        if c.url
                        else f'<a href="{c.group_href}">{escape(c.title)}</a>'
                    )
                    out.append(
                        f'<li class="has-sub"{on}>{link}<ul class="sub">{items(c)}</ul></li>'
                    )
                else:
                    assert c.url is not None
                    out.append(
                        f'<li{on}><a href="{escape(self.column_href(frm, c.url))}">'
                        f"{escape(c.title)}</a></li>"
                    )
            return "".join(out)

        return (
            f'<div class="left"><div class="menu-title">{escape(self.s.section_title)}</div>'
            f'<ul class="tree {self.s.css}-tree">{items(self.root)}</ul></div>'
        )

    def grid(self, frm: str, node: Node) -> str:
        """Columns as a grid of links (sites without a sidebar tree)."""

        def links(n: Node) -> str:
            return "".join(
                f'<li><a href="{escape(self.column_href(frm, leaf.url or ""))}">{escape(leaf.title)}</a></li>'
                for leaf in n.leaves()
            )

        blocks = []
        for c in node.children:
            if c.kind == "group":
                head = (
                    f'<a href="{escape(self.column_href(frm, c.url))}">{escape(c.title)}</a>'
                    if c.url
                    else escape(c.title)
                )
                blocks.append(f'<div class="gk-group"><h3>{head}</h3><ul>{links(c)}</ul></div>')
            else:
                blocks.append(f'<div class="gk-item"><ul>{links(c)}</ul></div>')
        return f'<div class="gk-grid">{"".join(blocks)}</div>'

    def layout(
        self,
        url: str,
        title: str,
        main: str,
        current: Node | None = None,
        crumbs: str = "",
        head_extra: str = "",
        in_section: bool = True,
    ) -> None:
        s = self.s
        meta = ""
        if s.meta_charset:
            meta = self.rng.choice(
                [
                    f'<meta charset="{s.meta_charset}">',
                    f'<meta http-equiv="Content-Type" content="text/html; charset={s.meta_charset}">',
                ]
            )
        side = self.tree(url, current) if s.sidebar and in_section else ""
        width = "right" if side else "main"
        self.pages[url] = (
            "<!DOCTYPE html>\n<html>\n<head>\n" + meta + "\n"
            f"<title>{escape(title)}_{escape(s.site_name)}</title>\n"
            f'<meta name="SiteName" content="{escape(s.site_name)}">\n'
            f'<link rel="stylesheet" href="{self.href(url, "/css/style.css")}">\n{head_extra}'
            "</head>\n<body>\n" + self.header(url) + "\n"
            f'<div class="container">{crumbs}\n{side}<div class="{width}">{main}</div></div>\n'
            + self.footer(url)
            + "\n</body>\n</html>\n"
        )

    # ---- lists -------------------------------------------------------------------

    def entry_anchor(self, frm: str, e: Entry) -> str:
        shown = e.title
        if self.s.truncate_titles and len(shown) > 22:
            shown = shown[:20] + "..."
        return (
            f'<a href="{escape(self.href(frm, e.url))}" target="_blank" '
            f'title="{escape(e.title)}">{escape(shown)}</a>'
        )

    def list_html(self, frm: str, node: Node, entries: list[Entry], date_first: bool) -> str:
        def d(e: Entry) -> str:
            return fmt_date(e.published, node.date_fmt)

        rows = []
        m, tag = node.markup, node.date_tag
        for i, e in enumerate(entries):
            a = self.entry_anchor(frm, e)
            if m == "ul":
                if tag == "bare":
                    dt = f" {d(e)}"
                elif tag == "span.date":
                    dt = f'<span class="date">{d(e)}</span>'
                elif tag == "font":
                    dt = f'<font color="#999999">{d(e)}</font>'
                else:
                    dt = f"<{tag}>{d(e)}</{tag}>"
                rows.append(f"<li>{dt}{a}</li>" if date_first else f"<li>{a}{dt}</li>")
            elif m == "table":
                cell = f"<span>{d(e)}</span>" if tag == "td.span" else d(e)
                if node.code in ("zcwj", "gkzd", "xzcf", "xzxk"):
                    index_no = f"1135{self.s.seed:06d}X/{e.published.year}-{i + 101:05d}"
                    rows.append(
                        f"<tr><td>{index_no}</td><td>{a}</td>"
                        f"<td>{self.s.org[:2]}发〔{e.published.year}〕{i + 3}号</td>"
                        f'<td align="center">{cell}</td></tr>'
                    )
                else:
                    rows.append(
                        f'<tr><td>{i + 1}</td><td class="tit">{a}</td>'
                        f'<td align="center">{cell}</td></tr>'
                    )
            elif m == "div":
                if tag == "div.date":
                    rows.append(f'<div class="item">{a}<div class="date">{d(e)}</div></div>')
                elif tag == "span.time":
                    summary = vocab.paragraph(self.rng, self.s.org)[:40]
                    rows.append(
                        f'<div class="news-box"><h4>{a}</h4><p class="summary">{summary}…</p>'
                        f'<span class="time">{d(e)}</span></div>'
                    )
                else:
                    rows.append(
                        f'<div class="row"><div class="tit">{a}</div><p>发布时间：{d(e)}</p></div>'
                    )
            else:
                rows.append(f"<dt>{a}</dt><dd>{d(e)}</dd>")
        body = "\n".join(rows)
        if m == "ul":
            return f'<ul class="list {self.s.css}-list">\n{body}\n</ul>'
        if m == "table":
            if node.code in ("zcwj", "gkzd", "xzcf", "xzxk"):
                head = "<tr><th>索引号</th><th>名称</th><th>文号</th><th>发布日期</th></tr>"
            else:
                head = "<tr><th>序号</th><th>标题</th><th>发布日期</th></tr>"
            return f'<table class="list-table" width="100%">\n{head}\n{body}\n</table>'
        if m == "div":
            return f'<div class="list-box">\n{body}\n</div>'
        return f'<dl class="list">\n{body}\n</dl>'

    def pager_html(self, node: Node, k: int, urls: list[str]) -> str:
        total, count = len(node.entries), page_count(node)
        if node.pager == "trs":
            return (
                f'<div class="page"><script>createPageHTML({count}, {k}, "index", "html");'
                "</script></div>"
            )
        if node.pager == "js":
            if count == 1:
                return f'<div class="page">共{total}条记录 共1页</div>'
            links = " ".join(
                f'<a href="javascript:void(0);" onclick="goPage({p})">{p}</a>'
                for p in range(1, min(count, 5) + 1)
            )
            return (
                f'<div class="page">共{total}条记录 共{count}页 当前第1页 {links} '
                '<a href="javascript:void(0);" onclick="goPage(2)">下一页</a> '
                f'<a href="javascript:goPage({count});">尾页</a></div>'
            )
        if node.pager == "next":
            if count == 1:
                return f'<div class="page">共{total}条 1/1页</div>' if total else ""
            parts = [f"共{total}条 {k + 1}/{count}页", self._pl(urls, 0, "首页", k)]
            if k > 0:
                parts.append(self._pl(urls, k - 1, "上一页", k))
            parts.append(
                self._pl(urls, k + 1, "下一页", k) if k + 1 < count else "<span>下一页</span>"
            )
            parts.append(self._pl(urls, count - 1, "尾页", k))
            return f'<div class="page">{" ".join(parts)}</div>'
        if node.pager == "query":
            if count == 1:
                return ""
            nums = " ".join(
                f"<span>{p + 1}</span>" if p == k else f'<a href="?page={p + 1}">{p + 1}</a>'
                for p in range(count)
            )
            nxt = f'<a href="?page={k + 2}">下一页</a>' if k + 1 < count else ""
            return f'<div class="pagination"><a href="?page=1">首页</a> {nums} {nxt}</div>'
        return f'<div class="page">共{total}条</div>' if total and self.rng.random() < 0.5 else ""

    def _pl(self, urls: list[str], target: int, text: str, k: int) -> str:
        return f'<a href="{escape(self.href(urls[k], urls[target]))}">{text}</a>'

    def list_column(self, node: Node) -> list[str]:
        urls = list_page_urls(node)
        date_first = node.markup == "ul" and self.rng.random() < 0.15
        heading = self.rng.choice(["h2", "div", "span"])
        head = (
            f'<div class="list-title"><{heading} class="lm">{escape(node.title)}</{heading}></div>'
        )
        head_extra = TRS_PAGER_JS + "\n" if node.pager == "trs" else ""
        if not node.entries:
            marker = ""
            if node.empty_marker:
                marker = self.rng.choice(
                    [
                        f'<div class="nodata">{node.empty_marker}</div>',
                        f'<p style="text-align:center">{node.empty_marker}</p>',
                    ]
                )
            main = head + self.list_html(urls[0], node, [], False) + marker
            self.layout(
                urls[0],
                node.title,
                main,
                node,
                self.crumbs(urls[0], self.node_chain(node)),
                head_extra,
            )
            return urls
        for k, url in enumerate(urls):
            chunk = node.entries[k * node.page_size : (k + 1) * node.page_size]
            main = (
                head + self.list_html(url, node, chunk, date_first) + self.pager_html(node, k, urls)
            )
            self.layout(
                url, node.title, main, node, self.crumbs(url, self.node_chain(node)), head_extra
            )
        if node.pager == "query" and len(urls) > 1:
            # Page links say ?page=1 for the first page; the server has that page too.
            self.pages[urls[0].replace("index.html", "index.html?page=1")] = self.pages[urls[0]]
        return urls

    # ---- content -----------------------------------------------------------------

    def content_text(self, node: Node) -> str:
        s, rng = self.s, self.rng
        if not node.long:
            return f"<p>{vocab.paragraph(rng, s.org)}</p>"
        if node.cls == "guide":
            heads = ["一、总则", "二、主动公开", "三、依申请公开", "四、收费标准", "五、监督和救济"]
        elif node.cls == "on_request":
            heads = ["一、申请方式", "二、受理机构", "三、办理时限", "四、申请表下载"]
        elif node.cls == "org":
            heads = ["一、主要职责", "二、内设机构", "三、联系方式"]
        else:
            heads = ["第一章 总则", "第二章 公开范围", "第三章 工作程序", "第四章 附则"]
        parts = []
        for h in heads:
            parts.append(f"<h3>{h}</h3>")
            parts.extend(f"<p>{vocab.paragraph(rng, s.org)}</p>" for _ in range(rng.randint(1, 3)))
        parts.append(
            '<table class="contact" border="1"><tr><td>办公地址</td>'
            f"<td>{s.city}人民路{s.seed % 200 + 1}号</td></tr>"
            "<tr><td>办公时间</td><td>工作日上午8:30-12:00，下午14:30-17:30</td></tr>"
            f"<tr><td>联系电话</td><td>0{s.seed % 900 + 100}-8{s.seed % 1000:03d}6688</td></tr>"
            "<tr><td>邮政编码</td><td>" + f"{s.seed % 900000 + 100000}" + "</td></tr></table>"
        )
        return "\n".join(parts)

    def content_column(self, node: Node) -> None:
        assert node.url is not None
        when = ""
        if self.rng.random() < 0.5:
            day = self.s.as_of - timedelta(days=self.rng.randint(30, 900))
            when = f'<div class="info">发布日期：{day:%Y-%m-%d}</div>'
        main = (
            f'<div class="article"><h1>{escape(node.title)}</h1>{when}'
            f'<div class="content">{self.content_text(node)}</div></div>'
        )
        self.layout(node.url, node.title, main, node, self.crumbs(node.url, self.node_chain(node)))

    def group_page(self, node: Node) -> None:
        assert node.url is not None
        main = f'<div class="list-title"><h2>{escape(node.title)}</h2></div>' + self.grid(
            node.url, node
        )
        self.layout(node.url, node.title, main, node, self.crumbs(node.url, self.node_chain(node)))

    def article(self, e: Entry, prev: Entry | None, nxt: Entry | None) -> None:
        s, rng, url = self.s, self.rng, e.url
        col = e.column
        title = escape(e.title)
        if s.article_title_tag == "div.title":
            head = f'<div class="title">{title}</div>'
        else:
            head = f"<{s.article_title_tag}>{title}</{s.article_title_tag}>"
        source = rng.choice([s.org, s.org + "办公室"])
        when = f"{e.published:%Y-%m-%d}" + (
            f" {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.5 else ""
        )
        if s.date_labelled:
            info = f"发布日期：{when}　来源：{source}　浏览次数：<span id='hits'></span>"
        else:
            info = f"{when}　来源：{source}　责任编辑：{rng.choice(vocab.LEADERS)}"
        table = ""
        if s.meta_table:
            written = e.published - timedelta(days=rng.randint(0, 10))
            table = (
                '<table class="xxgk-meta"><tr><td>索 引 号：</td>'
                f"<td>1135{s.seed:06d}X/{e.published.year}-{rng.randint(1, 999):05d}</td>"
                f"<td>发布机构：</td><td>{s.org}</td></tr>"
                f"<tr><td>成文日期：</td><td>{written:%Y-%m-%d}</td>"
                f"<td>发布日期：</td><td>{e.published:%Y-%m-%d}</td></tr>"
                f"<tr><td>名　　称：</td><td colspan='3'>{title}</td></tr></table>"
            )
        if e.annual_year is not None:
            body = "".join(
                f"<h3>{h}</h3><p>{vocab.paragraph(rng, s.org, '政务公开')}</p>"
                for h in vocab.ANNUAL_HEADINGS
            )
        else:
            body = "".join(
                f"<p>{vocab.paragraph(rng, s.org)}</p>" for _ in range(rng.randint(2, 5))
            )
        for target in e.broken_links:
            label = "附件：" if target.endswith(".pdf") else "相关链接："
            text = (
                "相关材料.pdf"
                if target.endswith(".pdf")
                else vocab.entry_title(rng, col.cls, s.org, s.city, e.published)
            )
            body += f"<p>{label}{self.a(url, target, text)}</p>"
        sib = []
        if prev is not None:
            sib.append(f"<p>上一篇：{self.a(url, prev.url, prev.title)}</p>")
        if nxt is not None:
            sib.append(f"<p>下一篇：{self.a(url, nxt.url, nxt.title)}</p>")
        chain = self.node_chain(col) + ([("正文", None)] if rng.random() < 0.5 else [])
        main = (
            f'<div class="article">{head}<div class="info">{info}</div>{table}'
            f'<div class="content" id="zoom">{body}</div>'
            '<div class="tools"><a href="javascript:window.print()">【打印本页】</a>'
            '<a href="javascript:window.close()">【关闭窗口】</a></div>'
            f'<div class="siblings">{"".join(sib)}</div></div>'
        )
        self.layout(url, e.title, main, col, self.crumbs(url, chain))

    # ---- the rest of the site ----------------------------------------------------

    def section_page(self) -> None:
        s, url = self.s, self.s.section_dir + "index.html"
        if s.section_main == "grid":
            main = self.grid(url, self.root)
        elif s.section_main == "latest":
            latest = sorted(
                (e for c in self.root.leaves() for e in static_entries(c) if e.exists),
                key=lambda e: e.published,
                reverse=True,
            )[:8]
            items = "".join(
                f"<li>{self.entry_anchor(url, e)}<span>{e.published:%Y-%m-%d}</span></li>"
                for e in latest
            )
            main = f'<div class="box"><div class="box-title">最新公开</div><ul>{items}</ul></div>'
        else:
            main = (
                f'<div class="intro"><h2>{escape(s.section_title)}</h2>'
                f"<p>{vocab.paragraph(self.rng, s.org, '政务公开')}</p></div>"
            )
        self.layout(url, s.section_title, main, None, self.crumbs(url, [(s.section_title, None)]))

    def homepage(self) -> None:
        s, url = self.s, "/index.html"
        blocks = []
        for cls in ("news", "notice"):
            col = next((c for c in self.root.leaves() if c.cls == cls and c.entries), None)
            if col is None or col.url is None:
                continue
            items = "".join(
                f"<li>{self.entry_anchor(url, e)}<span>{e.published:%m-%d}</span></li>"
                for e in col.entries[:6]
                if e.exists
            )
            more = (
                f'<a class="more" href="{escape(self.column_href(url, col.url))}">更多&gt;&gt;</a>'
            )
            blocks.append(
                f'<div class="box"><div class="box-title">{escape(col.title)}{more}</div>'
                f"<ul>{items}</ul></div>"
            )
        news = "".join(
            f"<li>{self.a(url, u, t)}<span>{d:%Y-%m-%d}</span></li>"
            for u, t, d in self.outside_news[:6]
        )
        blocks.insert(0, f'<div class="box"><div class="box-title">要闻</div><ul>{news}</ul></div>')
        blocks.append(
            f'<div class="box gk"><a href="{self.section_href(url)}">'
            f"{escape(s.section_title)}</a></div>"
        )
        self.layout(url, "首页", "\n".join(blocks), in_section=False)

    def outside(self) -> None:
        """Pages outside the section: linked from every page, never columns."""
        s, rng = self.s, self.rng
        day = s.as_of
        for i in range(10):
            day -= timedelta(days=rng.randint(0, 6))
            u = f"/xwzx/{day:%Y%m}/t{day:%Y%m%d}_{500000 + i}.html"
            t = vocab.entry_title(rng, "news", s.org, s.city, day)
            self.outside_news.append((u, t, day))
            self.layout(
                u,
                t,
                f"<h1>{escape(t)}</h1><div class='info'>发布时间：{day:%Y-%m-%d}</div>"
                f"<p>{vocab.paragraph(rng, s.org)}</p>",
                crumbs=self.crumbs(u, [("新闻中心", "/xwzx/index.html"), (t, None)]),
                in_section=False,
            )
        for title, code in vocab.OUTSIDE + [("网站地图", "wzdt"), ("联系我们", "lxwm")]:
            u = f"/{code}/index.html"
            if code == "xwzx":
                items = "".join(
                    f"<li>{self.a(u, nu, t)}<span>{d:%Y-%m-%d}</span></li>"
                    for nu, t, d in self.outside_news
                )
                main = f'<ul class="news-list">{items}</ul>'
            elif code == "wzdt":
                items = "".join(f"<li>{self.a(u, nu, t)}</li>" for t, nu in self.nav_items())
                main = f"<ul>{items}</ul>"
            else:
                main = f"<h2>{title}</h2><p>{vocab.paragraph(rng, s.org)}</p>"
            self.layout(u, title, main, crumbs=self.crumbs(u, [(title, None)]), in_section=False)


def render_site(
    rng: random.Random, style: Style, root: Node
) -> tuple[dict[str, str], dict[Node, list[str]]]:
    r = Renderer(rng, style, root)
    r.outside()
    r.homepage()
    r.section_page()
    list_pages: dict[Node, list[str]] = {}
    for group in root.groups()[1:]:
        if group.url:
            r.group_page(group)
    for col in root.leaves():
        if col.kind == "page":
            r.content_column(col)
            continue
        list_pages[col] = r.list_column(col)
        alive = [e for e in static_entries(col) if e.exists]
        for i, e in enumerate(alive):
            r.article(e, alive[i - 1] if i else None, alive[i + 1] if i + 1 < len(alive) else None)
    return r.pages, list_pages
