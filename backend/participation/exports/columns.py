"""Columns of every table an export writes (German headers), shared by the CSV and XLSX writers.

A column is a header, a getter and a kind; the writers decide how a kind becomes a cell. Text is
neutralised against formula injection by the writers, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from backend.participation.exports.schemas import ModerationStats

__all__ = [
    "ACTION",
    "COLUMN_SETS",
    "COMMENT_COLUMNS",
    "FIELD_STATS_COLUMNS",
    "IDEA_COLUMNS",
    "IDEA_TOTALS",
    "KIND",
    "MODERATION_COLUMNS",
    "NO_MUNICIPALITY",
    "OFFICIAL_STATUS",
    "REPORT_REASON",
    "REPORT_RESOLUTION",
    "STATUS",
    "VOTES_BY_IDEA_COLUMNS",
    "VOTES_BY_MUNICIPALITY_COLUMNS",
    "VOTES_BY_TABLE_COLUMNS",
    "WORKSHOP_STATS_COLUMNS",
    "Column",
    "moderation_lines",
    "visibility",
]

Kind = Literal["text", "int", "datetime", "bool"]

STATUS = {
    "pending": "wartet auf Prüfung",
    "published": "veröffentlicht",
    "rejected": "abgelehnt",
    "hidden": "ausgeblendet",
    "merged": "zusammengeführt",
}
ACTION = {
    "approve": "freigegeben",
    "reject": "abgelehnt",
    "hide": "ausgeblendet",
    "unhide": "wieder eingeblendet",
    "edit": "bearbeitet",
    "lock": "Diskussion geschlossen",
    "unlock": "Diskussion geöffnet",
    "merge": "zusammengeführt",
    "auto_hide": "nach Meldungen ausgeblendet",
    "official_response": "offizielle Antwort",
}
REPORT_REASON = {
    "spam": "Spam",
    "offensive": "beleidigend",
    "off_topic": "am Thema vorbei",
    "personal_data": "persönliche Daten",
    "other": "Sonstiges",
}
REPORT_RESOLUTION = {"open": "offen", "dismissed": "zurückgewiesen", "upheld": "bestätigt"}
OFFICIAL_STATUS = {
    "new": "neu",
    "under_consideration": "in Prüfung",
    "accepted": "angenommen",
    "rejected": "abgelehnt",
    "implemented": "umgesetzt",
}
KIND = {"idea": "Idee", "comment": "Kommentar"}
NO_MUNICIPALITY = "ohne Angabe"


def moderation_lines(stats: ModerationStats) -> list[tuple[str, int]]:
    """Moderation statistics as German label/number rows (XLSX sheet and report)."""
    lines = [(f"Ideen: {STATUS.get(k, k)}", n) for k, n in sorted(stats.ideas_by_status.items())]
    lines += [(f"Kommentare: {STATUS.get(k, k)}", n) for k, n in sorted(stats.comments_by_status.items())]
    lines.append(("Moderationsentscheidungen", stats.decisions))
    for key, n in sorted(stats.decisions_by_action.items()):
        kind, _, action = key.partition(".")
        lines.append((f"… {KIND.get(kind, kind)} {ACTION.get(action, action)}", n))
    lines.append(("Moderierende Personen", stats.moderators))
    lines.append(("Meldungen von Teilnehmenden", stats.reports))
    lines += [(f"… Grund: {REPORT_REASON.get(k, k)}", n) for k, n in sorted(stats.reports_by_reason.items())]
    lines += [(f"… {REPORT_RESOLUTION.get(k, k)}", n) for k, n in sorted(stats.reports_by_resolution.items())]
    return lines


def visibility(public: bool) -> str:
    return "öffentlich" if public else "NICHT ÖFFENTLICH"


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[Any], Any]
    kind: Kind = "text"
    width: int = 14  # XLSX column width in characters


def _status(value: str) -> str:
    return STATUS.get(value, value)


IDEA_COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda r: r.id, "int", 8),
    Column("Handlungsfeld", lambda r: r.action_field, width=24),
    Column("Kommune", lambda r: r.municipality),
    Column("Bürgerwerkstatt", lambda r: r.workshop, width=24),
    Column("Tisch", lambda r: r.table_no, "int", 7),
    Column("Analog (Flipchart)", lambda r: r.is_analog, "bool", 9),
    Column("Titel", lambda r: r.title, width=36),
    Column("Text", lambda r: r.body, width=60),
    Column("Verfasst von (Pseudonym)", lambda r: r.author, width=12),
    Column("Eingereicht am", lambda r: r.created_at, "datetime", 17),
    Column("Status", lambda r: _status(r.status)),
    Column("Sichtbarkeit", lambda r: visibility(r.public), width=18),
    Column("Unterstützungen", lambda r: r.supports, "int", 10),
    Column("Kommentare", lambda r: r.comments, "int", 10),
    Column("Punkte (Dot-Voting)", lambda r: r.dots, "int", 10),
    Column("Offizieller Status", lambda r: OFFICIAL_STATUS.get(r.official_status, r.official_status)),
    Column("Offizielle Antwort", lambda r: r.official_response, width=60),
    Column("Antwort von", lambda r: r.official_response_by, width=20),
    Column("Antwort am", lambda r: r.official_response_at, "datetime", 17),
)
IDEA_TOTALS = {"Unterstützungen", "Kommentare", "Punkte (Dot-Voting)"}

COMMENT_COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda r: r.id, "int", 8),
    Column("Idee-ID", lambda r: r.idea_id, "int", 8),
    Column("Idee", lambda r: r.idea_title, width=36),
    Column("Antwort auf Kommentar", lambda r: r.parent_id, "int", 10),
    Column("Verfasst von (Pseudonym)", lambda r: r.author, width=12),
    Column("Text", lambda r: r.body, width=70),
    Column("Geschrieben am", lambda r: r.created_at, "datetime", 17),
    Column("Bearbeitet am", lambda r: r.edited_at, "datetime", 17),
    Column("Status", lambda r: _status(r.status)),
    Column("Sichtbarkeit", lambda r: visibility(r.public), width=18),
)

VOTES_BY_IDEA_COLUMNS: tuple[Column, ...] = (
    Column("Idee-ID", lambda r: r.idea_id, "int", 8),
    Column("Titel", lambda r: r.title, width=36),
    Column("Handlungsfeld", lambda r: r.action_field, width=24),
    Column("Kommune", lambda r: r.municipality),
    Column("Bürgerwerkstatt", lambda r: r.workshop, width=24),
    Column("Tisch", lambda r: r.table_no, "int", 7),
    Column("Unterstützungen", lambda r: r.supports, "int", 10),
    Column("Punkte (Dot-Voting)", lambda r: r.dots, "int", 10),
    Column("Sichtbarkeit", lambda r: visibility(r.public), width=18),
)

VOTES_BY_TABLE_COLUMNS: tuple[Column, ...] = (
    Column("Werkstatt-ID", lambda r: r.workshop_id, "int", 8),
    Column("Bürgerwerkstatt", lambda r: r.workshop, width=24),
    Column("Tisch", lambda r: r.table_no, "int", 7),
    Column("Ideen", lambda r: r.ideas, "int", 10),
    Column("Unterstützungen", lambda r: r.supports, "int", 10),
    Column("Punkte (Dot-Voting)", lambda r: r.dots, "int", 10),
)

VOTES_BY_MUNICIPALITY_COLUMNS: tuple[Column, ...] = (
    Column("Kommune", lambda r: r.municipality or NO_MUNICIPALITY, width=20),
    Column("Ideen", lambda r: r.ideas, "int", 10),
    Column("Unterstützungen", lambda r: r.supports, "int", 10),
    Column("Punkte (Dot-Voting)", lambda r: r.dots, "int", 10),
)

MODERATION_COLUMNS: tuple[Column, ...] = (
    Column("Zeitpunkt", lambda r: r.at, "datetime", 17),
    Column("Art", lambda r: KIND.get(r.kind, r.kind), width=10),
    Column("Entscheidung", lambda r: ACTION.get(r.action, r.action), width=20),
    Column("ID", lambda r: r.item_id, "int", 8),
    Column("Idee-ID", lambda r: r.idea_id, "int", 8),
    Column("Status vorher", lambda r: _status(r.previous_status)),
    Column("Status nachher", lambda r: _status(r.status)),
    Column("Moderation (Pseudonym)", lambda r: r.moderator, width=12),
    Column("Begründung", lambda r: r.reason, width=50),
)


FIELD_STATS_COLUMNS: tuple[Column, ...] = (
    Column("Handlungsfeld", lambda r: r.action_field, width=30),
    Column("Ideen", lambda r: r.ideas, "int"),
    Column("Kommentare", lambda r: r.comments, "int"),
    Column("Unterstützungen", lambda r: r.supports, "int"),
    Column("Punkte (Dot-Voting)", lambda r: r.dots, "int"),
)

WORKSHOP_STATS_COLUMNS: tuple[Column, ...] = (
    Column("Bürgerwerkstatt", lambda r: r.workshop, width=30),
    Column("Beginn", lambda r: r.starts_at, "datetime"),
    Column("Teilnehmende", lambda r: r.participants, "int"),
    Column("Ideen", lambda r: r.ideas, "int"),
    Column("davon analog", lambda r: r.analog_ideas, "int"),
    Column("Punkte (Dot-Voting)", lambda r: r.dots, "int"),
)

# Column sets by name: the XLSX writer process receives the name, never the getters (lambdas).
COLUMN_SETS: dict[str, tuple[Column, ...]] = {
    "ideas": IDEA_COLUMNS,
    "comments": COMMENT_COLUMNS,
    "votes_by_idea": VOTES_BY_IDEA_COLUMNS,
    "votes_by_table": VOTES_BY_TABLE_COLUMNS,
    "votes_by_municipality": VOTES_BY_MUNICIPALITY_COLUMNS,
    "moderation": MODERATION_COLUMNS,
    "field_stats": FIELD_STATS_COLUMNS,
    "workshop_stats": WORKSHOP_STATS_COLUMNS,
}
