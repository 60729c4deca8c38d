"""The Japanese reason (citing METHOD.md) and default suggestion of every finding code."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from kamitaiou.method.coach.model import FindingCode as C

#: §7-3, the method's own way of taking the initiative
INITIATIVE_PHRASE = "大変恐縮ですが、これだけは言わせて下さい。"
SAME_DIRECTION_EXAMPLE = "これからも一緒に、より良い形を作らせていただけませんでしょうか。"
APOLOGY_EXAMPLE = "このたびはご迷惑をおかけし、誠に申し訳ございません。"
PERSONA_EXAMPLE = "ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?"
ESCALATION_EXAMPLE = (
    "法的手段をお考えとのこと、承知いたしました。責任者に申し伝え、改めてご連絡いたします。"
)

REASONS_JA: Mapping[C, str] = MappingProxyType(
    {
        C.PARTIAL_DENIAL: "§7-1 まず100%受け入れる: 部分否定・言い訳は禁物です",
        C.EXCUSE: "§7-1 まず100%受け入れる: 言い訳は禁物です",
        C.PREMATURE_RULE: (
            "§5.1 まず気持ちに寄り添う: この段階で正論（規約・契約・決まり）は言いません"
        ),
        C.LITIGATION_ENCOURAGED: (
            "§9.5 訴訟を促さない: 法的手段をとるかはお客様ご自身の判断です。上長へ早めに報告を"
        ),
        C.IMPOSSIBLE_PROMISE: (
            "§5.3 責任の範囲を確定する前に、できるかわからないことを約束しません"
        ),
        C.UNAPPROVED_SPECIAL: (
            "§9.1 特別対応には理由と上長の承認が必要で"
            "す（「本当にこの対応はお客様のためになるか?」）"
        ),
        C.MULTIPLE_CLAIMS: "§7-4 主張は一つだけ: 二つ目からは言い訳や反論に聞こえます",
        C.CLAIM_TOO_DETAILED: "§7-4 主張は抽象的に: 数字・日付・条項などの細部は入れません",
        C.CLAIM_TOO_LONG: "§7-4 主張は10秒以内（約{limit}文字）: この主張は約{length}文字です",
        C.CLAIM_LOGIC_HEAVY: "§7-4 論理3割・感情7割: この主張は論理{logic}・感情{emotion}です",
        C.MISSING_INITIATIVE: f"§7-3 主張の前に「{INITIATIVE_PHRASE}」で主導権を取ります",
        C.MISSING_SAME_DIRECTION: "§7-5 同じベクトル: 最後は一緒に前へ進む提案で締めくくります",
        C.MISSING_APOLOGY: "§6-3 当社に非がある点は、まず心からお詫びします",
        C.COMMAND_TONE: "§6 まず落ち着いていただく: 怒っているお客様に命令口調は逆効果です",
        C.BLAME_CUSTOMER: (
            "§4-1(a)・§7-1 お客様を責める言い方は共感の欠如となり、クレームを大きくします"
        ),
        C.COLD_FORMALITY: "§5.1 規定だけを告げる冷たい定型文は避け、まずお気持ちへの共感を添えます",
        C.LONG_SENTENCE: (
            "§6 怒っているお客様には短い文で（{limit}文字以内）: この文は{length}文字です"
        ),
        C.VAGUE_REFERRAL: (
            "§10.4 紹介は具体的な人物像でお願いします: 「どなたか」「お知り合い」では、"
            "お客様は紹介する相手を思い浮かべられません"
        ),
    }
)

SUGGESTIONS_JA: Mapping[C, str] = MappingProxyType(
    {
        C.PARTIAL_DENIAL: (
            "否定せず「ごもっともでございます。」と受け止め、説明は落ち着かれてからにします。"
        ),
        C.EXCUSE: "理由の説明はせず「ご不便をおかけし、誠に申し訳ございません。」と受け止めます。",
        C.PREMATURE_RULE: (
            "規約の話は後にし、「お急ぎのご事情、よくわかります。」とまずお気持ちに寄り添います。"
        ),
        C.LITIGATION_ENCOURAGED: ESCALATION_EXAMPLE,
        C.IMPOSSIBLE_PROMISE: (
            "「ご希望に沿えるよう、全力で検討いたします。」"
            "とし、約束は責任の範囲を確定してからにします。"
        ),
        C.UNAPPROVED_SPECIAL: (
            "「上長に確認のうえ、改めてご連絡いたします。」とし、承認を得てからお伝えします。"
        ),
        C.MULTIPLE_CLAIMS: "最初の主張だけを残し、ほかの文は削ります。",
        C.CLAIM_TOO_DETAILED: (
            "細部は後の説明に回し、「○○様に心から安心して"
            "いただきたいのです。」のように抽象的に言います。"
        ),
        C.CLAIM_TOO_LONG: "一息で言える長さ（約{limit}文字）に縮めます。",
        C.CLAIM_LOGIC_HEAVY: (
            "理屈を減らし、「大切」「信頼」「一緒に」など気持ちの言葉を中心にします。"
        ),
        C.MISSING_INITIATIVE: f"主張の前に「{INITIATIVE_PHRASE}」を添えます。",
        C.MISSING_SAME_DIRECTION: f"最後に「{SAME_DIRECTION_EXAMPLE}」のような一文を添えます。",
        C.MISSING_APOLOGY: f"冒頭に「{APOLOGY_EXAMPLE}」を添えます。",
        C.COMMAND_TONE: "「〜していただけますでしょうか」とお願いの形にします。",
        C.BLAME_CUSTOMER: (
            "責任の話は後にし、「私どものご説明が足りず、申し訳ございません。」とします。"
        ),
        C.COLD_FORMALITY: (
            "「ご不便をおかけし申し訳ございません。」と共感の一言を添えてから説明します。"
        ),
        C.LONG_SENTENCE: "二つか三つの文に分けます。",
        C.VAGUE_REFERRAL: (
            f"どんなことでお困りの、どんな方かを描きます（例: 「{PERSONA_EXAMPLE}」）。"
        ),
    }
)
