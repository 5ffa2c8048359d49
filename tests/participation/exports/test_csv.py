"""CSV exports: one file per entity, totals equal to the database, pseudonyms, inert formulas."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import ApiClient
from tests.participation.exports.readers import csv_table, db_totals, get_ok
from tests.participation.exports.scenario import HIDDEN_VOTES, INJECTIONS, Scenario

IDEAS = "/api/exports/csv/ideas"


async def test_ideas_csv_counts_and_totals_equal_the_database(staff: ApiClient, scenario: Scenario) -> None:
    rows = csv_table(await get_ok(staff, IDEAS))
    truth = await db_totals()
    assert len(rows) == truth["ideas"] == 6
    assert sum(int(r["Unterstützungen"]) for r in rows) == truth["supports"] == 5
    assert sum(int(r["Punkte (Dot-Voting)"]) for r in rows) == truth["dots"] == 6
    assert sum(int(r["Kommentare"]) for r in rows) == truth["comments"] == 4
    assert {r["Sichtbarkeit"] for r in rows} == {"öffentlich"}


async def test_comments_and_aggregated_votes_equal_the_database(staff: ApiClient, scenario: Scenario) -> None:
    truth = await db_totals()
    comments = csv_table(await get_ok(staff, "/api/exports/csv/comments"))
    assert len(comments) == truth["comments"]
    by_idea = csv_table(await get_ok(staff, "/api/exports/csv/votes"))
    by_table = csv_table(await get_ok(staff, "/api/exports/csv/votes", group_by="table"))
    by_town = csv_table(await get_ok(staff, "/api/exports/csv/votes", group_by="municipality"))
    for table in (by_idea, by_town):
        assert sum(int(r["Unterstützungen"]) for r in table) == truth["supports"]
        assert sum(int(r["Punkte (Dot-Voting)"]) for r in table) == truth["dots"]
    assert [(r["Tisch"], r["Ideen"], r["Punkte (Dot-Voting)"]) for r in by_table] == [("1", "1", "5"), ("2", "1", "1")]
    assert {r["Kommune"]: r["Ideen"] for r in by_town} == {"Brakel": "1", "ohne Angabe": "5"}


async def test_semicolon_separator_for_german_excel(staff: ApiClient, scenario: Scenario) -> None:
    response = await get_ok(staff, IDEAS, sep=";")
    assert response.content.decode("utf-8").splitlines()[0].startswith("\ufeffID;Handlungsfeld;Kommune;")
    assert len(csv_table(response, sep=";")) == 6
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="mitwirken-ideen-plattform-')


async def test_formula_injection_comes_out_inert(staff: ApiClient, scenario: Scenario) -> None:
    ideas = csv_table(await get_ok(staff, IDEAS))
    comments = csv_table(await get_ok(staff, "/api/exports/csv/comments"))
    cells = {value for row in ideas + comments for value in row.values()}
    for text in INJECTIONS:
        assert "'" + text in cells, text
        assert text not in cells, text
    for value in cells:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


async def test_participants_get_stable_pseudonyms_in_order_of_first_appearance(
    staff: ApiClient, scenario: Scenario
) -> None:
    ideas = csv_table(await get_ok(staff, IDEAS))
    comments = csv_table(await get_ok(staff, "/api/exports/csv/comments"))
    authors = [r["Verfasst von (Pseudonym)"] for r in ideas]
    assert authors[:2] == ["T-001", "T-002"]  # ids in order: author 1, then author 0
    by_title = {r["Titel"]: r["Verfasst von (Pseudonym)"] for r in ideas}
    # author 0 wrote the injection idea and the replies: same pseudonym in the comments file
    assert by_title["'" + INJECTIONS[0]] == by_title["Idee aus dem Vorjahr"]
    reply_authors = {r["Verfasst von (Pseudonym)"] for r in comments if r["Antwort auf Kommentar"]}
    assert reply_authors == {by_title["Idee aus dem Vorjahr"]}
    first_comment = next(r for r in comments if not r["Antwort auf Kommentar"])
    assert first_comment["Verfasst von (Pseudonym)"] == f"T-{len(set(authors)) + 1:03d}"  # author 2 is new
    assert {r["Antwort von"] for r in ideas} == {"", "Smart-Region-Team"}  # staff named on responses only


async def test_date_range_selects_ideas_by_submission_day(staff: ApiClient, scenario: Scenario) -> None:
    since = (date.today() - timedelta(days=30)).isoformat()
    recent = csv_table(await get_ok(staff, IDEAS, **{"from": since}))
    assert "Idee aus dem Vorjahr" not in {r["Titel"] for r in recent}
    assert len(recent) == 5
    old = csv_table(await get_ok(staff, IDEAS, to=(date.today() - timedelta(days=300)).isoformat()))
    assert [r["Titel"] for r in old] == ["Idee aus dem Vorjahr"]


async def test_field_workshop_and_table_scopes(staff: ApiClient, scenario: Scenario) -> None:
    field_b = csv_table(await get_ok(staff, IDEAS, scope="field", action_field=scenario.field_b["id"]))
    assert [r["Titel"] for r in field_b] == ["Hofladen-Karte"]
    workshop = csv_table(await get_ok(staff, IDEAS, scope="workshop", workshop=scenario.workshop_id))
    assert [(r["Tisch"], r["Analog (Flipchart)"]) for r in workshop] == [("1", "ja"), ("2", "nein")]
    table = csv_table(await get_ok(staff, IDEAS, scope="table", workshop=scenario.workshop_id, table=2))
    assert [r["Titel"] for r in table] == ["Werkstatt-Idee table2"]
    assert [r["Punkte (Dot-Voting)"] for r in table] == ["1"]


async def test_hidden_content_is_left_out_unless_asked_for_and_then_marked(
    staff: ApiClient, scenario: Scenario
) -> None:
    public = csv_table(await get_ok(staff, IDEAS))
    assert str(HIDDEN_VOTES) not in {r["Unterstützungen"] for r in public}
    everything = csv_table(await get_ok(staff, IDEAS, include_hidden="true"))
    marked = {r["ID"]: r["Sichtbarkeit"] for r in everything}
    assert marked[str(scenario.ideas["hidden"])] == "NICHT ÖFFENTLICH"
    assert marked[str(scenario.ideas["pending"])] == "NICHT ÖFFENTLICH"
    assert marked[str(scenario.ideas["official"])] == "öffentlich"
    assert len(everything) == len(public) + 3
