"""What staff should do in each stage, in the practitioners' words (METHOD.md §5–§10).

The case page shows ``stage_guidance(kind, stage)`` next to the buttons, so the method
is in front of the person at the moment it matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from kamitaiou.method.stages import CaseKind, Stage

#: §5.4 model progress report
PROGRESS_REPORT_EXAMPLE = "現在○○まで進んでおります。予定より順調でございます。"
#: §7.3 taking the initiative once the customer has calmed down
INITIATIVE_PHRASE = "大変恐縮ですが、これだけは言わせて下さい。"
#: §10.2 the satisfaction question
SATISFACTION_QUESTION = "サービスはご満足いただけましたでしょうか? 何か問題点はございましたか?"

_C = CaseKind.COMPLAINT
_U = CaseKind.UNREASONABLE_DEMAND
_S = CaseKind.SPECIAL_REQUEST
_A = CaseKind.AFTER_FOLLOW

_CLOSED = "対応は完了しています。結果（エンディング・4つの影響・信頼度）を振り返りましょう。"

STAGE_GUIDANCE_JA: Mapping[tuple[CaseKind, Stage], str] = MappingProxyType(
    {
        (_C, Stage.RECEIVED): "できるだけ早く応対してください。遅れるほど感情は爆発します。",
        (_C, Stage.CALMING): (
            "まずお客様のお気持ちを100%受け止めます。部分的な否定や言い訳"
            "（「いや、その部分に関しては~」）は禁物です。"
        ),
        (_C, Stage.HEARING): (
            "問題を引き出します。落ち着かれたら「" + INITIATIVE_PHRASE + "」と主導権を取り、"
            "主張は一つだけ、10秒（約50文字）以内で。"
        ),
        (_C, Stage.APOLOGY): "当社に非がある点について、心からお詫びします。",
        (_C, Stage.PROPOSAL): (
            "解決策をご提案し、同意をいただきます。押し付けず、価値・コストダウン（品質を保ったまま）"
            "・安心（再発防止策）というお客様のメリットを示します。"
        ),
        (_C, Stage.AGREED): "ご同意いただいた内容を、約束どおりに実行します。",
        (_C, Stage.EXECUTING): "実行中です。こまめに状況をお伝えしましょう。",
        (_C, Stage.VERIFYING): (
            "状況が改善したかを確かめます。改善していなければヒアリングに戻ります。"
            "どうしても改善できない場合は、その旨を誠実にご説明します。"
        ),
        (_C, Stage.CLOSED): _CLOSED,
        (_C, Stage.CLOSED_UNIMPROVABLE): _CLOSED,
        (_U, Stage.RECEIVED): "まず、お客様のお気持ちに寄り添うところから始めます。",
        (_U, Stage.EMPATHY): (
            "気持ちに寄り添います。この段階で正論（「契約の範囲外なので、対応できません」）"
            "は言いません。なぜこの要望が来たのか、背景を探りましょう。"
        ),
        (_U, Stage.ASSESSMENT): (
            "成功の見込み・失敗した場合のリスク・成功した場合に得られるものを比較検討します。"
            "「お断りするときは、早い方がお客様のため」。"
        ),
        (_U, Stage.SCOPE): (
            "引き受ける前に責任の範囲を明確にします: (a) 現在のトラブルの原因、"
            "(b) 期待に届かない結果になる原因、(c) 付随するトラブルの原因。"
        ),
        (_U, Stage.EXECUTING): (
            "引き受けた要望は「抱えた時限爆弾」です。全力で取り組み、こまめに進捗をお伝えします"
            "（「" + PROGRESS_REPORT_EXAMPLE + "」）。"
        ),
        (
            _U,
            Stage.DECLINED,
        ): "最大限の配慮を込めた言葉でお断りしました。お客様の反応を見守ります。",
        (_U, Stage.CLOSED): _CLOSED,
        (_S, Stage.RECEIVED): "まず、お客様のお気持ちとご要望の背景を伺います。",
        (_S, Stage.EMPATHY): (
            "納得されないことは特別対応の理由になりません。「本当にこの対応はお客様のためになるか?」"
            "を考えます。法律や規則に反するご要望は、どれほど強く求められてもお受けしません。"
        ),
        (_S, Stage.APPROVAL_PENDING): "上長（SV）の承認を待っています。承認には理由が必要です。",
        (_S, Stage.APPROVED): "承認された特別対応を実行します。",
        (_S, Stage.EXECUTING): "実行中です。こまめに状況をお伝えしましょう。",
        (_S, Stage.REFUSED): (
            "できないことを「できる」とは言いません。魔法の言葉はありません。"
            "粘り強く、自信を持ってご説明します。"
        ),
        (_S, Stage.CLOSED): _CLOSED,
        (_A, Stage.SCHEDULE_CONFIRMATION): "訪問の前に、お電話でお客様のご都合を確認します。",
        (_A, Stage.VISIT): "ご契約後の訪問です。まずはお礼と、ご利用状況の確認から。",
        (_A, Stage.SATISFACTION): "「" + SATISFACTION_QUESTION + "」と伺います。",
        (_A, Stage.PROPOSAL): "本当にご満足いただけるサービスだけをご提案します。",
        (_A, Stage.REFERRAL): (
            "「誰か紹介してください」ではなく、具体的な人物像でお願いします（例: 「ディスプレイを"
            "長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?」）。"
        ),
        (_A, Stage.CLOSED): _CLOSED,
    }
)


def stage_guidance(kind: CaseKind, stage: Stage) -> str:
    """Return what to do now in ``stage`` of a ``kind`` case, in Japanese."""
    return STAGE_GUIDANCE_JA[(kind, stage)]
