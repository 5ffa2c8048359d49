"""German demo data for Kreis Höxter; running it again adds nothing."""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.tables import Account
from backend.core.actor import Role
from backend.core.db import write_transaction
from backend.core.security import hash_password
from backend.core.settings import get_settings
from backend.participation.action_fields.tables import ActionField, FieldModerator
from backend.participation.ideas.tables import Idea
from backend.participation.municipalities.tables import Municipality

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "DEMO_WORKSHOP_CODE", "seed"]

DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 — printed on start; demo data only

MUNICIPALITIES = [
    ("kreis-hoexter", "Kreis Höxter", "district"),
    ("bad-driburg", "Bad Driburg", "town"),
    ("beverungen", "Beverungen", "town"),
    ("borgentreich", "Borgentreich", "town"),
    ("brakel", "Brakel", "town"),
    ("hoexter", "Höxter", "town"),
    ("marienmuenster", "Marienmünster", "town"),
    ("nieheim", "Nieheim", "town"),
    ("steinheim", "Steinheim", "town"),
    ("warburg", "Warburg", "town"),
    ("willebadessen", "Willebadessen", "town"),
]

ACTION_FIELDS = [
    (
        "dorf-zukunft-digital",
        "Dorf.Zukunft.Digital",
        "Wie bleiben unsere Dörfer lebenswert – mit digitalen Mitteln?",
        "Digitale Dorfplattformen, Co-Working im Dorfgemeinschaftshaus, Mitfahrbänke mit App, ein digitales "
        "Schwarzes Brett und eine Ehrenamtsbörse: Gemeinsam mit den Dorfgemeinschaften entwickeln wir "
        "Angebote, die das Leben auf dem Land leichter machen. Der Beirat Dorf.Zukunft.Digital begleitet die "
        "Ideen und prüft, was sich in Pilotdörfern umsetzen lässt.",
        "post",
    ),
    (
        "dorf-gesundheit-digital",
        "Dorf.Gesundheit.Digital",
        "Gesundheitsversorgung in den Dörfern sichern – telemedizinisch und vernetzt.",
        "Telemedizin, digitale Sprechstunden, Gesundheitskioske und vernetzte Pflege: Wie sichern wir die "
        "Versorgung, wenn Hausarztpraxen fehlen und die Wege weit sind? Weil es hier schnell um persönliche "
        "Gesundheitsdaten geht, werden Beiträge vor der Veröffentlichung vom Beirat geprüft.",
        "pre",
    ),
    (
        "smarte-nahversorgung",
        "Smarte Nahversorgung (#SNZ)",
        "Smarte Nahversorgungszentren: einkaufen, abholen, begegnen – im eigenen Ort.",
        "Digitale Dorfläden mit Einkauf rund um die Uhr, Abholstationen, regionale Produkte und "
        "Lieferdienste: Was brauchen Sie vor Ort, damit der Einkauf nicht zur Tagesreise wird? Die "
        "Smarten Nahversorgungszentren (#SNZ) verbinden Versorgung mit einem Treffpunkt im Dorf.",
        "post",
    ),
    (
        "smarte-landwirtschaft",
        "Smarte Landwirtschaft",
        "Landwirtschaft und Digitalisierung im Kulturland Kreis Höxter.",
        "Sensorik auf dem Feld, LoRaWAN-Funknetze, Direktvermarktung über Online-Hofläden und Daten für "
        "eine ressourcenschonende Bewirtschaftung: Wie können Betriebe im Kreis von digitalen Werkzeugen "
        "profitieren, und was brauchen sie dafür von Kreis und Städten?",
        "post",
    ),
    (
        "e-government-ozg",
        "E-Government & OZG",
        "Verwaltungsleistungen online – verständlich, barrierefrei, durchgängig digital.",
        "Das Onlinezugangsgesetz verpflichtet Bund, Länder und Kommunen, Verwaltungsleistungen auch online "
        "anzubieten. Welche Behördengänge sollen zuerst digital werden? Was hakt bei bestehenden "
        "Onlinediensten? Ihre Hinweise helfen Kreis und Städten, die richtigen Prioritäten zu setzen.",
        "post",
    ),
    (
        "buergerserviceportal",
        "Bürgerserviceportal",
        "Ein Portal für Kreis und Städte: Anträge, Termine und Bescheide an einem Ort.",
        "Das gemeinsame Bürgerserviceportal bündelt die Onlinedienste des Kreises und der zehn Städte – "
        "mit Servicekonto, Postfach und Terminbuchung. Sagen Sie uns, was das Portal können muss und wo "
        "Sie heute noch an Grenzen stoßen.",
        "post",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    display_name: str
    role: Role
    moderates: tuple[str, ...] = ()


DEMO_LOGINS = [
    DemoLogin("admin@mitwirken.example", "Administration", Role.admin),
    DemoLogin("team@kreis-hoexter.example", "Smart-Region-Team", Role.staff),
    DemoLogin(
        "beirat-dorf@kreis-hoexter.example",
        "Beirat Dorf (Moderation)",
        Role.moderator,
        ("dorf-zukunft-digital", "dorf-gesundheit-digital"),
    ),
    DemoLogin("beirat-ozg@kreis-hoexter.example", "Beirat OZG (Moderation)", Role.moderator, ("e-government-ozg",)),
    DemoLogin("anna@beispiel.example", "Anna aus Brakel", Role.participant),
    DemoLogin("jonas@beispiel.example", "Jonas aus Warburg", Role.participant),
]

DEMO_IDEAS = [
    (
        "dorf-zukunft-digital",
        "brakel",
        "anna@beispiel.example",
        "Digitales Schwarzes Brett im Dorfladen",
        "Ein Bildschirm im Dorfladen und eine App, auf denen Vereine, Kirchengemeinde und Feuerwehr ihre "
        "Termine einstellen. Dann sieht man auf einen Blick, was im Ort los ist.",
    ),
    (
        "dorf-zukunft-digital",
        "warburg",
        "jonas@beispiel.example",
        "Co-Working im Dorfgemeinschaftshaus",
        "Zwei, drei Arbeitsplätze mit schnellem Internet im Dorfgemeinschaftshaus, buchbar über eine "
        "Website. Viele pendeln täglich nach Paderborn oder Kassel – so könnten sie öfter vor Ort arbeiten.",
    ),
    (
        "smarte-nahversorgung",
        "borgentreich",
        "anna@beispiel.example",
        "Abholstation für Apothekenbestellungen",
        "Eine gekühlte Abholstation am Dorfladen, an der man vorbestellte Medikamente rund um die Uhr abholen kann.",
    ),
    (
        "e-government-ozg",
        "hoexter",
        "jonas@beispiel.example",
        "Wohnsitz-Ummeldung komplett online",
        "Die Ummeldung sollte ohne Termin im Bürgerbüro gehen – mit Online-Ausweis und digitalem Bescheid.",
    ),
    (
        "smarte-landwirtschaft",
        "steinheim",
        "jonas@beispiel.example",
        "Online-Hofladen-Karte für den Kreis",
        "Eine gemeinsame Karte aller Hofläden mit Öffnungszeiten und Angebot, gepflegt von den Betrieben.",
    ),
    (
        "buergerserviceportal",
        "bad-driburg",
        "anna@beispiel.example",
        "Termine für alle Städte an einem Ort",
        "Im Portal sollte man Termine im Bürgerbüro jeder Stadt buchen können, nicht nur in der eigenen.",
    ),
]


DEMO_WORKSHOP_CODE = "HXTR26"  # only letters and digits that cannot be misread
DEMO_WORKSHOP_IDEAS = [
    (
        1,
        False,
        "Dorf-App für Termine und Mitfahrgelegenheiten",
        "Eine App für das ganze Dorf: Vereinstermine, Mitfahrbank-Anfragen und Hilfe unter Nachbarn.",
    ),
    (
        2,
        False,
        "WLAN im Dorfgemeinschaftshaus",
        "Freies WLAN im Dorfgemeinschaftshaus, damit dort auch Kurse und Co-Working möglich sind.",
    ),
    (
        2,
        True,
        "Digitalsprechstunde für Ältere",
        "Einmal im Monat helfen Jugendliche Seniorinnen und Senioren bei Smartphone und Onlinediensten.",
    ),
]


async def _seed_workshop(field_id: int, municipality_id: int, staff_id: int, author_id: int) -> int:
    """A demo Bürgerwerkstatt in the ideation phase, joinable with DEMO_WORKSHOP_CODE."""
    from backend.participation.workshops.tables import Workshop, WorkshopField, WorkshopIdea

    if await Workshop.exists().where(Workshop.code == DEMO_WORKSHOP_CODE):
        return 0
    rows = await Workshop.insert(
        Workshop(
            title="Bürgerwerkstatt Dorf.Zukunft.Digital",
            venue="Dorfgemeinschaftshaus Brakel-Bökendorf",
            municipality=municipality_id,
            code=DEMO_WORKSHOP_CODE,
            phase=Workshop.Phase.ideation.value,
            table_count=3,
            created_by=staff_id,
        )
    ).returning(Workshop.id)
    workshop_id = rows[0]["id"]
    await WorkshopField.insert(WorkshopField(workshop=workshop_id, action_field=field_id))
    for table_no, analog, title, body in DEMO_WORKSHOP_IDEAS:
        idea = await Idea.insert(
            Idea(
                action_field=field_id,
                municipality=municipality_id,
                author=staff_id if analog else author_id,
                title=title,
                body=body,
            )
        ).returning(Idea.id)
        await WorkshopIdea.insert(
            WorkshopIdea(idea=idea[0]["id"], workshop=workshop_id, table_no=table_no, is_analog=analog)
        )
    return 1


async def _upsert_account(login: DemoLogin, password_hash: str) -> int:
    row = await Account.select(Account.id).where(Account.email == login.email).first()
    if row:
        return int(row["id"])
    rows = await Account.insert(
        Account(
            email=login.email,
            display_name=login.display_name,
            role=login.role.value,
            password_hash=password_hash,
        )
    ).returning(Account.id)
    return int(rows[0]["id"])


async def seed() -> dict[str, int]:
    """Insert whatever of the demo is missing; returns how many rows of each kind were added."""
    added = {"municipalities": 0, "action_fields": 0, "accounts": 0, "ideas": 0, "workshops": 0}
    password_hash = await hash_password(DEMO_PASSWORD, get_settings().app.password_iterations)
    async with write_transaction():
        for order, (slug, name, kind) in enumerate(MUNICIPALITIES):
            if not await Municipality.exists().where(Municipality.slug == slug):
                await Municipality.insert(Municipality(slug=slug, name=name, kind=kind, sort_order=order))
                added["municipalities"] += 1
        for slug, title, summary, description, mode in ACTION_FIELDS:
            if not await ActionField.exists().where(ActionField.slug == slug):
                await ActionField.insert(
                    ActionField(slug=slug, title=title, summary=summary, description=description, moderation_mode=mode)
                )
                added["action_fields"] += 1
        field_ids = {r["slug"]: r["id"] for r in await ActionField.select(ActionField.id, ActionField.slug)}
        town_ids = {r["slug"]: r["id"] for r in await Municipality.select(Municipality.id, Municipality.slug)}
        account_ids: dict[str, int] = {}
        for login in DEMO_LOGINS:
            existed = await Account.exists().where(Account.email == login.email)
            account_ids[login.email] = await _upsert_account(login, password_hash)
            added["accounts"] += 0 if existed else 1
            for slug in login.moderates:
                if not await FieldModerator.exists().where(
                    (FieldModerator.account == account_ids[login.email])
                    & (FieldModerator.action_field == field_ids[slug])
                ):
                    await FieldModerator.insert(
                        FieldModerator(account=account_ids[login.email], action_field=field_ids[slug])
                    )
        for field_slug, town, email, title, body in DEMO_IDEAS:
            if not await Idea.exists().where(Idea.title == title):
                await Idea.insert(
                    Idea(
                        action_field=field_ids[field_slug],
                        municipality=town_ids[town],
                        author=account_ids[email],
                        title=title,
                        body=body,
                    )
                )
                added["ideas"] += 1
        added["workshops"] = await _seed_workshop(
            field_ids["dorf-zukunft-digital"],
            town_ids["brakel"],
            account_ids["team@kreis-hoexter.example"],
            account_ids["anna@beispiel.example"],
        )
    return added
