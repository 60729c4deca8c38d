"""Japanese display names for labels and next steps (plain text output, UI hints)."""

from __future__ import annotations

from kamitaiou.analysis.model import Label, NextStep

LABEL_JA: dict[Label, str] = {
    Label.LEGAL_THREAT: "法的措置の示唆",
    Label.DAMAGES_CLAIM: "損害賠償の要求",
    Label.SNS_EXPOSURE: "SNS・口コミでの暴露",
    Label.VIOLENCE_THREAT: "暴力の示唆",
    Label.ABUSE: "暴言・人格否定",
    Label.INTIMIDATION: "威圧・脅し",
    Label.DOGEZA_DEMAND: "土下座の要求",
    Label.PROLONGED_BINDING: "長時間拘束・居座り",
    Label.DEADLINE: "期限",
    Label.REFUND: "返金",
    Label.REPLACEMENT: "交換・作り直し",
    Label.DISCOUNT: "値引き",
    Label.COMPENSATION: "補償・迷惑料",
    Label.VISIT: "訪問の要求",
    Label.CANCEL: "解約・取引停止",
    Label.ESCALATE_TO_MANAGER: "上席への交代要求",
    Label.SPECIAL_TREATMENT: "特別対応の要望",
    Label.TAX_EVASION: "脱税につながる依頼",
    Label.FALSIFICATION: "書類改ざんの依頼",
    Label.CUSTOMER_MISTAKE: "お客様側のミス",
    Label.BAD_TIMING: "タイミング（災害・在庫切れ・障害）",
    Label.RELIANCE: "頼られている",
}

NEXT_STEP_JA: dict[NextStep, str] = {
    NextStep.PROTECT_STAFF: "スタッフを守る（カスハラ対応：警告し、対応を終え、上長へ）",
    NextStep.HAND_TO_SUPERVISOR: "早めに上長へ報告し、案件を引き継ぐ",
    NextStep.REFUSE_WITH_REASON: "法令・ルールに反する依頼は理由を添えてお断りする",
    NextStep.CALM_FIRST: "まずお気持ちを落ち着けていただく",
    NextStep.REASSURE: "ご不安を取り除く（安心）",
    NextStep.EMPATHIZE_FIRST: "まず気持ちに寄り添う（正論は後で）",
    NextStep.ASSESS_FEASIBILITY: "実現可能性・リスク・メリットを比較検討する",
    NextStep.HEAR_THE_CUSTOMER: "ヒアリングで問題を引き出す",
    NextStep.ANSWER_INQUIRY: "お問い合わせ・ご依頼に正確にお答えし、ご理解を確認する",
    NextStep.THANK_AND_FOLLOW_UP: "お礼を伝え、アフターフォローへ",
}
