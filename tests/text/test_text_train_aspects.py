"""``cxloop text train --data`` with aspect labels: an organisation's own aspect words, learned from
its people's labels, versioned, compared on held-out rows and activated only if not worse."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxloop.cli.main import app
from cxloop.text import Analyzer
from cxloop.text.analyzer import ACTIVE
from cxloop.text.lexicon import TermMatcher
from cxloop.text.training.io import InputError
from cxloop.text.training.organisation import train_organisation_model
from cxloop.text.training.organisation_aspects import (
    AspectTrainReport,
    aspect_label_set,
    learn_words,
)

# A property manager's feedback: 丰巢 (the Hive Box parcel lockers) is facilities, a name the bundled
# lexicon does not carry (a vendor's name belongs in an organisation's words, not in the shared
# lexicon) and jieba's dictionary does not hold (it cuts 丰/巢); the other rows name aspects the
# lexicon already finds.
GATE = [
    "小区的丰巢又坏了，快递取不出来",
    "丰巢扫了好几次码都打不开",
    "东门丰巢一直不能用，报修三次了",
    "新换的丰巢不认我的取件码",
    "丰巢人脸识别太慢，老人取不了件",
    "二期的丰巢什么时候修好",
    "丰巢经常失灵，快递被人拿走",
    "希望丰巢能用手机开",
    "丰巢超时取件还要收费",
    "北门丰巢断电好几天了",
    "晚上十点以后丰巢就不能取了",
    "丰巢系统升级后更难用了",
    "丰巢的按钮掉了没人修",
    "快递员都放丰巢，太麻烦",
]
OTHERS = [
    ("排队两个小时才办完", "timeliness"),
    ("等了很久都没有人处理", "timeliness"),
    ("维修师傅拖了一个星期才来", "timeliness"),
    ("物业前台态度很差", "attitude"),
    ("保安说话很冲，态度恶劣", "attitude"),
    ("客服态度很好，耐心解释", "attitude"),
    ("电梯又坏了，老人上下楼很难", "facilities"),
    ("楼道里很脏，垃圾没人清理", "environment"),
    ("小区环境很干净，绿化也好", "environment"),
    ("物业费太贵了", "price"),
    ("收费不透明，乱收费", "price"),
    ("等了半天电话也打不通", "timeliness"),
    ("投诉了一个月都没有回复", "timeliness"),
    ("办事效率太低，来回跑了三趟", "timeliness"),
    ("客服一直推脱，态度敷衍", "attitude"),
    ("管家很热情，服务周到", "attitude"),
    ("绿化带里全是垃圾", "environment"),
    ("楼下噪音太大，晚上睡不着", "environment"),
    ("停车费又涨价了", "price"),
    ("水电费收得太高", "price"),
    ("维修工技术不行，修了三次没修好", "competence"),
    ("电话打了十几遍都没人接", "timeliness"),
]


def write_rows(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        w.writerows(rows)
    return path


def labelled(tmp_path: Path) -> Path:
    rows = [(t, "facilities") for t in GATE] + OTHERS
    return write_rows(tmp_path / "aspects.csv", rows)


def test_aspect_labels_teach_an_organisation_word_and_activate_it(tmp_path: Path) -> None:
    org = tmp_path / "org"
    assert "facilities" not in Analyzer.load().analyze("丰巢刷不开").aspect_keys
    report = train_organisation_model(labelled(tmp_path), org)
    assert report.activated
    assert (org / ACTIVE).read_text(encoding="utf-8").strip() == report.version
    learned = json.loads((report.directory / "evaluation.json").read_text(encoding="utf-8"))
    assert "丰巢" in learned["learned"]["facilities"]
    assert learned["candidate"]["recall"] > learned["current"]["recall"]
    rows = (report.directory / "lexicons" / "aspects_zh.tsv").read_text(encoding="utf-8")
    assert "facilities\t丰巢" in rows  # a plain file staff can read and edit
    mine = Analyzer.load(org)
    result = mine.analyze("丰巢刷不开")
    assert "facilities" in result.aspect_keys
    aspect = next(a for a in result.aspects if a.key == "facilities")
    assert [e.text for e in aspect.evidence] == ["丰巢"]


def test_a_later_sentiment_training_keeps_the_learned_words(tmp_path: Path) -> None:
    org = tmp_path / "org"
    train_organisation_model(labelled(tmp_path), org)
    good = [(f"物业服务很好，第{i}次表扬", "positive") for i in range(12)]
    bad = [(f"物业服务太差了，第{i}次投诉", "negative") for i in range(12)]
    report = train_organisation_model(
        write_rows(tmp_path / "sent.csv", good + bad), org, force=True
    )
    assert (report.directory / "lexicons" / "aspects_zh.tsv").is_file()
    assert "facilities" in Analyzer.load(report.directory).analyze("丰巢刷不开").aspect_keys


LOCKER = [
    "丰巢刷不开",
    "丰巢又坏了",
    "丰巢扫码没反应",
    "东门丰巢断电",
    "丰巢不认取件码",
    "丰巢屏幕黑了",
    "丰巢经常失灵",
    "二期丰巢修好没有",
]


def learned_words(
    texts: list[str], labels: list[frozenset[str]], key: str, lexicon: TermMatcher | None = None
) -> set[str]:
    found = learn_words(texts, labels, lexicon or TermMatcher({}))
    return {w for w, _, _ in found.get(key, [])}


def test_a_word_is_learned_only_with_support_confidence_and_gain() -> None:
    gate, food = frozenset({"facilities"}), frozenset({"quality"})

    def words(n_gate: int, n_mixed: int, n_food: int) -> set[str]:
        texts = (LOCKER * 2)[:n_gate] + ["丰巢旁边的饭菜很好吃"] * n_mixed + ["饭菜很好吃"] * n_food
        return learned_words(texts, [gate] * n_gate + [food] * (n_mixed + n_food), "facilities")

    assert words(8, 0, 8) == {"丰巢"}  # 8 of 8: bound 0.75 >= 0.7
    assert learn_words(LOCKER + ["饭菜很好吃"] * 8, [gate] * 8 + [food] * 8, TermMatcher({}))[
        "facilities"
    ] == [("丰巢", 8, 1.0)]
    assert words(2, 0, 8) == set()  # support 2 < 3
    assert words(3, 0, 8) == set()  # 3 of 3: bound 0.53, chance cannot be ruled out
    assert words(8, 4, 4) == set()  # 8 of 12 hold it with the aspect: precision 0.67
    # most items about one aspect: no common word can rise 20 points above its 89% share
    assert words(16, 0, 2) == set()
    known = TermMatcher({"丰巢": ("facilities",)})
    texts, labels = LOCKER + ["饭菜很好吃"] * 8, [gate] * 8 + [food] * 8
    # a word the lexicon has stays as it is, and so do words in which it finds the aspect (丰巢刷)
    assert learned_words(texts, labels, "facilities", known) == set()
    assert learned_words(texts, labels, "quality", known) == {"饭菜", "好吃"}


def test_names_jieba_does_not_know_are_learned_whole() -> None:
    # 梯控卡 (a lift-access card) is cut 梯/控/卡 and 苏康码 苏/康/码: runs of tokens make them
    # candidates; of the nested runs that pass, the one a matcher needs is kept
    lift, code, wait = frozenset({"facilities"}), frozenset({"digital"}), frozenset({"timeliness"})
    card = [
        "梯控卡刷不开",
        "新发的梯控卡没反应",
        "梯控卡又失灵了",
        "二期的梯控卡坏了",
        "梯控卡消磁",
        "补办梯控卡要等一周",
        "梯控卡只能到一楼",
    ]
    health = [
        "苏康码显示异常",
        "苏康码打不开",
        "苏康码一直转圈",
        "苏康码变黄了",
        "扫苏康码闪退",
        "苏康码加载不出来",
        "苏康码登录失败",
    ]
    waits = ["排队等了两个小时", "等了很久没人理", "电话一直打不通"] * 2
    texts = card + health + waits
    labels = [lift] * len(card) + [code] * len(health) + [wait] * len(waits)
    assert learned_words(texts, labels, "facilities") == {"梯控卡"}  # not 梯控, 控卡
    assert learned_words(texts, labels, "digital") == {"苏康码"}
    # when people also say the shorter name, it is kept and the longer one is redundant
    also = ["梯控坏了", "梯控不识别", "梯控一直不好用"]
    assert learned_words(also + texts, [lift] * 3 + labels, "facilities") == {"梯控"}
    assert learned_words(texts, labels, "timeliness") == set()  # 打不通 etc. are lexicon rows
    # a word found only inside a lexicon term there is not counted: 申办 within 随申办 would fire
    # on every other 申办 (to apply) and never on 随申办, which the longer term takes first
    app = [t.replace("苏康码", "随申办") for t in health]
    lexicon = TermMatcher({"随申办": ("digital",)})
    assert learned_words(app + texts, [code] * 7 + labels, "digital") == {"随申办", "苏康码"}
    assert learned_words(app + texts, [code] * 7 + labels, "digital", lexicon) == {"苏康码"}


def test_english_names_of_two_words_are_learned_whole() -> None:
    lockers = frozenset({"facilities"})
    wait = frozenset({"timeliness"})
    hive = [
        "The hive box at block 3 never opens",
        "hive box rejected my code again",
        "Our hive box has been broken for days",
        "Can someone fix the hive box",
        "the hive box screen is blank",
        "hive box keeps eating parcels",
        "no power to the hive box since Monday",
    ]
    waits = ["I waited two hours", "still waiting for a reply", "on hold forever"] * 3
    labels = [lockers] * len(hive) + [wait] * len(waits)
    # "hive" and "box" appear only together: the pair is the name; "app" is no part of "apple"
    assert learned_words(hive + waits, labels, "facilities") == {"hive box"}
    from cxloop.text.training.organisation_aspects import candidate_words

    assert "block 3" not in candidate_words(hive[0])  # a number is no word of a name


def test_runs_holding_a_function_word_are_no_candidates() -> None:
    from cxloop.text.training.organisation_aspects import candidate_words

    words = candidate_words("小区的丰巢又坏了")
    assert "丰巢" in words
    assert not {w for w in words if "的" in w}  # 小区的丰 names nothing


def test_learned_words_improve_detection_on_held_out_real_reviews(
    text_data: Path, tmp_path: Path
) -> None:
    # the restaurant aspect data as one organisation's labelled feedback: words are learned on 80%
    # and the held-out 20% decides (restaurant reviews; the bundled lexicon was not tuned on them)
    from cxloop.text.training import datasets

    rows = [(r.text, ";".join(sorted(r.aspects))) for r in datasets.restaurant_aspects(text_data)]
    report = train_organisation_model(
        write_rows(tmp_path / "r.csv", [r for r in rows if r[1]]), tmp_path / "org"
    )
    assert isinstance(report, AspectTrainReport)
    assert report.candidate.micro_f1 > report.current.micro_f1
    assert report.activated
    learned = {w for words in report.learned.values() for w, _, _ in words}
    assert 5 <= len(learned) <= 100


def test_aspect_labels_parse_with_any_separator_and_refuse_other_words() -> None:
    assert aspect_label_set("timeliness; Attitude") == frozenset({"timeliness", "attitude"})
    assert aspect_label_set("price，quality") == frozenset({"price", "quality"})
    assert aspect_label_set("None") == frozenset()  # people said: about no aspect
    assert aspect_label_set("negative") is None
    assert aspect_label_set("timeliness;waiting") is None
    assert aspect_label_set("none;price") is None


def test_items_people_said_are_about_no_aspect_keep_their_words_from_being_learned(
    tmp_path: Path,
) -> None:
    from cxloop.text.training.organisation_aspects import read_aspect_labelled

    gate = [(t, "facilities") for t in LOCKER]
    food = [(f"饭菜很好吃{i}", "quality") for i in range(8)]
    said_none = [(f"{i}号楼的丰巢挺好", "none") for i in range(8)]

    def learned(rows: list[tuple[str, str]]) -> set[str]:
        parsed = read_aspect_labelled(write_rows(tmp_path / "a.csv", rows), "text", "label")
        assert parsed is not None and len(parsed[0]) == len(rows)
        return {w for w, _, _ in learn_words(*parsed, TermMatcher({})).get("facilities", [])}

    assert "丰巢" in learned(gate + food)
    assert "丰巢" not in learned(gate + food + said_none)  # 8 of 16 items with it: 0.5


def test_a_bad_aspect_label_names_its_line_and_column(tmp_path: Path) -> None:
    rows = [(t, "facilities") for t in GATE] + [("服务很好", "waiting")] + OTHERS
    with pytest.raises(InputError) as err:
        train_organisation_model(write_rows(tmp_path / "bad.csv", rows), tmp_path / "org")
    assert err.value.line == len(GATE) + 2  # the header is line 1
    assert err.value.column == "label"


def test_the_cli_prints_the_aspect_evaluation(tmp_path: Path) -> None:
    org = tmp_path / "org"
    args = ["text", "train", "--data", str(labelled(tmp_path)), "--output-dir", str(org)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "(aspects)" in result.output
    assert "丰巢" in result.output
    assert "ACTIVE" in result.output


def test_rows_of_the_same_text_are_one_item_with_all_their_labels(tmp_path: Path) -> None:
    from cxloop.text.training.organisation_aspects import read_aspect_labelled

    rows = [("丰巢刷不开，等了很久", "facilities"), ("丰巢刷不开，等了很久", "timeliness")]
    parsed = read_aspect_labelled(write_rows(tmp_path / "dup.csv", rows), "text", "label")
    assert parsed == (["丰巢刷不开，等了很久"], [frozenset({"facilities", "timeliness"})])
    sentiment = write_rows(tmp_path / "s.csv", [("很好", "positive")])
    assert read_aspect_labelled(sentiment, "text", "label") is None
