"""A few hundred malformed and odd requests: none may produce a 500, every 4xx is problem details.

The generator is seeded, so a failure names the case and replays identically.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.factories import ApiClient, client_for, make_account, make_field, make_idea
from tests.participation.cast import make_comment

SEED = 4711
FIELD_NAMES = [
    "action_field", "title", "body", "municipality", "parent_id", "official_status", "response", "status",
    "reason", "email", "password", "display_name", "role", "slug", "summary", "description",
    "moderation_mode", "account_id",
]  # fmt: skip
ODD_STRINGS = [
    "", " ", "a", "ab", "x" * 121, "x" * 5001, "\x00", "\u202e", "😀" * 50, "<script>alert(1)</script>",
    "'; DROP TABLE idea; --", "%00", "../../etc/passwd", "=SUMME(A1)", "null", "true", "1e400",
    "ÄÖÜäöüß", "\ud800", "published", "pending", "admin", "pre", "open", "-1", "9" * 40,
]  # fmt: skip
ODD_NUMBERS = [0, -1, 1, 2**31, 2**63, 10**30, -(10**30), 1.5, 1e308, -0.0]


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.choice(["str", "str", "num", "bool", "null", "list", "dict"] if depth < 3 else ["str", "num"])
    if kind == "str":
        return rng.choice(ODD_STRINGS)
    if kind == "num":
        return rng.choice(ODD_NUMBERS)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "list":
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return _object(rng, depth + 1)


def _object(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    keys = rng.sample(FIELD_NAMES, rng.randint(0, 4)) + (["unbekannt"] if rng.random() < 0.1 else [])
    return {key: _value(rng, depth) for key in keys}


def _body(rng: random.Random) -> tuple[bytes, str | None]:
    """Raw bytes and a content type: mostly JSON objects, sometimes broken or mislabelled."""
    roll = rng.random()
    text = json.dumps(_object(rng) if roll < 0.7 else _value(rng))  # json.dumps writes NaN/Infinity too
    raw = text.encode("utf-8", "surrogatepass")
    if 0.8 < roll < 0.9 and raw:
        cut = rng.randrange(len(raw))
        raw = raw[:cut] + bytes([rng.randrange(256)]) + raw[cut + 1 :]
    content_type = rng.choice(
        ["application/json"] * 6
        + ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1", None]
    )
    return raw, content_type


def _query(rng: random.Random) -> str:
    """A percent-encoded query string (lone surrogates become invalid UTF-8 on the wire)."""
    names = ["action_field", "municipality", "status", "official_status", "q", "mine", "sort", "page",
             "page_size", "scope", "since", "limit", "include_archived", "unbekannt"]  # fmt: skip
    pairs = [(n, str(_value(rng, 3)).encode("utf-8", "surrogatepass")) for n in rng.sample(names, rng.randint(1, 5))]
    return urlencode(pairs)


def _plan(rng: random.Random, ids: dict[str, Any], n: int) -> list[tuple[str, str, dict[str, Any]]]:
    idea, comment, slug, account = ids["idea"], ids["comment"], ids["slug"], ids["account"]
    weird_id = lambda: rng.choice([str(idea), "0", "-1", "99999999999999999999", "abc", "1.5", "%20"])  # noqa: E731
    writes = [
        ("POST", "/api/ideas"),
        ("POST", f"/api/ideas/{idea}/comments"),
        ("PATCH", f"/api/comments/{comment}"),
        ("POST", f"/api/ideas/{idea}/official-response"),
        ("POST", "/api/auth/register"),
        ("POST", "/api/auth/login"),
        ("POST", "/api/action-fields"),
        ("PATCH", f"/api/action-fields/{slug}"),
        ("PATCH", f"/api/accounts/{account}/role"),
        ("POST", f"/api/action-fields/{slug}/moderators"),
    ]
    reads = ["/api/ideas", "/api/events", "/api/accounts", "/api/action-fields", "/api/municipalities"]
    plan = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.6:
            method, path = rng.choice(writes)
            raw, content_type = _body(rng)
            headers: dict[str, str | bytes] = {"content-type": content_type} if content_type else {}
            if rng.random() < 0.2:
                headers["Idempotency-Key"] = rng.choice([b"", b"k" * 65, "schlüssel".encode()])
            plan.append((method, path, {"content": raw, "headers": headers}))
        elif roll < 0.9:
            plan.append(("GET", f"{rng.choice(reads)}?{_query(rng)}", {}))
        else:
            method, template = rng.choice(
                [("GET", "/api/ideas/{}"), ("POST", "/api/ideas/{}/vote"), ("DELETE", "/api/ideas/{}/vote"),
                 ("GET", "/api/ideas/{}/comments"), ("PATCH", "/api/comments/{}")]
            )  # fmt: skip
            body = {"content": json.dumps(_object(rng)).encode(), "headers": {"content-type": "application/json"}}
            plan.append((method, template.format(weird_id()), body))
    return plan


@pytest.mark.parametrize("who", ["anonymous", "participant", "staff"])
async def test_odd_requests_never_cause_a_server_error(api: Any, who: str) -> None:
    field = await make_field()
    author = await make_account()
    idea = await make_idea(field["id"], author["id"])
    client: ApiClient = await api() if who == "anonymous" else await client_for(api, await make_account(who))
    ids = {
        "idea": idea,
        "comment": await make_comment(idea, client.account_id or author["id"]),
        "slug": field["slug"],
        "account": author["id"],
    }
    rng = random.Random(f"{SEED}-{who}")
    plan = _plan(rng, ids, 150)

    failures: list[str] = []
    semaphore = asyncio.Semaphore(10)

    async def send(index: int, method: str, path: str, kwargs: dict[str, Any]) -> None:
        async with semaphore:
            response = await client.request(method, path, **kwargs)
        ok = response.status_code < 500 and (
            response.status_code < 400
            or response.headers.get("content-type", "").startswith("application/problem+json")
        )
        if not ok:
            failures.append(f"#{index} {method} {path} {kwargs!r:.300} -> {response.status_code} {response.text:.300}")

    await asyncio.gather(*(send(i, *case) for i, case in enumerate(plan)))
    assert not failures, "\n".join(failures)
