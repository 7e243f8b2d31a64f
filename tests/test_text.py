"""Title normalisation for matching; vocabulary classification."""

import pytest

from xxgk import text, vocabulary


def test_traditional_pinyin_and_spam_domains_are_removed_for_matching():
    assert text.normalize("政務(wù)公開") == "政务公开"
    assert (
        text.normalize("盤錦市2016年度政府信息公開工作報告") == "盘锦市2016年度政府信息公开工作报告"
    )
    assert (
        text.normalize("www.321365.com2013年信息公开工作年度报告") == "2013年信息公开工作年度报告"
    )
    assert text.spam_domains("www.321365.com2013年") == ["www.321365.com"]
    assert text.normalize("www.gov.cn 政府") == "www.gov.cn 政府"  # no digits: not the spam pattern


def test_full_width_and_spaces():
    assert text.squash("索 引 号：") == "索引号:"


@pytest.mark.parametrize(
    ("title", "path", "expected"),
    [
        ("通知公告", "", ("notice", "notice")),
        ("政策解读", "", ("policy", "policy")),
        ("政府信息公开年报", "", ("annual_report", "annual_report")),
        ("人事資訊", "", ("personnel", "personnel")),
        ("政府信息公开指南", "", ("other", "guide")),
        ("2024年", "法定主动公开内容 > 工作动态", ("news", "news")),
        ("其他", "", ("other", "other")),
    ],
)
def test_vocabulary_classifies_titles_then_breadcrumb(title, path, expected):
    assert vocabulary.load().classify(title, path) == expected


def test_vocabulary_rejects_unknown_category(tmp_path):
    bad = tmp_path / "v.yaml"
    bad.write_text("classes:\n  x:\n    category: weird\n    keywords: [甲]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="classes.x.category"):
        vocabulary.load(bad)


def test_mirrors_in_characters_and_in_taiwan_phrases_both_read_as_mainland_titles():
    assert text.normalize("規範性文件") == "规范性文件"  # character-level mirror: 文件 stays
    assert text.normalize("政府資訊公開工作年度報告") == "政府信息公开工作年度报告"  # s2twp mirror
    assert text.normalize("规范性文件") == "规范性文件"


def test_a_taiwan_phrased_mirror_column_is_classified_like_its_mainland_original():
    vocab = vocabulary.load()
    assert vocab.classify("部門檔案") == ("policy", "policy")  # s2twp of 部门文件
    assert vocab.classify("規範性文件") == ("policy", "policy")  # character-level mirror
    assert vocab.classify("档案管理") == ("other", "other")  # mainland 档案 stays archives
    # the title's Taiwan reading comes before its parent's class
    assert vocab.classify("部門檔案", "資訊公開 > 法定主動公開內容 > 部門檔案")[1] == "policy"


def test_fold_fullwidth_folds_only_text_holding_fullwidth_forms():
    assert text.fold_fullwidth("ｗｗｗ．３６５ＢＥＴ．com") == "www.365BET.com"
    assert text.fold_fullwidth("㈠ 情况概述") == "㈠ 情况概述"  # nothing full-width: untouched


def test_to_simplified_converts_only_traditional_text():
    assert text.to_simplified("政府資訊公開") == "政府信息公开"
    assert text.to_simplified("资讯中心") == "资讯中心"  # simplified already: as written
