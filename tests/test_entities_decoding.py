"""Entities: how the model's doubted spans are decoded. Viterbi often strings two names together
over a connector and the joined span fails the threshold; the names inside it the model is sure
of are kept, and a span with a doubted part, or an organisation's longer name, gives none."""

from __future__ import annotations

import pytest

from newsarchive.article import Article
from newsarchive.entities import entities_of
from newsarchive.entities.conll import spans
from newsarchive.entities.features import DocStats
from newsarchive.entities.recognise import THRESHOLD, get_tagger
from newsarchive.entities.tokens import tokenize

CRIMEA = ('He begged lawmakers "not to lose sight of" the ongoing Ukraine conflict or the illegal occupation by Russia of Crimea, '
          "and work to reform Ukraine.")
ROSNEFT = '"I think that Rosneft and Yuganskneftegaz, should it become a state-owned company, must be privatized," he said.'
HIGH_COURT = "A jury ruled that Lord Archer lied during a libel trial against the Daily Star at the High Court in London in 1987."
SUBS = "Subs: McGregor, Namouchi, Burke, Alex Rae, Malcolm, Thompson, Lovenkrands."
LINEUP = "Mawson, Travis, Mkandawire, James, Robinson, Daniel Williams, Stanley, Hyde (Pitman 105), Purdie (Mills 83), Brown."
REPLACEMENTS = "Replacements: Everitt for Mapletoft (53), Hodgson for Edwards (77), Wheatley for Hatley (71), Paice for van der Walt (60)."
PIPA = ("The poll was conducted by the international polling firm GlobeScan, together with the Program on International Policy "
        "Attitudes (Pipa) of the University of Maryland.")
ICANN = ("The names are just two of a total of 10 proposed domains that are being considered by the Internet Corporation for "
         "Assigned Names and Numbers, Icann.")
DFES = "The Hansard Society, the Electoral Commission and the Department for Education and Skills are running the programme."
CERN = "A distinguished IBM engineer, Dr Carpenter spent 20 years at Cern, the European Laboratory for Particle Physics."
DEFRA = "A further 200 jobs at the Department of the Environment, Food and Rural Affairs have been earmarked to be cut."
SHOPS = "The CD is being sold for £3.99, with HMV, Virgin and Woolworths all donating their profits."
NEITHER = "Neither Ask Jeeves nor Doubleclick would comment."


def words_of(text: str) -> list[str]:
    return [token.text for token in tokenize(text)]


def failed_spans(words: list[str]) -> list[str]:
    """The Viterbi spans the threshold rejects (neither the type nor the name sure enough)."""
    tagger = get_tagger()
    tags, _ = tagger.marginals(words, DocStats.of([words]))
    failed = []
    for start, end, _kind in spans(tags):
        confidence = min(tagger.crf.marginal(tags[i], i) for i in range(start, end))
        name = min(1.0 - tagger.crf.marginal("O", i) for i in range(start, end))
        if max(confidence, name) < THRESHOLD:
            failed.append(" ".join(words[start:end]))
    return failed


def decoded(words: list[str]) -> set[tuple[str, str]]:
    (found,) = get_tagger().entity_spans([words])
    return {(" ".join(words[start:end]), kind) for start, end, kind, _, _ in found}


# (sentence, the doubted span Viterbi joins, names kept from it with their type, names never kept)
RECOVERED = [
    pytest.param(CRIMEA, "Russia of Crimea", {("Russia", "LOC"), ("Crimea", "LOC")}, {"Russia of Crimea"}, id="connector of"),
    pytest.param(ROSNEFT, "Rosneft and Yuganskneftegaz", {("Rosneft", "ORG"), ("Yuganskneftegaz", "ORG")}, set(), id="connector and"),
    pytest.param(HIGH_COURT, "Daily Star at the High Court", {("Daily Star", "ORG"), ("High Court", "ORG")}, set(), id="words between"),
    pytest.param(SUBS, "Malcolm , Thompson", {("Malcolm", "PER"), ("Thompson", "PER")}, set(), id="comma"),
    pytest.param(LINEUP, "Hyde ( Pitman", {("Hyde", "PER"), ("Pitman", "PER")}, set(), id="bracket"),
    pytest.param(REPLACEMENTS, "Paice for van der Walt", {("Paice", "PER"), ("van der Walt", "PER")}, {"Walt", "der Walt"}, id="particle kept"),
]


@pytest.mark.parametrize(("text", "joined", "kept", "absent"), RECOVERED)
def test_confident_names_inside_a_doubted_span_are_kept(text: str, joined: str, kept: set[tuple[str, str]], absent: set[str]) -> None:
    words = words_of(text)
    assert joined in failed_spans(words)  # the premise: the model joins them and doubts the whole
    found = decoded(words)
    assert kept <= found
    assert not absent & {name for name, _ in found}


# (sentence, the doubted span, names that must not be kept: fragments, or pieces of a span one of
# whose pieces the model doubts)
DROPPED = [
    pytest.param(PIPA, "Program on International Policy Attitudes", {"Program", "International Policy Attitudes"}, id="doubted piece"),
    pytest.param(SHOPS, "HMV , Virgin and Woolworths", {"HMV", "Virgin", "Woolworths"}, id="one of three doubted"),
    pytest.param(NEITHER, "Neither Ask Jeeves nor Doubleclick", {"Neither Ask Jeeves", "Ask Jeeves", "Doubleclick"}, id="no sure piece"),
    pytest.param(ICANN, "Internet Corporation for Assigned Names and Numbers", {"Internet Corporation for Assigned Names", "Numbers", "Internet Corporation"}, id="organisation over for"),
    pytest.param(CERN, "European Laboratory for Particle Physics", {"European Laboratory", "Particle Physics"}, id="organisation over for, both sure"),
    pytest.param(DFES, "Department for Education and Skills", {"Department for Education", "Skills", "Department"}, id="complements listed"),
    pytest.param(DEFRA, "Department of the Environment , Food and Rural Affairs", {"Department", "Environment", "Food", "Rural Affairs"}, id="complements listed over a comma"),
]


@pytest.mark.parametrize(("text", "joined", "absent"), DROPPED)
def test_doubted_span_without_sure_parts_is_dropped(text: str, joined: str, absent: set[str]) -> None:
    words = words_of(text)
    assert joined in failed_spans(words)
    found = {name for name, _ in decoded(words)}
    assert joined not in found
    assert not absent & found


# (sentence, names the published article gives, by kind)
PUBLISHED = [
    pytest.param(CRIMEA, "places", {"Russia", "Crimea", "Ukraine"}, id="Russia and Crimea"),
    pytest.param(ROSNEFT, "organizations", {"Rosneft", "Yuganskneftegaz"}, id="two companies"),
    pytest.param(HIGH_COURT, "organizations", {"Daily Star", "High Court"}, id="paper and court"),
]


@pytest.mark.parametrize(("text", "kind", "names"), PUBLISHED)
def test_recovered_names_are_published(text: str, kind: str, names: set[str]) -> None:
    result = entities_of(Article(title="", published=None, body=(text,)))
    assert names <= set(result[kind]), result


# (sentence, the words whole documents (tag-conll) tag as names, each with its tag)
DOCUMENTS = [
    pytest.param(CRIMEA, {("Russia", "B-LOC"), ("Crimea", "B-LOC")}, {"of"}, id="Russia and Crimea"),
    pytest.param(ROSNEFT, {("Rosneft", "B-ORG"), ("Yuganskneftegaz", "B-ORG")}, {"and"}, id="two companies"),
    pytest.param(ICANN, set(), {"Internet", "Numbers"}, id="organisation over for"),
]


@pytest.mark.parametrize(("text", "tagged", "untagged"), DOCUMENTS)
def test_whole_documents_decode_the_same_way(text: str, tagged: set[tuple[str, str]], untagged: set[str]) -> None:
    words = words_of(text)
    (tags,) = get_tagger().tag_document([words])
    pairs = set(zip(words, tags, strict=True))
    assert tagged <= pairs
    assert all(tag == "O" for word, tag in pairs if word in untagged)
