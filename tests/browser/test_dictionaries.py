"""Every UI string is in a dictionary per language: German and English have the same keys, and every key
the scripts name literally exists. (Plain file checks: no browser needed.)"""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "frontend_static" / "js"
_KEY_LINE = re.compile(r'^\s*"([a-z0-9_.]+)":', re.MULTILINE)
# a literal key passed to tx(tag, key)/setText(el, key)/t(key)/announce/flash, or given as key:/label:/hint:
_USES = re.compile(
    r'(?:\btx\(\s*"[a-z0-9]+",\s*|\bsetText\([^,()]+,\s*|\bt\(\s*|\bannounce\(\s*|\bflash\(\s*'
    r'|\b(?:key|label|hint|titleKey):\s*|"aria-label":\s*)"([a-z_]+\.[a-z0-9_.]+)"'
)


def keys(path: Path) -> set[str]:
    return set(_KEY_LINE.findall(path.read_text(encoding="utf-8")))


def dictionary_pairs() -> list[tuple[Path, Path]]:
    german = sorted((STATIC / "i18n").glob("*de.js"))
    return [(de, de.with_name(de.name.replace("de.js", "en.js"))) for de in german]


def test_every_german_key_has_an_english_text_and_vice_versa() -> None:
    pairs = dictionary_pairs()
    assert pairs
    for de, en in pairs:
        assert en.exists(), f"{en.name} is missing"
        assert keys(de) == keys(en), {
            "only German": sorted(keys(de) - keys(en)),
            "only English": sorted(keys(en) - keys(de)),
        }


def test_every_key_named_in_the_scripts_exists() -> None:
    known = set().union(*(keys(de) for de, _ in dictionary_pairs()))
    missing: dict[str, list[str]] = {}
    used = 0
    for script in sorted(STATIC.rglob("*.js")):
        if script.parent.name == "i18n":
            continue
        for key in _USES.findall(script.read_text(encoding="utf-8")):
            used += 1
            if key not in known:
                missing.setdefault(script.name, []).append(key)
    assert used > 100  # the pattern still finds the keys
    assert not missing, missing
