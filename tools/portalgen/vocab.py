"""Words real 政府信息公开 sections are made of: agency names, column titles and their
URL codes, entry titles by column class, filler prose.

Column titles and classes follow shared/reference/rules.md §5 (the same vocabulary an
auditor uses); URL codes are the pinyin initials TRS-built sites use (tzgg, gzdt …).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

CITIES = ["青川市", "临澜市", "云溪县", "东平市", "安河县", "北岭市", "南湖区", "清河县", "泽州市"]
AGENCIES = [
    ("文化广电旅游局", "文旅"),
    ("自然资源局", "自然资源"),
    ("市场监督管理局", "市场监管"),
    ("生态环境局", "生态环境"),
    ("教育局", "教育"),
    ("卫生健康委员会", "卫生健康"),
    ("农业农村局", "农业农村"),
    ("应急管理局", "应急管理"),
]
TOPICS = [
    "安全生产",
    "文物保护",
    "文化市场",
    "食品安全",
    "防汛抗旱",
    "乡村振兴",
    "优化营商环境",
    "消防安全",
    "公共文化服务",
    "旅游市场秩序",
    "森林防火",
    "耕地保护",
    "扬尘治理",
    "校园安全",
    "疫苗接种",
    "信访维稳",
    "双随机一公开",
    "高标准农田建设",
    "非物质文化遗产",
]
LEADERS = ["王建国", "李明", "张卫东", "刘晓红", "陈志强", "杨帆", "赵丽", "周海涛"]
PLACES = ["城关镇", "河口乡", "东关街道", "新区", "工业园区", "西山镇", "南门社区"]

# class -> (alternative titles, URL code). Classes are rules.md §5's.
LIST_COLUMNS: dict[str, tuple[list[str], str]] = {
    "news": (["工作动态", "部门动态", "政务动态"], "gzdt"),
    "notice": (["通知公告", "公示公告"], "tzgg"),
    "policy": (["政策文件", "规范性文件", "部门文件"], "zcwj"),
    "interpretation": (["政策解读"], "zcjd"),
    "personnel": (["人事信息", "人事任免", "招考录用"], "rsxx"),
    "plan": (["规划计划", "发展规划", "计划总结"], "ghjh"),
    "budget": (["财政预决算", "部门预决算"], "czyjs"),
    "procurement": (["政府采购"], "zfcg"),
    "stats": (["统计信息", "统计数据"], "tjxx"),
    "permit": (["行政许可"], "xzxk"),
    "penalty": (["行政处罚"], "xzcf"),
    "proposal": (["建议提案办理"], "jytabl"),
    "field": (["食品安全", "安全生产", "环境保护", "社会救助", "公共文化服务"], "zdly"),
}
# Staleness classes of rules.md §5 (the rest only count as empty or not).
STALENESS_DAYS = {"news": 14, "notice": 183, "policy": 183, "personnel": 365, "plan": 365}
# 政策解读 is a policy column for freshness (rules.md §5).
FRESHNESS_CLASS = {"interpretation": "policy"}

FIELD_CODES = {
    "食品安全": "spaq",
    "安全生产": "aqsc",
    "环境保护": "hjbh",
    "社会救助": "shjz",
    "公共文化服务": "ggwh",
}

GUIDE = ("政府信息公开指南", "gkzn")
SYSTEM = ("政府信息公开制度", "gkzd")
STATUTORY = ("法定主动公开内容", "fdzdgknr")
ANNUAL = ("政府信息公开年报", "gknb")
ON_REQUEST = ("依申请公开", "ysqgk")
ORG_DUTIES = ("机构职能", "jgzn")
REQUIRED_TITLES = [GUIDE[0], SYSTEM[0], STATUTORY[0], ANNUAL[0]]

SECTION_TITLES = ["政府信息公开", "信息公开", "政务公开", "政府信息公开目录", "政府信息公开专栏"]
SECTION_PATHS = ["xxgk", "zwgk", "zfxxgk", "gkml", "xxgkml", "zdly", "zwgk/xxgk"]
OUTSIDE = [
    ("机构概况", "jgjj"),
    ("新闻中心", "xwzx"),
    ("政务服务", "zwfw"),
    ("互动交流", "hdjl"),
    ("专题专栏", "ztzl"),
]

SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步做好{topic}工作，结合我{unit}实际，现将有关事项通知如下。",
    "会议强调，各单位要提高政治站位，压实工作责任，确保{topic}各项任务落到实处。",
    "{leader}一行深入{place}，实地查看{topic}工作开展情况，听取相关负责同志汇报。",
    "下一步，我{unit}将继续围绕中心、服务大局，持续推进{topic}工作走深走实。",
    "各地各部门要加强组织领导，细化工作措施，认真做好{topic}信息报送工作。",
    "本次检查共出动执法人员{n}人次，检查经营单位{m}家，发现并督促整改问题{k}个。",
    "对公示内容有异议的，请在公示期内以书面形式向{org}反映，联系电话：0{n}-{m}{k}。",
    "{org}始终坚持以人民为中心的发展思想，扎实推进{topic}，取得了阶段性成效。",
]

ANNUAL_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def entry_title(
    rng: random.Random, cls: str, org: str, city: str, day: date, topic: str | None = None
) -> str:
    """A plausible entry title for a column of class `cls` published on `day`."""
    t, n, year = topic or rng.choice(TOPICS), rng.randint(1, 60), day.year
    # A monthly statistic comes out after its month: 2024年2月…统计数据 in March or later.
    month = date(day.year, day.month, 1) - timedelta(days=1)
    options = {
        "news": [
            f"{org}召开{t}工作推进会",
            f"{rng.choice(LEADERS)}调研{rng.choice(PLACES)}{t}工作",
            f"{org}开展{t}专项检查",
            f"{city}{t}工作取得新进展",
        ],
        "notice": [
            f"关于开展{year}年{t}工作的通知",
            f"关于{t}有关事项的公告",
            f"{year}年{t}项目拟立项名单公示",
        ],
        "policy": [
            f"{city}{t}管理办法",
            f"关于印发《{city}{t}实施方案》的通知",
            f"{org}关于进一步加强{t}工作的意见",
        ],
        "interpretation": [f"《{city}{t}管理办法》政策解读", f"图解：{city}{t}实施方案"],
        "personnel": [
            f"{org}关于{rng.choice(LEADERS)}等同志职务任免的通知",
            f"{year}年{org}公开招聘工作人员公告",
            f"{year}年{org}公开遴选公务员拟遴选人员公示",
        ],
        "plan": [
            f"{org}{year}年工作计划",
            f"{city}{t}“十四五”发展规划",
            f"{org}{year}年上半年工作总结",
        ],
        "budget": [
            f"{org}{year}年部门预算",
            f"{org}{year - 1}年部门决算",
            f"{org}{year}年“三公”经费预算说明",
        ],
        "procurement": [f"{org}{t}服务项目采购结果公告", f"{org}{year}年政府采购意向公开"],
        "stats": [f"{month.year}年{month.month}月{t}统计数据", f"{city}{year}年{t}统计公报"],
        "permit": [f"{city}{t}许可决定（{n}号）", f"行政许可事项办理结果公示（第{n}期）"],
        "penalty": [
            f"{city}{org[:2]}罚〔{year}〕{n}号行政处罚决定书",
            f"行政处罚信息公示（第{n}期）",
        ],
        "proposal": [f"对市政协第{n}号提案的答复", f"关于市人大代表第{n}号建议的答复"],
        "field": [f"{city}{year}年{t}监督抽检信息", f"关于{t}专项整治情况的通报"],
        "system": [
            f"{org}政府信息公开保密审查制度",
            f"{org}政府信息主动公开制度",
            f"{org}依申请公开政府信息工作规程",
            f"{org}政府信息公开工作考核制度",
            # A real lookalike (rules.md §2.3): not an annual report.
            f"{org}政府信息公开工作年度报告制度",
        ],
        "guide": [f"{org}政府信息公开指南", f"{org}政府信息公开指南（{year}年修订）"],
    }
    return rng.choice(options.get(cls, options["field"]))


def annual_title(rng: random.Random, org: str, year: int) -> str:
    return rng.choice(
        [
            f"{org}{year}年政府信息公开工作年度报告",
            f"{year}年{org}政府信息公开工作年度报告",
            f"{org}{year}年度政府信息公开工作报告",
        ]
    )


def paragraph(rng: random.Random, org: str, topic: str | None = None) -> str:
    s = rng.choice(SENTENCES)
    return s.format(
        topic=topic or rng.choice(TOPICS),
        unit="局",
        leader=rng.choice(LEADERS),
        place=rng.choice(PLACES),
        n=rng.randint(10, 99),
        m=rng.randint(100, 999),
        k=rng.randint(1000, 9999),
        org=org,
    )
