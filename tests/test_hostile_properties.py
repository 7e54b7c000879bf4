"""Property-based drills (Hypothesis): generated seeds never make ingest raise, a published story
keeps its body's words through Pelican, and ingesting again changes no byte."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.ingest import Options, ingest

from .conftest import ROOT
from .fixtures.hostile.corpus import as_read

HOSTILE_WORDS = [
    "<script>", "</p>", "<img", "onerror=alert(1)>", "{{", "7*7", "}}", "{%", "%}", "{filename}", "{static}/x",
    "*", "**", "_", "#", "##", ">", "1.", "-", "+", "|", "`", "```", "[x](javascript:alert(1))", "&amp;", "&#60;",
    "Title:", "Date:", "\\", "~~", "$", "^", ":", "Ünïcödé", "中文", "عربي", "🔥", "\u200d", "O'Brien", "“quoted”",
]
PLAIN_WORDS = ["council", "vote", "budget", "mayor", "bridge", "river", "school", "report", "members", "city",
               "week", "plans", "road", "money", "residents", "officials", "said", "would", "the", "and"]
words = st.lists(st.one_of(st.sampled_from(PLAIN_WORDS), st.sampled_from(HOSTILE_WORDS)), min_size=22, max_size=45)
paragraph = words.map(lambda ws: " ".join(ws) + ".")
title = st.lists(st.sampled_from(PLAIN_WORDS + HOSTILE_WORDS[:20]), min_size=4, max_size=10).map(" ".join)


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".newsarchive" not in p.parts}


def reader():
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    # PATH: any existing folder (a fresh checkout has no content/ yet)
    return MarkdownReader(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "tests")}))


READER = reader()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=title, body=st.lists(paragraph, min_size=1, max_size=4, unique=True))
def test_generated_seed_keeps_its_words_and_reingests_identically(headline: str, body: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        text = f"{headline}\n\nBy Jane Doe\nMarch 3, 2021\n\n" + "\n\n".join(body) + "\n"
        (root / "seeds" / "story.txt").write_text(text, encoding="utf-8")
        report = ingest(root / "seeds", Options(content=root / "content", workers=1))
        [outcome] = report.seeds
        assert outcome.status in ("published", "failed"), outcome
        if outcome.status == "failed":
            assert outcome.reason
            return
        first = snapshot(root / "content")
        again = ingest(root / "seeds", Options(content=root / "content", workers=1))
        assert [o.status for o in again.seeds] == ["unchanged"]
        assert snapshot(root / "content") == first
        fresh = ingest(root / "seeds", Options(content=root / "fresh", workers=1))
        assert fresh.seeds[0].article == outcome.article and snapshot(root / "fresh") == first
        html, _ = READER.read(str(root / "content" / outcome.article))
        shown = [p.get_text() for p in BeautifulSoup(html, "html.parser").find_all("p")]
        assert {el.name for el in BeautifulSoup(html, "html.parser").find_all(True)} <= {"p"}
        # The reader may take the first paragraph for a standfirst; every other one must survive whole.
        missing = [p for p in body[1:] if as_read(p) not in shown]
        assert not missing, missing


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["x.txt", "x.html", "x.htm", "x.html.gz"]))
def test_any_bytes_never_make_ingest_raise(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        (root / "seeds" / name).write_bytes(data)
        report = ingest(root / "seeds", Options(content=root / "content", workers=1))
        [outcome] = report.seeds
        assert outcome.status in ("published", "failed") and (outcome.status == "published" or outcome.reason)
        assert "internal error" not in outcome.reason, outcome.reason
