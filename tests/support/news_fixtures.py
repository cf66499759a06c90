"""Builders of news pages and WARC archives for the news-reader tests (all text written here).

Every page is made-up: outlets' real domains, our own wording. The one real
article (``../shared/corpora/seed-article.txt``) is read at test time by
:func:`seed_article` and never copied into the repository.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import random
from pathlib import Path

from paths import REPO, SHARED_CORPORA


def shared_corpora() -> Path:
    """../shared/corpora beside the repository; from a git worktree (``wt/<name>``), the
    first ``shared/corpora`` found further up."""
    if SHARED_CORPORA.is_dir():
        return SHARED_CORPORA
    for parent in REPO.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return SHARED_CORPORA


# -- article bodies (our own wording) -------------------------------------------------

#: A wire story on the Hangzhou meeting, reprinted with small edits by three outlets.
WIRE_TITLE = "Xi and Assad announce strategic partnership in Hangzhou"
WIRE_PARAGRAPHS = [
    "Chinese President Xi Jinping and Syrian President Bashar al-Assad announced a strategic "
    "partnership on Friday, at talks held in the eastern city of Hangzhou on the eve of the "
    "Asian Games opening ceremony.",
    "The visit is Assad's first trip to China since 2004 and comes as Damascus tries to end "
    "more than a decade of diplomatic isolation that followed its crackdown on protests and "
    "the civil war that grew out of them.",
    "Analysts said Beijing was using the visit to present itself as a counterweight to the "
    "United States in the Middle East, months after it brokered a surprise rapprochement "
    "between Saudi Arabia and Iran.",
    "According to a readout of the talks, the two leaders discussed reconstruction, trade and "
    "energy, and Assad thanked China for standing by his government at the United Nations "
    "Security Council, where Beijing has vetoed several resolutions on Syria.",
    "Western governments have kept sanctions in place and say there can be no normal ties "
    "with Damascus without a political settlement, while Arab states readmitted Syria to the "
    "Arab League in May.",
    "It was not clear whether Chinese companies would commit large sums to rebuilding Syrian "
    "cities, given the sanctions and the security risks that remain in much of the country.",
]

#: A second, genuinely different story on the same meeting (state-media framing).
STATE_TITLE = "Xi meets Syrian president, pledges support against external interference"
STATE_PARAGRAPHS = [
    "President Xi Jinping held talks with visiting Syrian President Bashar al-Assad in "
    "Hangzhou on Friday afternoon, and the two heads of state jointly announced the "
    "establishment of a China-Syria strategic partnership.",
    "Xi said that China supports Syria in opposing external interference, in rejecting "
    "unilateral coercion and bullying, and in safeguarding its national independence, "
    "sovereignty and territorial integrity.",
    "He noted that the friendship between the two peoples has stood the test of changing "
    "international circumstances since diplomatic relations were established sixty-seven "
    "years ago, and that mutual trust has grown steadily deeper.",
    "China is willing to strengthen cooperation with Syria under the Belt and Road "
    "Initiative, Xi said, and to support the Syrian side in its reconstruction and in "
    "improving the lives of its people.",
    "Assad thanked China for its valuable help and said Syria firmly upholds the one-China "
    "principle and supports the Global Development Initiative, the Global Security "
    "Initiative and the Global Civilization Initiative.",
    "After the talks the two presidents witnessed the signing of cooperation documents on "
    "economic and technical cooperation, the Belt and Road and the exchange of experience in "
    "economic development.",
]

FRENCH_PARAGRAPHS = [
    "Le président chinois Xi Jinping a reçu vendredi son homologue syrien Bachar Al-Assad à "
    "Hangzhou, où les deux dirigeants ont annoncé un partenariat stratégique entre leurs "
    "deux pays.",
    "Pour le dirigeant syrien, cette visite est l'occasion de sortir de l'isolement "
    "diplomatique dans lequel son régime est plongé depuis le début de la guerre civile, "
    "il y a plus de douze ans.",
    "Pékin, de son côté, cherche à étendre son influence au Moyen-Orient et à se poser en "
    "médiateur, après avoir favorisé au printemps le rapprochement entre l'Arabie saoudite "
    "et l'Iran.",
]


def seed_article() -> tuple[str, list[str]]:
    """Title and body paragraphs of the shared seed article (read from ../shared, not copied)."""
    text = (shared_corpora() / "seed-article.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title = blocks[0].splitlines()[0].strip()
    # the file repeats its headline; the body is the paragraphs after it
    body = [b for b in blocks[1:] if any(line.strip() != title for line in b.splitlines())]
    return title, body


def edit_wire(paragraphs: list[str], outlet: str) -> list[str]:
    """The wire story as each outlet ran it: a changed word, a cut last paragraph."""
    paras = list(paragraphs)
    if outlet == "globaltimes":
        paras[2] = paras[2].replace("Analysts said", "Observers said")
    elif outlet == "scmp":
        paras = paras[:-1]
        paras[0] = paras[0].replace("on Friday", "on Friday afternoon")
    return paras


# -- pages ------------------------------------------------------------------------------

NAV = """<header class="site-header"><nav class="main-nav"><ul>
<li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/markets">Markets</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/video">Video</a></li></ul></nav>
<form class="search"><input name="q" placeholder="Search"></form></header>"""

COOKIES = """<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your
experience, to personalise advertising and to analyse our traffic. By clicking accept you agree
to our use of cookies.</p><button>Accept all</button><button>Manage preferences</button></div>"""

RELATED = """<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a1">Oil prices climb as traders weigh supply risks in the Gulf</a></li>
<li><a href="/a2">Asian Games open with a spectacular ceremony by the West Lake</a></li>
<li><a href="/a3">Analysis: what a rebuilt Aleppo would cost, and who might pay</a></li>
</ul></aside>"""

COMMENTS = """<section class="comments" id="comments"><h3>Comments (2)</h3>
<div class="comment"><span class="comment-author">reader77</span><p>This visit changes nothing
on the ground, the sanctions stay and ordinary people keep suffering.</p></div>
<div class="comment"><span class="comment-author">mideastwatcher</span><p>Interesting timing,
right after the Saudi and Iran deal. Worth watching what comes next.</p></div></section>"""

FOOTER = """<footer><p>© 2023 All rights reserved.</p><ul><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/terms">Terms of use</a></li></ul></footer>"""


def page(
    paragraphs: list[str],
    *,
    title: str,
    url: str | None = None,
    site_name: str | None = None,
    author: str = "",
    published_iso: str | None = None,
    printed_date: str | None = None,
    lang: str = "en",
    boilerplate: bool = True,
) -> str:
    """A news page: menus, cookie banner, byline, JSON-LD and og: metadata, comments."""
    e = html.escape
    head = [f"<title>{e(title)}</title>", '<meta charset="utf-8">']
    if url:
        head += [
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(url)}">',
        ]
    if site_name:
        head.append(f'<meta property="og:site_name" content="{e(site_name)}">')
    head.append(f'<meta property="og:title" content="{e(title)}">')
    head.append('<meta property="og:type" content="article">')
    if author:
        head.append(f'<meta name="author" content="{e(author)}">')
    if published_iso:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": published_iso,
            "author": [{"@type": "Person", "name": author or "Staff"}],
        }
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    byline = ""
    if author or printed_date:
        byline = '<div class="byline">'
        if author:
            byline += f'<span class="author">By {e(author)}</span> '
        if printed_date:
            byline += f'<span class="publish-date">{e(printed_date)}</span>'
        byline += "</div>"
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    parts = [NAV, COOKIES] if boilerplate else []
    parts += [
        f'<main><article><h1 class="headline">{e(title)}</h1>{byline}'
        f'<div class="article-body">{body}</div></article>'
    ]
    if boilerplate:
        parts += [RELATED, COMMENTS, "</main>", FOOTER]
    else:
        parts.append("</main>")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{"".join(head)}</head>'
        f"<body>{''.join(parts)}</body></html>"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


#: Outlet map the tests pass as ``outlets=``.
OUTLETS = {
    "reuters.com": "Reuters",
    "globaltimes.cn": "Global Times",
    "scmp.com": "South China Morning Post",
    "news.cn": "Xinhua",
}


def news_site(folder: Path) -> dict[str, dict]:
    """Write the fixture pages into ``folder``; return file name → what a reader should find."""
    seed_title, seed_body = seed_article()
    pages = {
        "reuters/xi-assad.html": dict(
            paragraphs=WIRE_PARAGRAPHS,
            title=WIRE_TITLE,
            url="https://www.reuters.com/world/china/xi-assad-partnership-2023-09-22/",
            site_name="Reuters",
            author="Laurie Chen",
            published_iso="2023-09-22T09:31:00.000Z",
        ),
        "globaltimes/xi-assad.htm": dict(
            paragraphs=edit_wire(WIRE_PARAGRAPHS, "globaltimes"),
            title=WIRE_TITLE,
            url="https://www.globaltimes.cn/page/202309/1298712.shtml",
            site_name="Global Times",
            author="Global Times",
            printed_date="Published: Sep 22, 2023 08:43 PM",
        ),
        "scmp/xi-assad.html": dict(
            paragraphs=edit_wire(WIRE_PARAGRAPHS, "scmp"),
            title=WIRE_TITLE,
            url="https://www.scmp.com/news/china/diplomacy/article/3235444/xi-assad",
            site_name="South China Morning Post",
            author="Agence reporter",
            printed_date="Updated: 2023-09-22 17:49",
        ),
        "xinhua/talks.html": dict(
            paragraphs=STATE_PARAGRAPHS,
            title=STATE_TITLE,
            url="https://english.news.cn/20230922/abc123/c.html",
            site_name="Xinhua",
            printed_date="23:17, 22-Sep-2023",
        ),
        "unknown/seed.html": dict(
            paragraphs=seed_body,
            title=seed_title,
            url="https://dailyworldbrief.example.org/2023/09/china-syria",
            printed_date="September 22, 2023",
        ),
        "lemonde/assad.html": dict(
            paragraphs=FRENCH_PARAGRAPHS,
            title="Xi Jinping reçoit Bachar Al-Assad à Hangzhou",
            url="https://www.lemonde.fr/international/article/2023/09/22/xi-assad.html",
            site_name="Le Monde",
            printed_date="22 September 2023",
            lang="fr",
        ),
    }
    for name, spec in pages.items():
        write(folder / name, page(**spec))
    # malformed: unclosed tags, stray end tags, no <html>/<head>; still an article
    broken = (
        "<body><div class=content><h1>Assad lands in Hangzhou<p>"
        + "<p>".join(html.escape(p) for p in WIRE_PARAGRAPHS[1:4])
        + "</span></td></div></div><div class=footer>About us"
    )
    write(folder / "broken/assad.html", broken)
    # no main text: a JavaScript app shell
    write(
        folder / "front/index.html",
        (
            "<html><head><title>Loading</title></head>"
            '<body><div id="app"></div><script src="/bundle.js"></script></body></html>'
        ),
    )
    return pages


# -- random filler articles for the near-duplicate recall test ---------------------------

_VOCAB = (
    "government minister talks trade port energy sanctions council security region "
    "official visit leaders agreement economic support investment reconstruction "
    "cooperation summit delegation border oil gas railway market prices banks loans "
    "envoy capital province election parliament opposition protest army ceasefire "
    "refugees aid hospital schools water power grid drought harvest exports imports "
    "factory workers union strike court ruling judge law police report survey data "
    "analysts growth inflation currency reserves debt budget tax reform bill vote "
    "senate committee hearing spokesman statement foreign affairs ministry embassy "
    "ambassador treaty dispute island navy drills coast guard fishing vessels satellite "
    "launch technology chips companies shares investors quarter profit losses deal"
).split()


def filler_articles(n: int, *, seed: int = 7, paragraphs: int = 6, words: int = 45) -> list:
    """``n`` articles of random words (distinct stories), as lists of paragraphs."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(
            [" ".join(rng.choice(_VOCAB) for _ in range(words)) + "." for _ in range(paragraphs)]
        )
    return out


def light_edits(paragraphs: list[str], kind: str, rng: random.Random) -> list[str]:
    """A copy with one small edit: ``word`` (one word changed), ``byline`` (a new first line),
    ``cut`` (last paragraph dropped)."""
    paras = list(paragraphs)
    if kind == "word":
        k = rng.randrange(len(paras))
        words = paras[k].split()
        words[rng.randrange(len(words))] = "reportedly"
        paras[k] = " ".join(words)
    elif kind == "byline":
        paras = [f"By {rng.choice(['Staff reporter', 'Wire desk', 'Our correspondent'])}"] + paras
    elif kind == "cut":
        paras = paras[:-1]
    return paras


# -- WARC archives ----------------------------------------------------------------------


def warc_bytes(records: list[dict], *, gzip_records: bool) -> bytes:
    """A WARC file: per item a request + response pair (or one ``warcinfo``/``metadata``).

    Each item: ``url``, ``body`` (bytes), ``status`` (default "200 OK"),
    ``content_type`` (default text/html), ``encoding`` ("gzip" or "chunked"
    for the HTTP body), or ``type`` for a non-response record.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip_records)
    for r in records:
        if r.get("type") in ("warcinfo", "metadata"):
            rec = w.create_warc_record(
                r.get("url", ""),
                r["type"],
                payload=io.BytesIO(b"software: discourse tests\r\n"),
                warc_content_type="application/warc-fields",
            )
            w.write_record(rec)
            continue
        url = r["url"]
        req = StatusAndHeaders(
            "GET / HTTP/1.1",
            [("Host", url.split("/")[2]), ("User-Agent", "test")],
            is_http_request=True,
        )
        w.write_record(
            w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req)
        )
        body = r["body"]
        headers = [("Content-Type", r.get("content_type", "text/html; charset=utf-8"))]
        if r.get("encoding") == "gzip":
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        if r.get("encoding") == "chunked":
            half = len(body) // 2
            parts = [body[:half], body[half:]]
            body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
            headers.append(("Transfer-Encoding", "chunked"))
        else:
            headers.append(("Content-Length", str(len(body))))
        resp = StatusAndHeaders(r.get("status", "200 OK"), headers, protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=resp, length=len(body)
            )
        )
    return buf.getvalue()
