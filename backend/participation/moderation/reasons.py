"""Reason templates for moderation decisions: German text the author reads, plus a free-text addition."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.errors import Unprocessable

__all__ = ["REASON_TEMPLATES", "ReasonTemplate", "compose_reason"]


@dataclass(frozen=True)
class ReasonTemplate:
    key: str
    label: str  # short German label for the moderator's menu
    label_en: str
    text: str  # what the author reads


REASON_TEMPLATES: dict[str, ReasonTemplate] = {
    t.key: t
    for t in (
        ReasonTemplate(
            "offensive",
            "Beleidigend",
            "Offensive",
            "Der Beitrag enthält beleidigende oder herabwürdigende Formulierungen.",
        ),
        ReasonTemplate(
            "spam", "Werbung/Spam", "Spam", "Der Beitrag enthält Werbung oder wiederholt sich ohne neuen Inhalt."
        ),
        ReasonTemplate("off_topic", "Nicht zum Thema", "Off topic", "Der Beitrag passt nicht zu diesem Handlungsfeld."),
        ReasonTemplate(
            "personal_data",
            "Persönliche Daten",
            "Personal data",
            "Der Beitrag enthält persönliche Daten anderer Menschen (z. B. Namen, Adressen, "
            "Telefonnummern oder Gesundheitsangaben).",
        ),
        ReasonTemplate(
            "duplicate",
            "Doppelt",
            "Duplicate",
            "Diese Idee gibt es bereits. Bitte unterstützen und diskutieren Sie die bestehende Idee.",
        ),
        ReasonTemplate(
            "not_an_idea",
            "Keine Idee",
            "Not an idea",
            "Der Beitrag ist eine Frage oder Beschwerde, keine Idee. Bitte wenden Sie sich direkt "
            "an die zuständige Stelle der Kreisverwaltung.",
        ),
        ReasonTemplate(
            "netiquette",
            "Diskussionsregeln",
            "Discussion rules",
            "Der Beitrag verstößt gegen unsere Diskussionsregeln: sachlich, respektvoll, beim Thema.",
        ),
        ReasonTemplate("unlawful", "Rechtswidrig", "Unlawful", "Der Beitrag verstößt gegen geltendes Recht."),
    )
}


def compose_reason(template: str | None, text: str, *, required: bool) -> str:
    """The reason the author reads: the template's text, then the moderator's own words (either may be absent)."""
    parts: list[str] = []
    if template:
        found = REASON_TEMPLATES.get(template)
        if found is None:
            raise Unprocessable(
                "Diese Begründungsvorlage gibt es nicht.",
                code="unknown_reason_template",
                errors=[{"field": "reason_template", "message": "unbekannte Vorlage"}],
            )
        parts.append(found.text)
    if text.strip():
        parts.append(text.strip())
    if required and not parts:
        raise Unprocessable(
            "Bitte geben Sie eine Begründung an: eine Vorlage oder eigenen Text.",
            code="reason_required",
            errors=[{"field": "reason", "message": "Begründung fehlt"}],
        )
    return " ".join(parts)
