"""Topic tags for an article: what it is about, as a reader would browse it.

Up to six topics a story; two when the story gives them, fewer when nothing more passes the rules
(precision first: a weak topic is worse than none). A topic comes from five places, each held to
the rules in `rules/topics.toml`:

- the seed's own tags, when they are topics (no section or outlet label, no name of a person,
  organisation or place: those come from the story's entities, below; no bare common noun);
- key phrases: lower-case noun phrases in the headline and used again, or used three or four times
  from the lead on, ranked by how rare they are in a background corpus of news
  (`data/background_df.tsv`, built by `scripts/build_background.py`). A phrase of two or three
  words must end in a noun that means something on its own and start with a word that classifies
  rather than judges; a single word must be a listed subject ("inflation", "tariffs", "plague");
- named things that are not people, organisations or places (products, events, laws: "MacBook
  Pro", "Black Friday"), used mid-sentence in the body and named in the headline;
- currencies the headline names and the body keeps using ("US dollar", "euro");
- broad subjects ("infectious diseases") whose telling words the story uses repeatedly;
- the one or two people, organisations or places the story is about, under their entity name:
  named in the headline and the lead and used again ("Apple", "Inner Mongolia"), under any name
  the story gives them (a short form it defines in brackets, 'Labour' of 'Labour Party', a
  place's adjective, 'M&S', a headline's 'Marsh' of 'Marsh & McLennan').

A story still short of topics then takes, in turn: the event its opening paragraph names ("Berlin
Film Festival", "Six Nations"); in a sports story, the national side it is about ("Wales
national rugby union team"); an organisation it dwells on that the headline leaves out; a place
its headline names and its lead once more; a person it dwells on; the person its headline names
by a role ('Banker loses sexism claim'), or the organisation by its kind ('drug firm'); the
organisation its opening gives as the post of a
person it is about ('Arsenal boss Arsene Wenger'); a name its headline gives in
one word that the body uses on its own ("Nortel" → "Nortel Networks", "Eminem", "U2"); a listed
subject its opening paragraph names and the story uses again; a broad subject one telling word
keeps coming back to ("virus", five times); the person a headline names by a surname two of the
story's people share, the one the lead names in full ("Jackson" → "Michael Jackson"); in a
performer's story, the act its headline names in capitals ("Prince", "50 Cent"); a broad subject
two telling words tell, one in the headline or opening paragraph ("striker", "Aston Villa"), or
the headline's one used three times ("gamer"). Archive-wide, a story still short, or left short
by the archive's home place, takes a name it held back under the archive's full name of it
("Labour" → "Labour Party"). An event's name may hold a
subject ("film", "Berlin Film Festival"): they are two topics. A word used only inside a capitalised name ("National Insurance") is no
subject, and a broad subject the rules say another tells in another sense ("football" beside
"college football") is dropped.

Every rule's topics pass a learned judge (`TopicGate`: a logistic regression of P(good | story,
topic) on cheap features of the pair, weights in `data/topic_judge.json`, trained by
`scripts/train_topics.py` on blind verdicts) before they are merged, so that a story whose strong
topics fail falls through to the next rules. The seed's own tags and a lower-case subject the story writes
SUBJECT_USES times are not judged.

Every topic is filed under one name: case, plural and the listed aliases fold together; archive-wide
(`finalize`), each topic takes the archive's most used spelling.

The parts, one module each, in the order they import one another (each imports only those
before it):

- `words`: tokens, singulars, parts of speech, stop words;
- `rules`: the rules file, a topic's folded key and spelling, the background table;
- `phrases`: a story's zones, candidate and key phrases;
- `listed`: the seed's own tags;
- `things`: named things (products, events, laws);
- `names`: people, organisations and places as topics, under any form the story writes them in;
- `headlines`: the names a short story's headline gives that the central names miss;
- `subjects`: broad subjects by their cues, currencies;
- `judge`: the learned judge and its features (`TopicGate`);
- `propose`: a story's topics (`annotate`);
- `archive`: the archive-wide step (`finalize`).
"""

from __future__ import annotations

from .archive import finalize
from .propose import MAX_CANDIDATES, MAX_TAGS, MIN_TAGS, annotate

__all__ = ["MAX_CANDIDATES", "MAX_TAGS", "MIN_TAGS", "annotate", "finalize"]
