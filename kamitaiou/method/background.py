"""Why the demand came — the background staff should see (METHOD.md §3, 背景を探る).

Seeing the background lets staff empathise instead of arguing. The analyzer emits the
broad labels ``customer_mistake``, ``bad_timing`` and ``reliance`` (「君なら何とかしてくれると
思って」「あなたにしか頼めない」); staff may refine the first two to a sub-kind (forgot to
order, out of stock …).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType


class BackgroundCategory(StrEnum):
    """The three backgrounds of §3."""

    CUSTOMER_MISTAKE = "customer_mistake"
    BAD_TIMING = "bad_timing"
    RELIANCE = "reliance"


class BackgroundKind(StrEnum):
    """A background: a broad category or one of its sub-kinds (§3.1–3.3)."""

    CUSTOMER_MISTAKE = "customer_mistake"
    FORGOT_ORDER = "forgot_order"
    SPEC_MISMATCH = "spec_mismatch"
    UNAWARE_OF_RULES = "unaware_of_rules"
    CUSTOMER_SIDE_TROUBLE = "customer_side_trouble"
    BAD_TIMING = "bad_timing"
    DISASTER = "disaster"
    OUT_OF_STOCK = "out_of_stock"
    SYSTEM_TROUBLE = "system_trouble"
    RELIANCE = "reliance"

    @property
    def category(self) -> BackgroundCategory:
        """The §3 category this background belongs to."""
        return BACKGROUND_CATEGORIES[self]

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return BACKGROUND_LABELS_JA[self]


_M = BackgroundCategory.CUSTOMER_MISTAKE
_T = BackgroundCategory.BAD_TIMING

BACKGROUND_CATEGORIES: Mapping[BackgroundKind, BackgroundCategory] = MappingProxyType(
    {
        BackgroundKind.CUSTOMER_MISTAKE: _M,
        BackgroundKind.FORGOT_ORDER: _M,
        BackgroundKind.SPEC_MISMATCH: _M,
        BackgroundKind.UNAWARE_OF_RULES: _M,
        BackgroundKind.CUSTOMER_SIDE_TROUBLE: _M,
        BackgroundKind.BAD_TIMING: _T,
        BackgroundKind.DISASTER: _T,
        BackgroundKind.OUT_OF_STOCK: _T,
        BackgroundKind.SYSTEM_TROUBLE: _T,
        BackgroundKind.RELIANCE: BackgroundCategory.RELIANCE,
    }
)

BACKGROUND_LABELS_JA: Mapping[BackgroundKind, str] = MappingProxyType(
    {
        BackgroundKind.CUSTOMER_MISTAKE: "お客さんのミス",
        BackgroundKind.FORGOT_ORDER: "発注忘れ",
        BackgroundKind.SPEC_MISMATCH: "寸法・仕様の確認不足",
        BackgroundKind.UNAWARE_OF_RULES: "法律・ルール・契約を知らなかった",
        BackgroundKind.CUSTOMER_SIDE_TROUBLE: "お客様側のトラブル",
        BackgroundKind.BAD_TIMING: "タイミング",
        BackgroundKind.DISASTER: "自然災害（地震・大雨・大雪・台風）",
        BackgroundKind.OUT_OF_STOCK: "在庫切れ",
        BackgroundKind.SYSTEM_TROUBLE: "システムトラブル",
        BackgroundKind.RELIANCE: "頼られている",
    }
)

EMPATHY_HINTS_JA: Mapping[BackgroundKind, str] = MappingProxyType(
    {
        BackgroundKind.CUSTOMER_MISTAKE: (
            "お客様ご自身のミスが背景にあるかもしれません。責めずに、"
            "お困りのお気持ちに寄り添いましょう（「それはお困りですよね」）。"
        ),
        BackgroundKind.FORGOT_ORDER: (
            "発注を忘れていたため、社内で追い詰められているのかもしれません。"
            "無理な納期の裏にある焦りを受け止めましょう。"
        ),
        BackgroundKind.SPEC_MISMATCH: (
            "寸法・仕様の確認不足で、お客様は社内で責任を問われているかもしれません。"
            "責めずに、一緒に現状を整理しましょう。"
        ),
        BackgroundKind.UNAWARE_OF_RULES: (
            "法律・ルール・契約の内容をご存じなかったのかもしれません。"
            "正論で指摘する前に、知らなかったことへの戸惑いに寄り添いましょう。"
        ),
        BackgroundKind.CUSTOMER_SIDE_TROUBLE: (
            "お客様側のトラブルを解決してほしいというご要望です。"
            "頼っていただいたことに感謝しつつ、責任の範囲を丁寧に確認しましょう。"
        ),
        BackgroundKind.BAD_TIMING: (
            "誰のせいでもない、タイミングの悪さが重なっています。"
            "お客様の不安に寄り添い、見通しをお伝えしましょう。"
        ),
        BackgroundKind.DISASTER: (
            "地震・大雨・大雪・台風などで物流が乱れています。"
            "お客様の不安に寄り添い、見通しをこまめにお伝えしましょう。"
        ),
        BackgroundKind.OUT_OF_STOCK: (
            "在庫切れでお客様のご予定が崩れています。"
            "代替品や入荷の見込みを一緒に探す姿勢を示しましょう。"
        ),
        BackgroundKind.SYSTEM_TROUBLE: (
            "システムトラブルで業務が止まり、お客様は焦っておられます。"
            "復旧の見通しと、今すぐできることをお伝えしましょう。"
        ),
        BackgroundKind.RELIANCE: (
            "あなたを信頼しているからこそのご依頼です。その信頼に感謝を伝え、"
            "できること・できないことを誠実にお伝えしましょう。"
        ),
    }
)


def empathy_hint(background: BackgroundKind) -> str:
    """Return a Japanese hint for empathising with a customer whose demand has this background."""
    return EMPATHY_HINTS_JA[background]


def background_from_labels(labels: Iterable[str]) -> list[BackgroundKind]:
    """Return the backgrounds named by analyzer labels, in first-seen order, once each.

    Labels that are not backgrounds (``deadline``, ``abuse`` …) are ignored.
    """
    known = {kind.value: kind for kind in BackgroundKind}
    found = [known[label] for label in labels if label in known]
    return list(dict.fromkeys(found))
