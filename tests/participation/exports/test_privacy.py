"""Nothing private leaves through an export: no e-mail addresses, tokens or password hashes anywhere;
hidden content and its vote counts only where they were asked for, and then marked."""

from __future__ import annotations

import pytest

from backend.core.security import hash_token
from backend.participation.workshops.tables import WorkshopParticipant
from tests.factories import ApiClient
from tests.participation.exports.readers import all_text, csv_table, get_ok, json_body
from tests.participation.exports.scenario import SECRET_COMMENT, SECRET_REASON, SECRET_TITLE, Scenario

EXPORTS = [
    ("/api/exports/csv/ideas", {}),
    ("/api/exports/csv/comments", {}),
    ("/api/exports/csv/votes", {}),
    ("/api/exports/csv/votes", {"group_by": "table"}),
    ("/api/exports/csv/votes", {"group_by": "municipality"}),
    ("/api/exports/csv/moderation", {}),
    ("/api/exports/xlsx", {}),
    ("/api/exports/json", {}),
]
IDS = [path.rsplit("/", 1)[1] + "-" + "-".join(params.values()) for path, params in EXPORTS]


@pytest.mark.parametrize("include_hidden", [False, True], ids=["public", "with-hidden"])
@pytest.mark.parametrize(("path", "params"), EXPORTS, ids=IDS)
async def test_no_email_addresses_tokens_or_hashes_in_any_export(
    staff: ApiClient, scenario: Scenario, path: str, params: dict[str, str], include_hidden: bool
) -> None:
    text = all_text(await get_ok(staff, path, include_hidden=str(include_hidden).lower(), **params))
    hashes = [r["token_hash"] for r in await WorkshopParticipant.select(WorkshopParticipant.token_hash)]
    assert len(hashes) == len(scenario.tokens) == 4
    forbidden = [*scenario.emails, *scenario.tokens, *hashes, *map(hash_token, scenario.tokens)]
    for value in [*forbidden, "@test.example", "pbkdf2", "Tischgast", "Autorin", "Paula"]:
        assert value not in text, value
    if not path.endswith(("ideas", "xlsx", "json")):  # staff are named on official responses only
        assert "Smart-Region-Team" not in text


@pytest.mark.parametrize(("path", "params"), EXPORTS, ids=IDS)
async def test_hidden_content_never_appears_in_a_public_export(
    staff: ApiClient, scenario: Scenario, path: str, params: dict[str, str]
) -> None:
    text = all_text(await get_ok(staff, path, **params))
    for secret in (SECRET_TITLE, SECRET_COMMENT, SECRET_REASON, "Noch ungeprüfte Idee", "Ausgeblendeter Kommentar"):
        assert secret not in text, secret
    assert "NICHT ÖFFENTLICH" not in text


async def test_hidden_ideas_vote_counts_stay_out_of_every_total(staff: ApiClient, scenario: Scenario) -> None:
    body = json_body(await get_ok(staff, "/api/exports/json"))
    hidden = {scenario.ideas["hidden"], scenario.ideas["workshop_hidden"], scenario.ideas["pending"]}
    assert hidden.isdisjoint(i["id"] for i in body["ideas"])
    assert hidden.isdisjoint(v["idea_id"] for v in body["votes"]["by_idea"])
    assert sum(v["supports"] for v in body["votes"]["by_municipality"]) == 5  # not 5 + 7
    assert sum(v["dots"] for v in body["votes"]["by_table"]) == 6  # not 6 + 3
    assert body["participation"]["supports"] == 5
    assert body["participation"]["dots"] == 6
    assert body["participation"]["supporters"] == 3  # the 4 who only supported the hidden idea do not count


async def test_an_export_with_hidden_content_marks_it_and_says_so(staff: ApiClient, scenario: Scenario) -> None:
    response = await get_ok(staff, "/api/exports/json", include_hidden="true")
    assert "inkl-nicht-oeffentlich" in response.headers["content-disposition"]
    body = json_body(response)
    assert body["export"]["include_hidden"] is True
    assert "NICHT ÖFFENTLICH" in body["export"]["note"]
    secret = next(i for i in body["ideas"] if i["title"] == SECRET_TITLE)
    assert (secret["public"], secret["status"], secret["supports"]) == (False, "hidden", 7)
    assert SECRET_REASON in {entry["reason"] for entry in body["moderation"]["log"]}
    comments = csv_table(await get_ok(staff, "/api/exports/csv/comments", include_hidden="true"))
    marks = {r["Text"]: r["Sichtbarkeit"] for r in comments}
    assert marks[SECRET_COMMENT] == marks["Ausgeblendeter Kommentar"] == "NICHT ÖFFENTLICH"


async def test_a_moderator_exports_only_their_field(api: object, scenario: Scenario) -> None:
    from tests.factories import client_for

    moderator = await client_for(api, scenario.moderator_b)
    body = json_body(
        await get_ok(
            moderator, "/api/exports/json", scope="field", action_field=scenario.field_b["id"], include_hidden="true"
        )
    )
    assert [i["title"] for i in body["ideas"]] == ["Hofladen-Karte"]
    assert body["comments"] == [] and body["moderation"]["log"] == []
    refused = await moderator.get(
        "/api/exports/json", params={"scope": "field", "action_field": scenario.field_a["id"]}
    )
    assert refused.status_code == 403
