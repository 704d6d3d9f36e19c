"""Erasing visits' personal fields (PIPL): what a retention purge and a person's request share.

An erased visit keeps its statistics — date, purpose, how many people — and links to no
visitor; a visitor left with no visits goes with their search grams.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from branchdesk.db.models import Escalation, PendingReply, Visit, Visitor, VisitorSearchGram

ERASED_FIELDS = {
    Visit.visitor: None,
    Visit.customer: None,
    Visit.name: "",
    Visit.phone: "",
    Visit.organisation: "",
    Visit.host: "",
    Visit.note: "",
}


@dataclass(frozen=True)
class Erased:
    visits: int
    visitors: int
    replies: int
    escalations: int


def still_personal():
    """Visits that hold something about a person (an erased one keeps none of these)."""
    return Visit.visitor.is_null(False) | (Visit.name != "") | (Visit.phone != "")


def erase_visits(condition) -> Erased:
    """Erase every visit matching ``condition`` that still holds personal fields, the texts of
    their questions and escalations, and visitors left with no visit. Call inside a write
    transaction. Subqueries rather than id lists, so a purge of years stays one statement."""
    chosen = Visit.select(Visit.id).where(condition, still_personal())
    replies = (
        PendingReply.update(question="", answer="").where(PendingReply.visit.in_(chosen)).execute()
    )
    escalations = Escalation.update(reason="").where(Escalation.visit.in_(chosen)).execute()
    visits = Visit.update(ERASED_FIELDS).where(condition, still_personal()).execute()
    return Erased(visits, remove_visitors_without_visits(), replies, escalations)


def remove_visitors_without_visits() -> int:
    """Visitors whose every visit was erased, with their grams; returns how many."""
    orphans = Visitor.select(Visitor.id).where(
        ~fn.EXISTS(Visit.select(Visit.id).where(Visit.visitor == Visitor.id))
    )
    ids = [v.id for v in orphans]
    for start in range(0, len(ids), 500):  # SQLite limits the parameters of one statement
        chunk = ids[start : start + 500]
        VisitorSearchGram.delete().where(VisitorSearchGram.visitor.in_(chunk)).execute()
        Visitor.delete().where(Visitor.id.in_(chunk)).execute()
    return len(ids)
