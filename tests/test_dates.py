"""The date fast path, labels, plausibility and the dateparser fallback."""

from datetime import date

import pytest

from xxgk import dates

D = date(2023, 5, 12)


@pytest.mark.parametrize(
    "text",
    [
        "2023-05-12",
        "2023/05/12",
        "2023.05.12",
        "2023年5月12日",
        "2023年05月12日",
        "２０２３－０５－１２",
        "二〇二三年五月十二日",
        "发布时间：2023-05-12 15:04",
        "[2023-5-12]",
        "2023 年 5 月 12 日",
    ],
)
def test_fast_path_formats(text):
    assert dates.parse_date(text, fallback=False) == D


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇二三年十月三十一日", date(2023, 10, 31)),
        ("二〇二三年十二月一日", date(2023, 12, 1)),
        ("二〇二〇年二月二十九日", date(2020, 2, 29)),
    ],
)
def test_chinese_numerals(text, expected):
    assert dates.parse_date(text, fallback=False) == expected


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13-01", "12.4%", "第2023号", "", None])
def test_no_date(text):
    assert dates.parse_date(text, fallback=False) is None


def test_year_less_list_dates():
    assert dates.partial_date("[05-12]") == (5, 12)
    assert dates.partial_date("11-03") == (11, 3)
    assert dates.partial_date("5月12日") == (5, 12)
    assert dates.partial_date("2023-05-12") is None  # a full date is not year-less
    assert dates.partial_date("13-40") is None


def test_labels_publication_date_wins_over_written_and_generated():
    text = (
        "成文日期：2022-01-27 发 布 日 期：2022-02-03 页面生成时间：2024-01-01 发布时间:2022-02-03"
    )
    labelled = dates.labelled_dates(text)
    assert ("成文日期", date(2022, 1, 27)) in labelled
    assert ("发布日期", date(2022, 2, 3)) in labelled
    assert dates.publication_date(labelled) == date(2022, 2, 3)
    assert dates.publication_date([("成文日期", date(2022, 1, 27))]) is None


def test_traditional_labels():
    assert dates.labelled_dates("發布日期: 2017-02-28") == [("发布日期", date(2017, 2, 28))]


def test_label_followed_by_other_text_is_not_its_date():
    assert dates.labelled_dates("成文日期： 发布时间：2017-02-28") == [
        ("发布时间", date(2017, 2, 28))
    ]


def test_plausibility_window():
    as_of = date(2026, 6, 30)
    assert dates.plausible(date(1990, 1, 1), as_of) and dates.plausible(date(2027, 6, 28), as_of)
    assert not dates.plausible(date(1989, 12, 31), as_of)
    assert not dates.plausible(date(2027, 7, 1), as_of)


def test_dateparser_only_as_fallback_on_an_isolated_token():
    assert dates.parse_date("May 12, 2023") == D
    assert dates.parse_date("May 12, 2023", fallback=False) is None
