"""A story's topics: each source's proposals in turn, through the judge, merged up to MAX_TAGS,
with the fillers a story short of topics takes, and a reserve the archive-wide step counts."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from ..article import Article
from .rules import fold, topic_rules
from .phrases import Zone, entity_words, key_phrases, story_zones, story_zones_opening
from .listed import listed_tags
from .things import named_events, named_things
from .names import affiliations, central_names, headline_sides, nation, national_sides, role_organisation, role_person
from .headlines import headline_acts, headline_names, headline_surnames, headline_things
from .subjects import broad_subjects, currencies, loose_subjects, single_cue_subjects
from .judge import Judge, TopicGate, topic_judge

MAX_TAGS = 6
MIN_TAGS = 2
MAX_CANDIDATES = 12  # topics an article keeps in reserve: they vote for a topic's spelling
MAX_CENTRAL = 2  # people, organisations and places one story may take as topics
SHORT_PLACE_USES = 2  # uses of a place the headline names that make it a topic of a story short of them


def merge_topics(groups: Iterable[Iterable[str]], limit: int, entities: Collection[str] = ()) -> list[str]:
    """Topics from several lists, in turn, each folded key once, no topic inside another ('plague',
    'bubonic plague'; 'Six Nations', 'RBS Six Nations'), except a subject inside the name of one
    of the story's `entities` ('retail', 'British Retail Consortium'): they are two topics."""
    chosen: list[str] = []
    keys: list[tuple[str, bool, bool]] = []  # folded key, an entity's name, a subject in lower case
    for group in groups:
        for topic in group:
            key, entity, subject = fold(topic), topic in entities, topic == topic.lower()
            if not key or len(chosen) >= limit:
                continue
            if any(key == k or not (entity and s or e and subject) and (contains(k, key) or contains(key, k)) for k, e, s in keys):
                continue
            chosen.append(topic)
            keys.append((key, entity, subject))
    return chosen


def contains(longer: str, shorter: str) -> bool:
    """Whether the words of `shorter` run inside `longer` (folded keys)."""
    return f" {shorter} " in f" {longer} " and longer != shorter


def annotate(article: Article) -> Article:
    """Up to MAX_TAGS topics the story carries on its own, and up to MAX_CANDIDATES in reserve
    (its topics first), whose spellings the archive-wide step counts. Non-English stories keep
    their listed tags."""
    listed = listed_tags(article)
    if article.language not in ("en", ""):
        return article.with_(tags=tuple(listed[:MAX_TAGS]), tag_candidates=tuple(listed[:MAX_CANDIDATES]))
    zones = story_zones(article)
    tags, reserve, _ = propose_topics(article, zones, listed, topic_judge())
    return article.with_(tags=tuple(tags), tag_candidates=tuple(reserve))


def propose_topics(article: Article, zones: Sequence[Zone], listed: Sequence[str],
                   judge: Judge | None = None) -> tuple[list[str], list[str], dict[str, str]]:
    """The rules' topics of an English story, its reserve, and the source each topic came from
    (one of SOURCES). With a `judge`, each source's topics are those it scores at its threshold
    or more, so that a story whose strong topics fail falls through to the next rules."""
    origin: dict[str, str] = {}  # topic → the source that proposed it; the rest are fillers
    strong, weak = key_phrases(zones)
    named = named_things(article, zones)
    broad, weak_broad = broad_subjects(zones)
    headed, unheaded = central_names(article, zones)
    central = [name for _, name in headed]  # capped at MAX_CENTRAL once a sports story's sides are out
    unheaded_orgs = [name for score, name in unheaded if score > 0]
    unheaded_people = [name for score, name in unheaded if score <= 0]
    named_keys = [name for _, name in named]
    found = sorted([*strong, *named], key=lambda item: -item[0])
    section = fold(article.category)
    opening = set(story_zones_opening(zones))
    fill = [p for _, p, count in weak if " " not in p and count >= 3]
    opening_fill = [p for _, p, _ in weak if " " not in p and fold(p) in opening and fold(p) != section]
    found, broad, weak, weak_broad, fill = (
        [p for p in group if fold(p) != section]
        for group in ([p for _, p in found], [b for _, b in broad], [p for _, p, _ in weak], [b for _, b in weak_broad], fill)
    )
    senses = {other for topic in broad for other in topic_rules().overrides.get(topic, ())}
    found = [p for p in found if fold(p) not in senses]  # 'football' of 'college football': the broad subject tells its sense
    money = currencies(zones)
    for label, group in (("listed", listed), ("named", named_keys), ("phrase", found), ("named", money), ("broad", broad), ("central", central)):
        for topic in group:
            origin.setdefault(topic, label)
    gate = TopicGate(article, zones, origin, judge)
    tags = merge_topics([listed, gate(found), gate(money), gate(broad)], MAX_TAGS)  # the outlet's own tags: its editors chose them
    if len(tags) < MIN_TAGS:  # short of topics: the single subjects and broad subjects held back
        tags = merge_topics([tags, gate(fill, "fill"), gate(weak_broad, "weak_broad")], MIN_TAGS)
    sports = any(topic in topic_rules().sports for topic in (*found, *broad, *weak_broad))
    sides: list[str] = []
    if sports:
        sides = national_sides(tags, headline_sides(article, zones))
        central = [name for name in central if not (name in article.places and nation(name))]  # a national side
    central = central[:MAX_CENTRAL]
    entities = {*central, *unheaded_orgs, *unheaded_people}
    tags = merge_topics([tags, gate(central)], MAX_TAGS, entities)
    if len(tags) < MIN_TAGS:  # short: an event the headline or opening paragraph names
        events = [e for e in named_events(zones, entity_words(article)) if not any(" " in t and contains(fold(e), fold(t)) for t in tags)]
        tags = merge_topics([tags, gate(events, "event")], MIN_TAGS, {*entities, *events})  # 'film', 'Berlin Film Festival': two topics
    if len(tags) < MIN_TAGS:  # still short: the national side a sports story is about
        tags = merge_topics([tags, gate(sides, "side")], MIN_TAGS, {*entities, *sides})
    if len(tags) < MIN_TAGS:  # still short: an organisation the story dwells on
        tags = merge_topics([tags, gate(unheaded_orgs, "unheaded_org")], MIN_TAGS, entities)
    if len(tags) < MIN_TAGS:  # still short: a place the headline names and the lead once more; a person the story dwells on
        places = [name for _, name in central_names(article, zones, SHORT_PLACE_USES)[0] if name in article.places and name not in central]
        places = [name for name in places if not (sports and nation(name))]
        tags = merge_topics([tags, gate(places, "place"), gate(unheaded_people, "unheaded_person")], MIN_TAGS, {*entities, *places})
    if len(tags) < MIN_TAGS:  # still short: the person a headline names by a role ('Banker loses...')
        roles = role_person(article, zones)
        tags = merge_topics([tags, gate(roles, "role_person")], MIN_TAGS, {*entities, *roles})
    if len(tags) < MIN_TAGS:  # still short: the organisation a headline names by its kind ('drug firm')
        bodies = role_organisation(article, zones)
        tags = merge_topics([tags, gate(bodies, "role_organisation")], MIN_TAGS, {*entities, *bodies})
    if len(tags) < MIN_TAGS:  # still short: the organisation the opening gives as a topic person's post
        posts = affiliations(article, zones, [t for t in tags if t in article.people])
        tags = merge_topics([tags, gate(posts, "post")], MIN_TAGS, {*entities, *posts})
    if len(tags) < MIN_TAGS:  # still short: a name the headline gives in one word
        headline_named = [name for _, name in headline_names(article, zones)]
        tags = merge_topics([tags, gate(headline_named, "headline_name")], MIN_TAGS, {*entities, *headline_named})
    if len(tags) < MIN_TAGS:  # still short: a subject the opening paragraph names and the story again
        tags = merge_topics([tags, gate(opening_fill, "opening_fill")], MIN_TAGS, entities)
    if len(tags) < MIN_TAGS:  # still short: a broad subject one telling word keeps coming back to
        overridden = {other for topic in tags for other in topic_rules().overrides.get(topic, ())}
        single = [t for _, t in single_cue_subjects(zones) if fold(t) != section and t not in overridden]
        tags = merge_topics([tags, gate(single, "single_cue")], MIN_TAGS, entities)
    if len(tags) < MIN_TAGS:  # still short: the person a headline names by a surname the story's names share
        people = headline_surnames(article, zones)
        tags = merge_topics([tags, gate(people, "surname")], MIN_TAGS, {*entities, *people})
    if len(tags) < MIN_TAGS:  # still short: the thing the headline names and the body keeps naming
        things = headline_things(article, zones)
        tags = merge_topics([tags, gate(things, "headline_thing")], MIN_TAGS, {*entities, *things})
    if len(tags) < MIN_TAGS and any(t in topic_rules().artist_subjects for t in tags):  # a performer's story: the act its headline names
        acts = headline_acts(article, zones)
        tags = merge_topics([tags, gate(acts, "act")], MIN_TAGS, {*entities, *acts})
    if len(tags) < MIN_TAGS:  # still short: a broad subject two telling words or the headline's one tell
        overridden = {other for topic in tags for other in topic_rules().overrides.get(topic, ())}
        loose = [t for _, t in loose_subjects(zones) if fold(t) != section and t not in overridden]
        tags = merge_topics([tags, gate(loose, "loose")], MIN_TAGS, entities)
    at_risk = len(tags) < MIN_TAGS or len(tags) == MIN_TAGS and any(t in article.places for t in tags)  # a home place leaves it short
    backup = backup_names(article, zones, tags, sports, unheaded_orgs) if at_risk else []
    reserve = merge_topics([tags, backup, found, central, broad, weak, weak_broad], MAX_CANDIDATES)
    return tags, reserve, {topic: origin.get(topic, "filler") for topic in reserve}


def backup_names(article: Article, zones: Sequence[Zone], chosen: Sequence[str], sports: bool, unheaded: Sequence[str]) -> list[str]:
    """For a story short of topics, or one the archive's home place may leave short, the names it
    is about that it did not take: beyond MAX_CENTRAL, an organisation's one common word
    ('Labour'), then an organisation it dwells on that the headline leaves out. The archive-wide
    step takes them when it knows them under a name that can be a topic (see finalize); no
    national side of a sports story."""
    headed = [name for _, name in central_names(article, zones, short_forms=True)[0]]
    return [name for name in (*headed, *unheaded) if name not in chosen and not (sports and name in article.places and nation(name))]
