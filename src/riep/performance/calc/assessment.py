"""The self-assessment report: strengths and weaknesses by element, and the change since last year."""
from __future__ import annotations

from dataclasses import dataclass

GREEN, AMBER, RED = "green", "amber", "red"
SCORE = {RED: 0, AMBER: 1, GREEN: 2}


@dataclass(frozen=True)
class Answer:
    question: str
    element: str
    rating: str  # green / amber / red
    evidence: str = ""


@dataclass(frozen=True)
class ElementSummary:
    element: str
    green: int
    amber: int
    red: int

    @property
    def verdict(self) -> str:
        """A strength when most answers are green and none red; a weakness when any is red or most are not green."""
        total = self.green + self.amber + self.red
        if self.red == 0 and self.green * 2 > total:
            return "strength"
        if self.red > 0 or self.amber * 2 > total:
            return "weakness"
        return "mixed"


def by_element(answers: list[Answer], element_order: list[str]) -> list[ElementSummary]:
    out = []
    for element in element_order:
        mine = [a for a in answers if a.element == element]
        out.append(ElementSummary(element, *(sum(a.rating == r for a in mine) for r in (GREEN, AMBER, RED))))
    return out


def movement(this_year: str | None, last_year: str | None) -> str:
    """"better", "worse", "same", "new" (no answer last year) or "" (not answered this year)."""
    if this_year is None:
        return ""
    if last_year is None:
        return "new"
    change = SCORE[this_year] - SCORE[last_year]
    return "better" if change > 0 else "worse" if change < 0 else "same"
