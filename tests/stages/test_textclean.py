"""Tests for the plain-text cleaner (tidings.stages.textclean).

The example pages are written for these tests; they imitate the furniture of
news sites and blogs (menus, cookie banners, share bars, comment forms,
headline lists) without copying any real page.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.stages.normalize import normalize_text
from tidings.stages.textclean import VERSION, Block, classify_lines, clean_text

TITLE = "Navy Seizes Tanker in the Gulf After Night Standoff"
PARAS = [
    "DUBAI - The navy seized a foreign oil tanker in the Gulf early on Tuesday after a "
    "standoff that lasted most of the night, the defence ministry said in a statement.",
    "The ministry said the vessel had entered territorial waters without permission and "
    "ignored repeated warnings from patrol boats before it was boarded by marines.",
    '"We acted within the law and we will release the crew once the inquiry is over," a '
    "spokesman told reporters at a briefing in the capital.",
    "Shipping companies said insurance costs in the area had risen sharply since the spring, "
    "when two other tankers were stopped and searched near the same strait.",
]


def page(*parts: str) -> str:
    """Join page elements the way WET text does: one per line, blank lines between."""
    return "\n\n".join(parts)


def by_text(blocks: list[Block]) -> dict[str, Block]:
    return {b.text: b for b in blocks}


def assert_article_kept(blocks: list[Block], title: str | None = TITLE) -> None:
    found = by_text(blocks)
    for para in PARAS:
        assert found[para].label in ("body", "commentary"), (para, found[para])
    if title is not None:
        titles = [b.text for b in blocks if b.label == "title"]
        assert titles == [title]


def assert_lines_covered(text: str, blocks: list[Block]) -> None:
    """Every non-empty line is in exactly one block, in order, nothing added."""
    lines = text.split("\n")
    starts = [b.line for b in blocks]
    assert starts == sorted(set(starts))
    bounds = [*starts, len(lines)]
    covered = []
    for block, end in zip(blocks, bounds[1:], strict=True):
        own = [(i, lines[i].strip()) for i in range(block.line, end) if lines[i].strip()]
        assert own and own[0][0] == block.line
        assert block.text == " ".join(s for _, s in own)
        covered.extend(i for i, _ in own)
    assert covered == [i for i, line in enumerate(lines) if line.strip()]


# --------------------------------------------------------------------------
# Interface


def test_version_and_block_shape() -> None:
    assert isinstance(VERSION, str) and VERSION
    block = Block("body", "text", "prose", 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.label = "title"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Block)] == ["label", "text", "reason", "line"]


@pytest.mark.parametrize("text", ["", "\n", "\n\n   \n\t\n"])
def test_empty_text_gives_no_blocks(text: str) -> None:
    assert clean_text(text) == []
    assert classify_lines(text.split("\n")) == [False] * len(text.split("\n"))


def test_page_without_boilerplate_is_kept_whole() -> None:
    text = page(TITLE, *PARAS)
    blocks = clean_text(text)
    assert [b.label for b in blocks] == ["title"] + ["body"] * len(PARAS)
    assert all(classify_lines(text.split("\n"))[i] for i in range(0, len(text.split("\n")), 2))
    assert_lines_covered(text, blocks)


def test_classify_lines_matches_clean_text() -> None:
    lines = [TITLE, "", PARAS[0], "Share", "Tweet", PARAS[1], "Leave a Reply", "Name *"]
    keep = classify_lines(lines)
    assert len(keep) == len(lines)
    kept = {b.line for b in clean_text("\n".join(lines)) if b.label != "boilerplate"}
    assert keep == [i in kept for i in range(len(lines))]
    assert keep == [True, False, True, False, False, True, False, False]


def test_block_line_indices_and_wrapped_paragraphs() -> None:
    wrapped = page(
        TITLE,
        "The ministry said the vessel had entered territorial waters\nwithout permission and "
        "ignored repeated warnings from patrol boats before it was boarded.",
        PARAS[2],
    )
    blocks = clean_text(wrapped)
    assert [b.line for b in blocks] == [0, 2, 5]
    assert blocks[1].text.startswith("The ministry said") and "waters without" in blocks[1].text
    assert_lines_covered(wrapped, blocks)


# --------------------------------------------------------------------------
# Boilerplate removed, article kept


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", "comment-form"),
        ("Your email address will not be published. Required fields are marked *", None),
        ("You are commenting using your Twitter account. Log Out / Change )", "comment-form"),
        ("Please log in or register to post a comment.", None),
        ("Forgot your password?", "login-prompt"),
        ("Sign in", "login-prompt"),
        (
            "This website uses cookies to improve your experience. By continuing to browse "
            "you agree to our cookie policy.",
            "cookie-notice",
        ),
        ("Accept all cookies", "cookie-notice"),
        ("Share this article", "share-follow"),
        ("Facebook Twitter WhatsApp Email", "share-follow"),
        ("Follow us on Instagram", "share-follow"),
        ("Sign up for our free daily newsletter", None),
        ("© 2021 Example Media Group. All rights reserved.", "legal"),
        ("Copyright 2019 Example Media", "legal"),
        ("Privacy Policy | Terms of Use | Contact Us", None),
        ("Back to top", "navigation"),
        ("Click here to read more", None),
        ("Advertisement", "advert"),
        ("Tags: navy, tanker, Gulf", "metadata"),
        ("Posted by admin at 10:32 AM", "metadata"),
        ("By Jane Doe, Staff Reporter", "byline"),
        ("By Julia Roe March 8, 2013", "byline"),
        ("12 comments", "comment-form"),
    ],
)
def test_boilerplate_line_is_removed(line: str, reason: str | None) -> None:
    text = page(TITLE, PARAS[0], PARAS[1], line, PARAS[2], PARAS[3])
    blocks = clean_text(text)
    found = by_text(blocks)[line]
    assert found.label == "boilerplate"
    if reason:
        assert found.reason == reason
    assert_article_kept(blocks)
    assert_lines_covered(text, blocks)


@pytest.mark.parametrize(
    "header",
    [
        "Latest news",
        "Must read",
        "Related",
        "Related stories:",
        "Recommended to you",
        "Recommended for you",
        "Most popular",
        "Trending now",
        "More from World",
        "You might also like",
        "You may also likeRELATED",
        "Read next",
    ],
)
def test_headline_list_after_header_is_removed(header: str) -> None:
    items = [
        "Oil prices climb as shipping fears grow",
        "Analysts warn of higher insurance costs for tankers crossing the strait, as the...",
        "Talks on prisoner swap stall again",
        "Negotiators left the capital without agreement on Sunday after three days of...",
        "Port workers strike over pay",
    ]
    text = page(TITLE, *PARAS, header, *items)
    blocks = clean_text(text)
    found = by_text(blocks)
    assert found[header].label == "boilerplate"
    for item in items:
        assert found[item].label == "boilerplate", item
        assert found[item].reason == "headline-list"
    assert_article_kept(blocks)


def test_inline_related_link_does_not_cut_the_article() -> None:
    related = "Related: Oil prices climb as shipping fears grow"
    text = page(TITLE, PARAS[0], related, PARAS[1], PARAS[2], PARAS[3])
    blocks = clean_text(text)
    assert by_text(blocks)[related].label == "boilerplate"
    assert_article_kept(blocks)


def test_comment_form_block_is_removed() -> None:
    form = ["Leave a Reply", "Cancel reply", "Name *", "Email *", "Website", "Post Comment"]
    blocks = clean_text(page(TITLE, *PARAS, *form))
    found = by_text(blocks)
    assert all(found[line].label == "boilerplate" for line in form)
    assert_article_kept(blocks)


def test_menus_and_footer_are_removed() -> None:
    menu = ["Home", "World", "Business", "Sport", "Opinion"]
    footer = ["About", "Careers", "Advertise", "Contact"]
    blocks = clean_text(page(*menu, TITLE, *PARAS, "Share", "Tweet", *footer))
    found = by_text(blocks)
    for line in [*menu, *footer, "Share", "Tweet"]:
        assert found[line].label == "boilerplate", line
    assert_article_kept(blocks)


def test_repeated_and_templated_lines_are_removed() -> None:
    listing = [f"Tanker {n} arrives at Fujairah, 0{n}:00 GMT" for n in range(1, 6)]
    caption = "A patrol boat approaches the tanker in the Gulf on Tuesday."
    text = page(TITLE, PARAS[0], caption, PARAS[1], caption, PARAS[2], PARAS[3], *listing)
    blocks = clean_text(text)
    assert [(b.label, b.reason) for b in blocks if b.text == caption][1:] == [("boilerplate", "duplicate")]
    assert all(by_text(blocks)[line].label == "boilerplate" for line in listing)
    assert_article_kept(blocks)


# --------------------------------------------------------------------------
# Negatives: cue words inside reporting are not boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Twitter suspended the account on Monday, the company said in a statement to reporters.",
        "The company said it would share the data with regulators and follow their guidance.",
        "Hackers tried to log in to the ministry's email system, officials said on Friday.",
        "Share prices fell 3 percent in early trading after the announcement.",
        "Twitter suspends account",
        "Latest figures show exports rose for a third month",
        "Comments by the minister drew sharp criticism from the opposition on Sunday.",
        "Facebook said the posts violated its terms of service and removed them.",
        "Users must create an account before posting, the regulator said.",
        "Sweden is already a member of the European Union, officials noted.",
        "Google uses cookies to track users across sites, the complaint alleges.",
        "Copyright holders sued the company on Monday.",
        "By Monday, the army had withdrawn from the town",
    ],
)
def test_cue_words_in_reporting_are_kept(line: str) -> None:
    blocks = clean_text(page(TITLE, PARAS[0], line, PARAS[1], PARAS[2]))
    assert by_text(blocks)[line].label == "body"


def test_page_in_another_language_is_not_thrown_away() -> None:
    # Language detection is another stage's job: English function words must
    # not decide that a French or Arabic article is boilerplate.
    title = "La marine saisit un pétrolier dans le Golfe"
    paras = [
        "La marine a saisi mardi un pétrolier étranger dans le Golfe après une longue nuit de "
        "tension, a indiqué le ministère de la Défense dans un communiqué.",
        "Selon le ministère, le navire était entré dans les eaux territoriales sans autorisation "
        "et avait ignoré les avertissements des patrouilleurs.",
        "أطلقت الشرطة الغاز المسيل للدموع يوم السبت لتفريق مئات المتظاهرين أمام البرلمان.",
    ]
    blocks = clean_text(page(title, *paras))
    assert [b.label for b in blocks] == ["title", "body", "body", "body"]


def test_short_lines_between_paragraphs_are_kept() -> None:
    lines = ["Key points:", "- Tanker boarded at night", "- Crew of 23 detained", "He added:"]
    blocks = clean_text(page(TITLE, PARAS[0], *lines, PARAS[1], PARAS[2]))
    assert all(by_text(blocks)[line].label == "body" for line in lines)


# --------------------------------------------------------------------------
# Title


def test_title_is_first_headline_before_the_article() -> None:
    blocks = clean_text(page("Home", "World", "Middle East", TITLE, "By Jane Doe", *PARAS))
    assert [b.text for b in blocks if b.label == "title"] == [TITLE]


def test_glued_navigation_title_line_is_boilerplate() -> None:
    glued = "Gulf Shipping News" + TITLE
    blocks = clean_text(page(glued, TITLE, *PARAS))
    assert by_text(blocks)[glued].label == "boilerplate"
    assert by_text(blocks)[glued].reason == "glued-duplicate"
    assert_article_kept(blocks)


def test_html_title_line_with_site_name_points_to_the_headline() -> None:
    # WET text starts with the HTML <title>, "Headline | Site"; the headline
    # itself comes after the menus.
    first = f"{TITLE} | Gulf Times"
    menu = ["Home", "World", "Business", "Gulf Shipping Weekly"]
    blocks = clean_text(page(first, *menu, TITLE, *PARAS))
    assert by_text(blocks)[first].label == "boilerplate"
    assert [b.text for b in blocks if b.label == "title"] == [TITLE]


@pytest.mark.parametrize("hint", [TITLE, TITLE.upper(), f"{TITLE} | Example News", f"{TITLE} - Example News"])
def test_title_hint_is_preferred(hint: str) -> None:
    sub = "Marines Board Vessel After Warnings Ignored"
    blocks = clean_text(page(sub, TITLE, *PARAS), title_hint=hint)
    assert [b.text for b in blocks if b.label == "title"] == [TITLE]


def test_no_title_when_page_starts_with_prose() -> None:
    blocks = clean_text(page(*PARAS))
    assert all(b.label == "body" for b in blocks)


# --------------------------------------------------------------------------
# Commentary


@pytest.mark.parametrize(
    "heading",
    ["My Take:", "My take", "Editor's note:", "Analysis:", "Opinion", "Why it matters", "Our view:"],
)
def test_commentary_heading_labels_following_paragraphs(heading: str) -> None:
    take = [
        "On the surface this looks like a routine seizure, but the timing suggests otherwise.",
        "It is unlikely that the crew will be released before the talks resume next month.",
    ]
    text = page(TITLE, PARAS[0], PARAS[1], heading, *take, "Leave a Reply", "Name *")
    blocks = clean_text(text)
    found = by_text(blocks)
    assert found[PARAS[0]].label == found[PARAS[1]].label == "body"
    assert found[heading].label == "commentary"
    assert found[heading].reason == "commentary-heading"
    assert [found[p].label for p in take] == ["commentary", "commentary"]
    assert found["Leave a Reply"].label == "boilerplate"
    assert_lines_covered(text, blocks)


def test_inline_commentary_cue_labels_only_that_paragraph() -> None:
    take = "My Take: the navy wants to show it can close the strait whenever it likes."
    blocks = clean_text(page(TITLE, PARAS[0], take, PARAS[1]))
    found = by_text(blocks)
    assert found[take].label == "commentary"
    assert found[PARAS[1]].label == "body"


def test_commentary_heading_in_menu_is_not_commentary() -> None:
    blocks = clean_text(page("Home", "Opinion", "Sport", TITLE, *PARAS))
    assert not [b for b in blocks if b.label == "commentary"]
    assert_article_kept(blocks)


# --------------------------------------------------------------------------
# Properties

_POOL = [
    TITLE,
    *PARAS,
    "Leave a Reply",
    "Latest news",
    "Share",
    "My Take:",
    "Editor's note: corrected the date.",
    "Oil prices climb as shipping fears grow",
    "Analysts warn of higher costs for tankers, as the...",
    "© 2021 Example",
    "||",
    "- item",
    "Related: More news",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_POOL),
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60),
        ),
        max_size=40,
    ),
    st.one_of(st.none(), st.sampled_from(_POOL), st.text(max_size=30)),
)
def test_every_line_is_in_exactly_one_block(parts: list[str], hint: str | None) -> None:
    text = normalize_text("\n".join(parts))
    blocks = clean_text(text, title_hint=hint)
    assert_lines_covered(text, blocks)
    assert {b.label for b in blocks} <= {"title", "body", "commentary", "boilerplate"}
    assert sum(b.label == "title" for b in blocks) <= 1
    assert all(b.reason for b in blocks)
    assert len(classify_lines(text.split("\n"))) == len(text.split("\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=40)))
def test_hostile_text_never_breaks_the_cleaner(text: str, hint: str | None) -> None:
    assert_lines_covered(text, clean_text(text, title_hint=hint))
    lines = text.split("\n")
    blocks = clean_text(text)
    bounds = [*(b.line for b in blocks), len(lines)]
    kept = {
        i
        for b, end in zip(blocks, bounds[1:], strict=True)
        if b.label != "boilerplate"
        for i in range(b.line, end)
        if lines[i].strip()
    }
    assert classify_lines(lines) == [i in kept for i in range(len(lines))]


# --------------------------------------------------------------------------
# The two seed pages


def seed_blocks(seeds_dir: Path, prefix: str) -> list[Block]:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    text = normalize_text(path.read_text(encoding="utf-8"))
    blocks = clean_text(text)
    assert_lines_covered(text, blocks)
    return blocks


def starting(blocks: list[Block], start: str) -> Block:
    """The first block that starts with ``start`` (all of them must share its label)."""
    found = [b for b in blocks if b.text.startswith(start)]
    assert found and len({b.label for b in found}) == 1, (start, found)
    return found[0]


def test_seed_blog_post(seeds_dir: Path) -> None:
    blocks = seed_blocks(seeds_dir, "000")
    assert [b.text for b in blocks if b.label == "title"] == ["Iran Starts Recruitment Drive for Syria"]
    for start in ["A public recruitment drive", "Volunteers are being asked", "According to"]:
        assert starting(blocks, start).label == "body"
    heading = starting(blocks, "My Take:")
    assert (heading.label, heading.reason) == ("commentary", "commentary-heading")
    for start in ["On the surface", "Whether these people", "Furthermore", "However if"]:
        assert starting(blocks, start).label == "commentary"
    assert all(b.label == "body" for b in blocks if b.line < heading.line and b.line > 0)
    for start in ["Leave a Reply", "Fill in your details", "You are commenting using"]:
        assert starting(blocks, start).label == "boilerplate"
    assert all(b.label == "boilerplate" for b in blocks if b.line >= 24)
    assert starting(blocks, "Connecting to %s").label == "boilerplate"


def test_seed_news_page(seeds_dir: Path) -> None:
    blocks = seed_blocks(seeds_dir, "001")
    assert [b.text for b in blocks if b.label == "title"] == ["Iran said to send troops to bolster Syria"]
    assert blocks[0].label == "boilerplate"  # "Iran General NewsIran said to ..."
    for start in ["BEIRUT", "The personnel moves", "A commander of the Iranian", "Iran's ambassador"]:
        assert starting(blocks, start).label == "body"
    latest = starting(blocks, "Latest news")
    after = [b for b in blocks if b.line >= latest.line]
    assert all(b.label == "boilerplate" for b in after)
    assert [b for b in after if b.text.endswith("...")]  # teasers among them
    for start in ["Must read", "You might also like", "Recommended to you", "UK changes envoy"]:
        assert starting(blocks, start).label == "boilerplate"
    assert not [b for b in blocks if b.label == "commentary"]


def test_a_one_sentence_report_is_kept() -> None:
    """A brief with no paragraph of running prose still keeps its sentence."""
    blocks = clean_text("Item 5\n\nResidents reported shooting in district 5 overnight, police said.\n")
    kept = [b.text for b in blocks if b.label != "boilerplate"]
    assert kept == ["Residents reported shooting in district 5 overnight, police said."]
