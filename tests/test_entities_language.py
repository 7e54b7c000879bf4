"""Which language an article is in, and the names found in languages written in the Latin script
that capitalise names and little else (Indonesian and Malay with their own name rules)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsarchive import entities
from newsarchive.article import Article
from newsarchive.entities.gazetteer import territory_kind
from newsarchive.entities.language import NAME_CASED, detect_language
from newsarchive.entities.other_languages import language_rules, strip_titles

from .conftest import shared_path

PARAGRAPHS = [
    ("id", "Presiden Joko Widodo mengatakan pada hari Senin bahwa pemerintah akan menambah anggaran "
           "untuk pembangunan jalan di Kalimantan Timur. Menurut dia, proyek tersebut sudah lama ditunggu "
           "oleh warga yang tinggal di daerah itu, karena jalan yang ada sekarang sering rusak saat musim "
           "hujan. Menteri Keuangan Sri Mulyani Indrawati juga hadir dalam acara tersebut."),
    ("ms", "Perdana Menteri Anwar Ibrahim berkata pada hari Isnin bahawa kerajaan akan menambah "
           "peruntukan untuk pembinaan jalan di Sabah. Menurut beliau, projek tersebut telah lama ditunggu "
           "oleh penduduk yang tinggal di kawasan itu kerana jalan yang ada sekarang sering rosak selepas "
           "musim hujan. Beliau berkata demikian ketika berucap di Kota Kinabalu."),
    ("sv", "Regeringen meddelade på måndagen att den inte kommer att ändra sin politik i frågan, och "
           "ministern fick svara på frågor från journalister som hade väntat i salen. Enligt Magdalena "
           "Andersson är det för tidigt att säga hur mycket reformen kommer att kosta, men hon lovade att "
           "ett förslag ska läggas fram i Stockholm under hösten."),
    ("da", "Regeringen meddelte mandag, at den ikke vil ændre sin politik på området, og ministeren måtte "
           "svare på spørgsmål fra journalister, som havde ventet i salen. Ifølge Mette Frederiksen er det "
           "for tidligt at sige, hvor meget reformen vil koste, men hun lovede, at et forslag skal "
           "fremlægges i København efter sommerferien."),
    ("no", "Regjeringen sa mandag at den ikke vil endre sin politikk på området, og statsråden måtte svare "
           "på spørsmål fra journalister som hadde ventet i salen. Ifølge Jonas Gahr Støre er det for "
           "tidlig å si hvor mye reformen vil koste, men han lovet at et forslag skal legges fram i Oslo "
           "etter sommeren."),
    ("pl", "Rząd poinformował w poniedziałek, że nie zmieni swojej polityki w tej sprawie, a minister "
           "odpowiadał na pytania dziennikarzy, którzy czekali na niego w sali. Według Donalda Tuska jest "
           "jeszcze za wcześnie, by powiedzieć, ile będzie kosztować reforma, ale projekt ustawy ma trafić "
           "do Sejmu jesienią."),
    ("cs", "Vláda v pondělí oznámila, že svou politiku v této věci nezmění, a ministr odpovídal na otázky "
           "novinářů, kteří na něj čekali v sále. Podle Petra Fialy je ještě příliš brzy říci, kolik bude "
           "reforma stát, ale návrh zákona má být předložen na podzim a poslanci o něm budou jednat v prosinci."),
    ("ro", "Guvernul a anunțat luni că nu își va schimba politica în această privință, iar ministrul a "
           "răspuns la întrebările jurnaliștilor care îl așteptau în sală. Potrivit lui Marcel Ciolacu, "
           "este prea devreme pentru a spune cât va costa reforma, dar proiectul de lege va fi prezentat "
           "la București în toamnă."),
    ("tr", "Hükümet pazartesi günü bu konudaki politikasını değiştirmeyeceğini açıkladı ve bakan salonda "
           "bekleyen gazetecilerin sorularını yanıtladı. Bakanın açıklamasına göre reformun ne kadara mal "
           "olacağını söylemek için henüz çok erken, ancak yasa tasarısı sonbaharda meclise sunulacak ve "
           "ilk görüşmeler yapılacak."),
    ("tl", "Inihayag ng pamahalaan noong Lunes na hindi nito babaguhin ang kanyang patakaran sa usaping "
           "ito, at sinagot ng kalihim ang mga tanong ng mga mamamahayag na naghihintay sa bulwagan. Ayon "
           "kay Ferdinand Marcos Jr., masyado pang maaga para sabihin kung magkano ang magagastos sa "
           "reporma, pero ihaharap ang panukalang batas sa Maynila."),
    # the languages detected before keep their own: no new list takes them
    ("pt", "O governo anunciou na segunda-feira que não vai mudar a sua política sobre a questão, e o "
           "ministro respondeu às perguntas dos jornalistas que esperavam na sala. Segundo Fernando Haddad, "
           "ainda é cedo para dizer quanto a reforma vai custar, mas o projeto de lei será apresentado em "
           "Brasília no segundo semestre."),
    ("es", "El gobierno anunció el lunes que no cambiará su política sobre la cuestión, y el ministro "
           "respondió a las preguntas de los periodistas que esperaban en la sala. Según Pedro Sánchez, "
           "todavía es pronto para decir cuánto costará la reforma, pero el proyecto de ley será presentado "
           "en Madrid durante el otoño."),
    ("fr", "Le gouvernement a annoncé lundi qu'il ne changerait pas sa politique sur la question, et le "
           "ministre a répondu aux questions des journalistes qui attendaient dans la salle. Selon Élisabeth "
           "Borne, il est encore trop tôt pour dire combien coûtera la réforme, mais le projet de loi sera "
           "présenté à Paris à l'automne."),
    ("it", "Il governo ha annunciato lunedì che non cambierà la sua politica sulla questione, e il ministro "
           "ha risposto alle domande dei giornalisti che aspettavano nella sala. Secondo Giorgia Meloni è "
           "ancora presto per dire quanto costerà la riforma, ma il disegno di legge sarà presentato a Roma "
           "in autunno."),
    ("nl", "De regering heeft maandag aangekondigd dat zij haar beleid op dit punt niet zal veranderen, en "
           "de minister beantwoordde vragen van journalisten die in de zaal hadden gewacht. Volgens Mark "
           "Rutte is het nog te vroeg om te zeggen hoeveel de hervorming gaat kosten, maar het wetsvoorstel "
           "wordt in het najaar in Den Haag gepresenteerd."),
    ("de", "Die Regierung hat am Montag angekündigt, dass sie ihre Politik in dieser Frage nicht ändern "
           "wird, und der Minister beantwortete die Fragen der Journalisten, die im Saal gewartet hatten. "
           "Laut Olaf Scholz ist es noch zu früh, um zu sagen, wie viel die Reform kosten wird, aber der "
           "Gesetzentwurf soll im Herbst in Berlin vorgestellt werden."),
    ("en", "The government said on Monday that it would not change its policy on the issue, and the "
           "minister answered questions from reporters who had been waiting in the hall. According to the "
           "prime minister, it is too early to say how much the reform will cost, but the bill will be "
           "presented in London in the autumn."),
    # English with many names and few function words is still English, not a language whose list
    # shares words with it ('at', 'for', 'i', 'may', 'man')
    ("en", "Man City beat Leeds 3-1 at home on Saturday. Haaland scored twice for City, and Foden added a "
           "third late on. Leeds may appeal the red card shown to Ayling. I think we deserved more, said "
           "Marsch. City are top, two points clear of Arsenal, who play Spurs at the Emirates on Sunday."),
]


@pytest.mark.parametrize("code, text", PARAGRAPHS)
def test_language_of_a_paragraph(code: str, text: str) -> None:
    assert detect_language(text, "en") == code


@pytest.mark.parametrize("code", ["id", "ms", "sv", "da", "no", "ro", "tl"])
def test_new_languages_are_served_by_the_english_model(code: str) -> None:
    assert code in NAME_CASED


@pytest.mark.parametrize("code, text", [(code, text) for code, text in PARAGRAPHS if code in ("pl", "cs", "tr")])
def test_languages_whose_names_take_case_endings_get_no_entities_and_a_note(code: str, text: str) -> None:
    result = entities.annotate(article(text))
    assert result.language == code
    assert (result.people, result.organizations, result.places) == ((), (), ())
    assert any(f"'{code}'" in note for note in result.notes)


def test_every_bbc_text_reads_as_english() -> None:
    corpus = shared_path("corpus", "bbc")
    texts = sorted(corpus.glob("*/*.txt"))
    assert len(texts) > 2000
    other = [p.name for p in texts if detect_language(p.read_text(encoding="utf-8", errors="replace"), "en") != "en"]
    assert other == []


def article(*body: str, title: str = "Berita") -> Article:
    return Article(title=title, published=datetime(2023, 2, 24, tzinfo=timezone.utc), body=body, language="en", source="Test")


INDONESIAN = [
    # (body, names that must be found by kind, names that must not be emitted)
    (("Gubernur Jawa Barat Ridwan Kamil mengatakan pada hari Senin bahwa pemerintah provinsi akan "
      "membantu warga yang rumahnya rusak akibat banjir di Kabupaten Bandung. Menurut dia, bantuan "
      "tersebut sudah disiapkan sejak pekan lalu dan akan dibagikan oleh petugas di setiap desa.",
      "Pak Ridwan juga meminta warga untuk tetap berdoa kepada Allah SWT agar banjir tidak datang lagi. "
      "Dalam acara di Masjid Istiqlal, Ustadz Abdul Somad mengingatkan bahwa Nabi Muhammad SAW selalu "
      "menolong orang yang sedang kesusahan.",
      "Sementara itu, Menteri Keuangan Sri Mulyani Indrawati menyatakan bahwa anggaran untuk bencana "
      "sudah ditambah. Universitas Indonesia dan Badan Nasional Penanggulangan Bencana juga ikut "
      "membantu para korban di Jawa Barat."),
     {"people": ("Ridwan Kamil", "Abdul Somad", "Sri Mulyani Indrawati"),
      "organizations": ("Universitas Indonesia", "Badan Nasional Penanggulangan Bencana"),
      "places": ("Jawa Barat", "Kabupaten Bandung", "Masjid Istiqlal")},
     ("Allah", "Allah SWT", "Pak Ridwan", "Ustadz Abdul Somad", "Jawa Barat Ridwan Kamil",
      "Keuangan Sri Mulyani Indrawati", "Nabi Muhammad", "Muhammad SAW")),
    (("Dalam kajian di Masjid Agung pada Jumat malam, ustadz muda itu membacakan hadits tentang "
      "pentingnya menjaga lisan. Menurut dia, hadits tersebut juga dijelaskan oleh Ibnu Hajar "
      "Al-Asqalani dalam kitabnya.",
      "Ia lalu mengutip nasihat Umar bin Al-Khaththab kepada para sahabatnya, bahwa orang yang banyak "
      "bicara akan banyak salahnya. Wahai Salman, kata Umar, jagalah lisanmu. Jamaah yang hadir tampak "
      "mendengarkan dengan tenang sampai acara selesai."),
     {"people": ("Umar bin Al-Khaththab", "Ibnu Hajar Al-Asqalani", "Salman"), "places": ("Masjid Agung",)},
     ("Wahai Salman", "Umar")),
    # country names of the language, a sentence's first word off a name, no country inside an organisation's name
    (("Presiden Joko Widodo bertemu dengan Presiden Amerika Serikat di Jakarta pada hari Senin. Menurut "
      "Bank Indonesia, kerja sama dengan Tiongkok dan Jepang juga akan ditingkatkan tahun ini, karena "
      "ekspor ke negara tersebut sudah naik sejak tahun lalu dan Universitas Indonesia ikut membantu.",),
     {"people": ("Joko Widodo",), "organizations": ("Bank Indonesia", "Universitas Indonesia"),
      "places": ("Amerika Serikat", "Tiongkok", "Jepang", "Jakarta")},
     ("Indonesia", "Menurut Bank Indonesia", "Presiden Joko Widodo")),
    # an office, then a name whose length the rules cannot tell: left out, not emitted as one name
    (("Kepala Dinas Kesehatan Kota Bandung Ahyani Raksanagara meminta warga untuk tidak minum air "
      "sungai yang sudah tercemar. Menurut dia, air tersebut bisa membuat warga sakit, terutama "
      "anak-anak yang tinggal di dekat sungai itu.",),
     {},
     ("Dinas Kesehatan Kota Bandung Ahyani Raksanagara", "Kepala Dinas Kesehatan Kota Bandung Ahyani Raksanagara")),
]


@pytest.mark.parametrize("body, found, absent", INDONESIAN)
def test_names_in_indonesian(body: tuple[str, ...], found: dict[str, tuple[str, ...]], absent: tuple[str, ...]) -> None:
    result = entities.annotate(article(*body))
    assert result.language == "id"
    for kind, names in found.items():
        for name in names:
            assert name in getattr(result, kind), (kind, name, getattr(result, kind))
    emitted = {*result.people, *result.organizations, *result.places}
    assert not emitted & set(absent)
    assert not set(result.people) & set(found.get("places", ()))  # a mosque is a place, whatever the model says


OTHER_LANGUAGES = [
    # (language, body, names that must be found by kind, names that must not be emitted)
    ("sv",
     ("Statsminister Ulf Kristersson sa på tisdagen att regeringen vill skärpa straffen för gängbrott. "
      "Enligt Kristersson har polisen i Stockholm begärt mer resurser. Socialdemokraterna kritiserade "
      "förslaget, och partiledaren Magdalena Andersson sa att det inte räcker.",),
     {"people": ("Ulf Kristersson", "Magdalena Andersson"), "places": ("Stockholm",)},
     ("Enligt Kristersson", "Statsminister Ulf Kristersson")),
]


@pytest.mark.parametrize("language, body, found, absent", OTHER_LANGUAGES)
def test_names_in_other_languages(language: str, body: tuple[str, ...], found: dict[str, tuple[str, ...]], absent: tuple[str, ...]) -> None:
    result = entities.annotate(article(*body))
    assert result.language == language
    for kind, names in found.items():
        for name in names:
            assert name in getattr(result, kind), (kind, name, getattr(result, kind))
    assert not {*result.people, *result.organizations, *result.places} & set(absent)


TERRITORIES = [
    ("Tyskland", "no", "country"),
    ("Amerika Serikat", "id", "country"),
    ("Almanya", "tr", "country"),
    ("Eropa", "id", "region"),
    ("Man", "no", None),  # the Isle of Man, and Norwegian for 'one': a common word is no place
]


@pytest.mark.parametrize("name, language, kind", TERRITORIES)
def test_country_names_of_the_new_languages(name: str, language: str, kind: str | None) -> None:
    assert territory_kind(name, language) == kind


TITLES = [
    ("Pak Joko Widodo", "Joko Widodo"),
    ("Menteri Keuangan Sri Mulyani", "Sri Mulyani"),
    ("Wahai Asy-Syaikh Al-Albani", "Al-Albani"),
    ("Tan Sri Muhyiddin Yassin", "Muhyiddin Yassin"),
    ("Joko Widodo", "Joko Widodo"),
    ("Haji", "Haji"),  # a title alone is left as it is
]


@pytest.mark.parametrize("name, stripped", TITLES)
def test_titles_before_a_name_go(name: str, stripped: str) -> None:
    assert strip_titles(name, language_rules("id").titles) == stripped


def test_user_rules_file_adds_a_language_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "names.toml"
    extra.write_text('[languages.mine]\ncodes = ["id", "fr"]\ntitles = ["Bung"]\n', encoding="utf-8")
    assert "Bung" not in language_rules("id").titles and language_rules("fr").titles == ()
    monkeypatch.setenv("NEWSARCHIVE_ALIASES", str(extra))
    assert "Bung" in language_rules("id").titles and "Pak" in language_rules("id").titles
    assert language_rules("fr").titles == ("Bung",)
    assert strip_titles("Bung Karno Sukarno", language_rules("id").titles) == "Karno Sukarno"
