"""What the pages and the PDF show of a review: the items by section in the user's
language, with the scores, notes, measured values and what each score means."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from tyopolku.fidelity.items import ITEMS, SECTIONS, Item, language_of
from tyopolku.fidelity.models import Band, ItemScore, Review


@dataclass(frozen=True)
class Row:
    item: Item
    title: str
    goal: str
    meanings: dict[int, str]
    score: int | None = None
    notes: str = ""
    measured_value: Decimal | None = None
    suggested_score: int | None = None
    unit: str = ""

    @property
    def differs(self) -> bool:
        """The reviewer's score is not the one the records suggested."""
        return None not in (self.score, self.suggested_score) and self.score != self.suggested_score


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    rows: list[Row]


def sections(scores: dict[str, ItemScore] | None = None) -> list[Section]:
    lang = language_of(translation.get_language())
    scores = scores or {}
    result: dict[str, Section] = {}
    for item in ITEMS:
        saved = scores.get(item.code)
        row = Row(
            item=item,
            title=item.title_in(lang),
            goal=item.goal_in(lang),
            meanings=item.meanings(lang),
            score=saved.score if saved else None,
            notes=saved.notes if saved else "",
            measured_value=saved.measured_value if saved else None,
            suggested_score=saved.suggested_score if saved else None,
            unit=item.thresholds.unit[lang] if item.thresholds else "",
        )
        section = result.setdefault(
            item.section, Section(item.section, SECTIONS[item.section][lang], [])
        )
        section.rows.append(row)
    return list(result.values())


def item_titles() -> dict[str, str]:
    lang = language_of(translation.get_language())
    return {item.code: f"{item.number}. {item.title_in(lang)}" for item in ITEMS}


def review_context(review: Review) -> dict:
    titles = item_titles()
    actions = [(a, titles.get(a.code, a.code)) for a in review.actions.all()]
    return {
        "review": review,
        "sections": sections({s.code: s for s in review.scores.all()}),
        "band_label": Band(review.band).label if review.band else "",
        "reviewers": list(review.reviewers.all()),
        "actions": actions,
    }
