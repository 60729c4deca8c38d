"""Is a referral persona concrete? (METHOD.md §10.4)

Asking a satisfied customer 「誰か紹介してください」 gets nobody: the customer cannot
picture anyone. The method asks for a **concrete persona** — who, troubled by what —
e.g. 「ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?」.

``check_persona`` judges a persona with three plain tests, in this order:

1. it names a person (方・人・様・会社・オーナー・社員 …; 誰か or 知り合い count as a
   person, but they say nothing about *which* person);
2. it names a trouble or a need (悩み・困りごと・疲れ・痛み・不便・手間・〜したい …);
3. the trouble has content: once the vague words (誰か・どなたか・知り合い・友人), the
   request phrases (ご紹介ください・いらっしゃいませんか), the generic trouble words
   (お困り・お悩み・不安) and the person words are taken out, at least
   ``MIN_DETAIL_CHARS`` characters of kanji, katakana or latin letters remain
   (「目の疲れ」, 「コピー機の紙詰まり」, 「電気代」).

It is a deliberate heuristic, not a parser: it is meant to stop the vague request, not
to grade good ones. The reply coach (drafts) and the after-follow guard both call it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: at least this many content characters must describe the trouble
MIN_DETAIL_CHARS = 2

EXAMPLE = "「ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?」"

#: Words that stand for "anyone": they are people, but no particular kind of person.
VAGUE_PEOPLE: tuple[str, ...] = (
    "どなたか",
    "どなたでも",
    "どなた",
    "だれか",
    "誰か",
    "誰でも",
    "誰",
    "お知り合い",
    "知り合い",
    "しりあい",
    "知人",
    "ご友人",
    "友人",
    "お友達",
    "お友だち",
    "友達",
    "友だち",
    "周りの方",
    "周りの人",
    "まわりの方",
    "周囲の方",
    "身近な方",
    "身近な人",
    "皆様",
    "皆さん",
    "みなさん",
    "方々",
)

#: Request phrases and filler that carry no description of the person.
REQUEST_PHRASES: tuple[str, ...] = (
    "ご紹介",
    "紹介",
    "ご存じ",
    "ご存知",
    "存じ",
    "お願い",
    "願い",
    "いらっしゃ",
    "いませんか",
    "おりませんか",
    "ありませんか",
    "ください",
    "下さい",
    "いただけ",
    "頂け",
    "何か",
    "なにか",
    "何で",
    "何でも",
    "色々",
    "様々",
    "同じ",
    "同様",
    "他に",
    "ほかに",
    "一人",
    "お一人",
    "是非",
    "ぜひ",
    "気軽",
    "良い",
    "いい",
    "素敵",
    "本当",
    "興味",
    "関心",
    "必要",
    "検討",
)

#: Kinds of people and organisations (who).
PERSON_WORDS: tuple[str, ...] = (
    "会社員",
    "会社",
    "企業",
    "法人",
    "御社",
    "貴社",
    "社長",
    "経営者",
    "オーナー",
    "店長",
    "お店",
    "店舗",
    "店",
    "事務所",
    "オフィス",
    "ご家庭",
    "家庭",
    "ご家族",
    "家族",
    "世帯",
    "社員",
    "職員",
    "従業員",
    "スタッフ",
    "担当者",
    "担当",
    "学生",
    "主婦",
    "主夫",
    "シニア",
    "高齢",
    "ご両親",
    "親御さん",
    "先生",
    "医師",
    "病院",
    "クリニック",
    "施設",
    "工場",
    "農家",
    "ドライバー",
    "エンジニア",
    "デザイナー",
    "フリーランス",
    "ワーカー",
    "ご夫婦",
    "夫婦",
    "ママ",
    "パパ",
    "さん",
    "さま",
    "様",
    "方",
    "人",
    "者",
    "員",
)

#: Words that name a trouble or a need (what). Generic ones say that there is a
#: trouble but not which; specific ones also describe it.
GENERIC_TROUBLE: tuple[str, ...] = (
    "お困り",
    "困って",
    "困ってる",
    "困る",
    "困り",
    "困",
    "お悩み",
    "悩んで",
    "悩む",
    "悩み",
    "悩ま",
    "悩",
    "ご不安",
    "不安",
    "ご心配",
    "心配",
    "不満",
    "大変",
    "たいへん",
    "課題",
    "お探し",
    "探して",
    "探す",
    "探",
)
SPECIFIC_TROUBLE = re.compile(
    "疲れ|痛|不便|負担|手間|苦労|苦手|トラブル|故障|不具合|ストレス|面倒|困難|不足|足りな"
    "|追われ|詰まり|ほしい|欲しい|たい(?!へん|せつ|てい|した|して|かん)"
)
_GENERIC_TROUBLE = re.compile("|".join(map(re.escape, GENERIC_TROUBLE)))
#: The person words that say nothing about which person (「お知り合いの方」).
GENERIC_PEOPLE: tuple[str, ...] = ("さん", "さま", "様", "方", "人", "者")
_PERSON = re.compile("|".join(map(re.escape, (*PERSON_WORDS, *VAGUE_PEOPLE))))
_CONTENT = re.compile(r"[\u3400-\u9fff\u30a1-\u30fa\u30fc0-9a-z]")


@dataclass(frozen=True, slots=True)
class PersonaCheck:
    """What ``check_persona`` found. ``problem_ja`` is ``None`` for a concrete persona."""

    names_person: bool
    names_trouble: bool
    detail: str
    problem_ja: str | None

    @property
    def is_concrete(self) -> bool:
        """True when the persona says who and with what trouble."""
        return self.problem_ja is None


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _strip(text: str, words: tuple[str, ...]) -> str:
    # Longest first, so 「お知り合い」 goes before 「知り合い」 leaves an 「お」.
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(unicodedata.normalize("NFKC", word).casefold(), "・")
    return text


def check_persona(text: str) -> PersonaCheck:
    """Judge whether ``text`` names a concrete referral persona (§10.4).

    >>> check_persona("目の疲れでお悩みの方").is_concrete
    True
    >>> check_persona("誰か紹介してください").problem_ja is not None
    True
    """
    folded = _fold(text)
    if not folded:
        empty = f"紹介をお願いする相手を具体的に描いてください（例: {EXAMPLE}）。"
        return PersonaCheck(False, False, "", empty)
    names_person = _PERSON.search(folded) is not None
    specific = SPECIFIC_TROUBLE.search(folded) is not None
    names_trouble = specific or _GENERIC_TROUBLE.search(folded) is not None
    rest = _strip(folded, (*VAGUE_PEOPLE, *REQUEST_PHRASES, *PERSON_WORDS, *GENERIC_TROUBLE))
    detail = "".join(_CONTENT.findall(rest))
    problem = _problem(
        folded, names_person=names_person, names_trouble=names_trouble, detail=detail
    )
    return PersonaCheck(names_person, names_trouble, detail, problem)


def _problem(folded: str, *, names_person: bool, names_trouble: bool, detail: str) -> str | None:
    only_vague = not _CONTENT.findall(
        _strip(folded, (*VAGUE_PEOPLE, *REQUEST_PHRASES, *GENERIC_PEOPLE))
    )
    if only_vague:
        return (
            "「誰か」「知り合い」のような頼み方では、お客様は紹介する相手を思い浮かべられません。"
            f"どんなことでお困りの、どんな方かを書いてください（例: {EXAMPLE}）。"
        )
    if not names_trouble:
        return (
            "どんなことでお困りの方か（悩み・困りごと・望み）が書かれていません。"
            f"お客様が思い浮かべられるように書いてください（例: {EXAMPLE}）。"
        )
    if len(detail) < MIN_DETAIL_CHARS:
        return (
            "「お困りの方」だけでは、何にお困りの方かが分かりません。"
            "困りごとの中身を書いてください（例: 「目の疲れ」「コピー機の紙詰まり」「電気代」）。"
        )
    if not names_person:
        return (
            "どんな方かが書かれていません"
            "（例: 「在宅勤務の方」「飲食店のオーナー様」「総務のご担当者」）。"
        )
    return None


def persona_problem(text: str) -> str | None:
    """The Japanese reason ``text`` is not a concrete persona, or ``None`` when it is."""
    return check_persona(text).problem_ja


def is_concrete_persona(text: str) -> bool:
    """True when ``text`` names a kind of person and a trouble or need (§10.4)."""
    return check_persona(text).is_concrete
