"""One pass over a draft: what every rule needs, and how a rule builds its findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kamitaiou.method.coach.messages import REASONS_JA, SUGGESTIONS_JA
from kamitaiou.method.coach.model import (
    CoachContext,
    CoachSettings,
    Finding,
    FindingCode,
    make_finding,
)
from kamitaiou.method.coach.phrasebook import Phrasebook
from kamitaiou.method.coach.text import Sentence
from kamitaiou.method.stages import CaseKind, Stage


@dataclass(frozen=True, slots=True, kw_only=True)
class Scan:
    """The draft and everything known about it while the rules run."""

    draft: str
    kind: CaseKind
    stage: Stage
    context: CoachContext
    settings: CoachSettings
    book: Phrasebook
    sentences: tuple[Sentence, ...]
    #: span of 「大変恐縮ですが、これだけは言わせて下さい。」 when the draft has it
    opener: tuple[int, int] | None

    def finding(
        self,
        code: FindingCode,
        *,
        start: int,
        end: int,
        replacement: str | None = None,
        suggestion: str | None = None,
        whole_draft: bool = False,
        **numbers: int | str,
    ) -> Finding:
        """Build a finding with the code's reason and suggestion (``numbers`` fill {…})."""
        return make_finding(
            self.draft,
            code,
            start=start,
            end=end,
            reason_ja=REASONS_JA[code].format(**numbers),
            suggestion_ja=suggestion or SUGGESTIONS_JA[code].format(**numbers),
            replacement=replacement,
            whole_draft=whole_draft,
        )

    def whole(self, code: FindingCode) -> Finding:
        """Build a finding about the draft as a whole (a move that is missing)."""
        return self.finding(code, start=0, end=len(self.draft), whole_draft=True)

    def sentence_at(self, pos: int) -> Sentence:
        """Return the sentence containing offset ``pos`` (the last one if past the end)."""
        for sentence in self.sentences:
            if pos < sentence.end:
                return sentence
        return self.sentences[-1]

    def phrase_findings(
        self,
        rule: str,
        code: FindingCode,
        *,
        end: int | None = None,
        keep: Callable[[int, int], bool] | None = None,
    ) -> list[Finding]:
        """Flag every match of phrase rule ``rule`` in ``draft[:end]`` (that ``keep`` accepts)."""
        limit = len(self.draft) if end is None else end
        found: list[Finding] = []
        for phrase in self.book.rule(rule):
            for match in phrase.pattern.finditer(self.draft, 0, limit):
                if match.end() == match.start():
                    continue
                if keep is not None and not keep(match.start(), match.end()):
                    continue
                found.append(
                    self.finding(
                        code,
                        start=match.start(),
                        end=match.end(),
                        replacement=phrase.replacement,
                        suggestion=phrase.suggestion,
                    )
                )
        return found
