"""Which language an article is in, from its share of each language's commonest words.

A stopword-ratio test: light, no model, and right for whole news articles (hundreds of words).
Short texts (under 20 words) are taken as English: there is too little to judge. A text whose
opening is mostly tables or lists (a results table, a roster) is judged again on all of its text.
"""

from __future__ import annotations

import re
from collections import Counter

STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in {
        "en": "the of and to in a is that for it was on with as by at from his her be have has are "
              "were this which but not they an said he she their its or will would been who had",
        "fr": "le la les de des du et un une est que qui pour dans sur au aux par pas ne il elle "
              "sont ont avec ce cette ces son sa ses mais plus nous vous leur été être",
        "es": "el la los las de del y que en un una es por con para se su sus al lo como más pero "
              "fue ha han este esta ser son entre también sobre muy ya",
        "de": "der die das und den dem des ein eine einer ist nicht mit von zu auf für sich im "
              "auch es sie er wird wurde hat haben werden aus bei nach wie oder",
        "it": "il lo la gli le di del della dei che e un una per con non sono è da al alla nel "
              "nella si ha anche come più ma questo essere stato",
        "pt": "o a os as de do da dos das e que em um uma para com não por se mais como foi ao "
              "na no nas nos são pelo pela também mas está",
        "nl": "de het een en van in is dat op te zijn met voor niet aan er die ook als door bij "
              "maar om werd naar heeft wordt nog",
        # Indonesian and Malay share most function words; each list has the few that tell them apart.
        "id": "yang dan di ke dari ini itu dengan untuk dalam tidak akan pada juga ada adalah oleh "
              "atau karena kepada telah sudah bisa saja kami kita mereka dia ia saya lebih harus "
              "bahwa seperti tersebut hanya masih sangat jika antara setelah namun saat agar",
        "ms": "yang dan di ke dari ini itu dengan untuk dalam tidak akan pada juga ada adalah oleh "
              "atau kerana kepada telah sudah boleh sahaja kami kita mereka dia beliau saya lebih "
              "perlu bahawa seperti tersebut hanya masih sangat jika antara selepas namun iaitu ialah",
        "sv": "och i att det som en på är av för med till den har de inte om ett han var men hon sig "
              "från vi så kan man när år säger under också efter eller nu sin där vid mot ska skulle hade",
        "da": "og i at det som en på er af for med til den har de ikke om et han var men hun sig fra "
              "vi så kan man når år siger under også efter eller nu sin der ved mod skal skulle havde",
        "no": "og i at det som en på er av for med til den har de ikke om et han var men hun seg fra "
              "vi så kan man når år sier under også etter eller nå sin der ved mot skal skulle hadde",
        "pl": "i w na z że się do nie to jest o jak a od po przez dla co tak ale za jego jej ich być "
              "był była było są oraz który która które już tylko może także ze czy lub pod tym",
        "cs": "a v na se že je s z do o to i k ve by jako jsou jeho ale pro za od po jak který která "
              "které také už jen byl byla bylo může podle při tak než nebo ze mezi",
        # Romanian in both spellings of its comma letters (ș ț, and the older ş ţ).
        "ro": "și şi în de la a cu pe că nu care din un o mai fost sunt este pentru al ale lui cel "
              "cea sau dar după acest această aceasta fi au ca să unei unui despre prin până acum iar va",
        "tr": "ve bir bu da de için ile çok daha olarak en gibi olan kadar sonra ne ama her şey o ki "
              "mi var yok değil ise veya göre ancak ya onun bunu şu olduğu dedi diye ilk yeni",
        "tl": "ang ng sa na at mga ay si ni para hindi ko siya ito kay nang kung may mula naman pa "
              "lang din rin po ka niya nila sila kanyang dahil pero ayon noong kanilang isang tungkol upang",
    }.items()
}
# Languages written in the Latin script that capitalise names and little else: the English model
# and rules serve them, with a name's first word never one the text writes in lower case. Polish,
# Czech and Turkish are detected but not served: their names take case endings ('w Praze',
# 'Ankara'da'), so the model would find them in the forms the sentences give, one page per form.
NAME_CASED = frozenset({"pt", "es", "fr", "it", "nl", "id", "ms", "sv", "da", "no", "ro", "tl"})
WORD_RE = re.compile(r"[^\W\d_]+")
MIN_WORDS = 20
# Share of the English common words: at least 0.14 in every BBC article, under 0.05 in the
# Indonesian, Portuguese, German and Russian pages of the extraction benchmark.
ENGLISH_SURE = 0.10
ENGLISH_AT_LEAST = 0.05
# A text with few English function words (a results roundup: names, numbers, 'points', 'goals')
# is English when this share of its lower-case words are words English news writes in lower case.
ENGLISH_VOCABULARY = 0.8
MIN_LOWER_WORDS = 30
OPENING = 1500  # characters judged first
WHOLE = 12000  # characters judged when the opening leaves the language undetermined


def detect_language(text: str, declared: str = "en", english_words: frozenset[str] = frozenset()) -> str:
    """An ISO 639-1 code: English when its common words are frequent, another language when
    that one's clearly dominate, 'und' (undetermined) for text mostly not in the Latin script or
    with almost no English common words; otherwise the language the page declared. An opening
    that leaves it undetermined (a table of names and numbers) is judged again on the whole text,
    and then by its vocabulary, when a list of English words is given."""
    code = judge_language(text[:OPENING], declared)
    if code == "und" and len(text) > OPENING:
        code = judge_language(text[:WHOLE], declared)
    if code == "und" and english_words and english_vocabulary(text[:WHOLE], english_words):
        return "en"
    return code


def english_vocabulary(text: str, english_words: frozenset[str]) -> bool:
    """Whether a Latin-script text's lower-case words are nearly all English words."""
    lower = [w for w in WORD_RE.findall(text) if w.islower()]
    return len(lower) >= MIN_LOWER_WORDS and sum(w in english_words for w in lower) >= ENGLISH_VOCABULARY * len(lower)


def judge_language(text: str, declared: str) -> str:
    """The language of one stretch of text, by its share of each language's common words."""
    declared = (declared or "en").lower()
    words = [w.lower() for w in WORD_RE.findall(text)]
    if len(words) < MIN_WORDS:
        return declared
    latin = sum(1 for w in words if w.isascii() or all("\u00c0" <= c <= "\u024f" or c.isascii() for c in w))
    if latin < 0.5 * len(words):
        return "und"
    counts = Counter(words)  # each language's common words counted among the text's distinct words only
    scores = {code: sum(counts[w] for w in counts.keys() & stop) / len(words) for code, stop in STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    if best != "en" and scores[best] > 1.5 * scores["en"] and scores[best] >= 0.08:
        return best
    if scores["en"] >= ENGLISH_SURE:
        return "en"
    if scores["en"] < ENGLISH_AT_LEAST:
        return declared if declared != "en" else "und"
    return declared
