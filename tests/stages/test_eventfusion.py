"""Event fusion across the documents of one story: hand-built mentions written for these tests."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest

from tidings.stages.eventfusion import Conflict, Mention, MergedEvent, counts_agree, dates_compatible, merge


def _m(doc: str, idx: int = 0, **kw: Any) -> Mention:
    """An ASSAULT in Aleppo on 2013-07-05 by the Syrian army, reported by ``doc``'s own outlet."""
    base: dict[str, Any] = {
        "type": "ASSAULT",
        "mode": None,
        "actors": ("SYRMIL",),
        "recipients": ("SYRREB",),
        "countries": ("SYR",),
        "place": "Aleppo",
        "country": "SYR",
        "date": "2013-07-05",
        "dead": None,
        "injured": None,
        "detained": None,
        "size": None,
        "status": "occurred",
        "published": "2013-07-06",
        "source": f"src-{doc}",
    }
    base.update(kw)
    return Mention(doc_id=doc, idx=idx, **base)


def _one(mentions: list[Mention]) -> MergedEvent:
    events = merge("story-1", mentions)
    assert len(events) == 1, [e.mentions for e in events]
    return events[0]


# --- sources and corroboration ----------------------------------------------


def test_wire_copies_count_as_one_source() -> None:
    ap = [_m(d, source="AP", published=f"2013-07-0{i + 5}") for i, d in enumerate(["ap", "yahoo", "abc"])]
    e = _one(ap)
    assert e.mentions == (("ap", 0), ("yahoo", 0), ("abc", 0))
    assert (e.articles, e.sources) == (3, 1)
    assert e.corroboration == "single source"
    assert e.conflicts == ()


def test_two_independent_outlets_corroborate() -> None:
    e = _one([_m("ap", source="AP", dead=12), _m("bbc", 3, source="BBC", dead=12, mode="aerial")])
    assert (e.articles, e.sources) == (2, 2)
    assert e.corroboration == "corroborated"
    assert e.dead == 12
    assert e.mode == "aerial"  # the only mode named
    assert (e.place, e.country, e.date) == ("Aleppo", "SYR", "2013-07-05")


def test_copies_plus_one_outlet_is_two_sources() -> None:
    e = _one([_m("ap1", source="AP"), _m("ap2", source="AP"), _m("afp", source="AFP")])
    assert (e.articles, e.sources, e.corroboration) == (3, 2, "corroborated")


def test_one_document_repeating_its_event_merges() -> None:
    e = _one([_m("ap", 0, dead=3), _m("ap", 4, dead=3, mode="explosives")])
    assert e.mentions == (("ap", 0), ("ap", 4))
    assert (e.articles, e.sources, e.corroboration) == (1, 1, "single source")


# --- conflicts ------------------------------------------------------------------


def test_differing_death_counts_are_contested_with_each_value() -> None:
    e = _one(
        [
            _m("ap", 1, source="AP", dead=3, published="2013-07-05"),
            _m("bbc", 2, source="BBC", dead=5, published="2013-07-06"),
        ]
    )
    assert e.corroboration == "contested"
    assert e.conflicts == (Conflict("dead", (("ap", 1, "3"), ("bbc", 2, "5"))),)
    assert e.dead == 5  # a tie between sources goes to the larger lower bound


def test_majority_count_wins_and_minority_is_listed() -> None:
    e = _one([_m("a", source="A", dead=10), _m("b", source="B", dead=10), _m("c", source="C", dead=20)])
    assert e.dead == 10
    (c,) = e.conflicts
    assert c.field == "dead"
    assert sorted(c.values) == [("a", 0, "10"), ("b", 0, "10"), ("c", 0, "20")]


def test_counts_within_tolerance_are_not_a_conflict() -> None:
    e = _one([_m("a", source="A", size=50), _m("b", source="B", size=52)])
    assert e.corroboration == "corroborated"
    assert e.size == 52
    assert counts_agree(50, 52) and counts_agree(0, 0)
    assert not counts_agree(3, 4)


def test_one_source_updating_its_count_is_not_a_conflict() -> None:
    e = _one([_m("ap1", source="AP", dead=3, published="2013-07-05"), _m("ap2", source="AP", dead=7)])
    assert e.dead == 7
    assert e.corroboration == "single source"


@pytest.mark.parametrize("denied_on", ["2019-07-20", "2019-07-18"])
def test_denial_contests_the_event(denied_on: str) -> None:
    claim = _m("reuters", 0, source="Reuters", actors=("IRN",), recipients=("GBR",), place="Strait of Hormuz",
               country="OMN", date="2019-07-19", published="2019-07-19")
    denial = replace(claim, doc_id="presstv", idx=2, source="PressTV", status="denied", published=denied_on)
    e = _one([denial, claim])
    assert e.corroboration == "contested"
    assert set(e.mentions) == {("reuters", 0), ("presstv", 2)}
    assert e.status == "occurred"  # the status of the mentions that report it
    (c,) = e.conflicts
    assert c.field == "status"
    assert sorted(c.values) == [("presstv", 2, "denied"), ("reuters", 0, "occurred")]


def test_unanchored_negation_does_not_contest() -> None:
    # "No attacks were reported overnight": no actor, recipient or place to tie it to the attack.
    quiet = _m("bbc", 5, source="BBC", actors=(), recipients=(), place=None, country=None, status="negated")
    events = merge("story-1", [_m("ap", source="AP"), quiet])
    assert [e.corroboration for e in events] == ["single source", "single source"]
    assert events[1].status == "negated"


def test_disjoint_attribution_from_independent_sources_is_contested() -> None:
    israel = _m("ap", 0, source="AP", actors=("ISR",), recipients=("SYRMIL",), countries=("ISR",))
    us = _m("rt", 1, source="RT", actors=("USA",), recipients=("SYRMIL",), countries=("USA",))
    e = _one([israel, us])
    assert e.corroboration == "contested"
    assert e.conflicts == (Conflict("actors", (("ap", 0, "ISR"), ("rt", 1, "USA"))),)
    assert e.actors == ("ISR",)  # a tie between attributions goes to the first reported


def test_two_attributions_in_one_source_are_two_events() -> None:
    israel = _m("ap", 0, source="AP", actors=("ISR",), recipients=("SYRMIL",), countries=("ISR",))
    us = _m("ap", 1, source="AP", actors=("USA",), recipients=("SYRMIL",), countries=("USA",))
    assert len(merge("story-1", [israel, us])) == 2


# --- what does not merge ----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"place": "Homs", "country": None}, "another place, its country unknown"),
        ({"place": "Mosul", "country": "IRQ"}, "another country"),
        ({"date": "2013-07-09"}, "four days apart"),
        ({"date": "2013-06"}, "another month"),
        ({"actors": ("TURMIL",), "countries": ("TUR",), "source": "src-a"}, "other actors, same source"),
        ({"recipients": ("SYRCVL",)}, "other recipients"),
        ({"actors": (), "recipients": ("SYRMIL",)}, "the army as target, not attacker"),
        ({"type": "COERCE", "mode": "arrest"}, "COERCE is not ASSAULT"),
        ({"type": "THREATEN"}, "a threat is not the attack"),
        ({"status": "planned"}, "a plan is not the act"),
        ({"commentary": True}, "commentary does not corroborate reporting"),
    ],
)
def test_incompatible_mentions_stay_apart(change: dict[str, Any], why: str) -> None:
    events = merge("story-1", [_m("a"), _m("b", 1, **change)])
    assert len(events) == 2, why
    assert all(e.corroboration == "single source" for e in events)


def test_modes_that_say_what_was_done_must_agree() -> None:
    arrest = _m("a", type="COERCE", mode="arrest")
    curfew = _m("b", type="COERCE", mode="curfew")
    unspecified = _m("c", type="COERCE", mode=None)
    events = merge("story-1", [arrest, curfew, unspecified])
    assert [e.mentions for e in events] == [(("a", 0), ("c", 0)), (("b", 0),)]


def test_expel_and_deport_are_one_family() -> None:
    a = _m("a", type="SANCTION", mode="expel", actors=("GBR",), recipients=("RUS",), countries=("GBR",))
    b = _m("b", type="COERCE", mode="deport", actors=("GBR",), recipients=("RUS",), countries=("GBR",))
    e = _one([a, b])
    assert e.type == "SANCTION" and e.modes == ("expel", "deport")


# --- what does merge -------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"date": "2013-07"},  # coarser, same month
        {"date": "2013-07-07"},  # two days later
        {"date": None},
        {"place": "Aleppo countryside"},  # same country
        {"place": None, "country": None},
        {"actors": ("SYR",), "countries": ("SYR",)},  # the state for its army
        {"actors": ()},
        {"actors": ("SYRMIL", "SYRREB"), "recipients": ()},  # both sides of a clash as actors
        {"mode": "heavy-weapons"},
    ],
)
def test_compatible_mentions_merge(change: dict[str, Any]) -> None:
    e = _one([_m("a", source="A"), _m("b", 1, source="B", **change)])
    assert e.corroboration == "corroborated"


def test_dates_do_not_drift_by_chaining() -> None:
    days = [_m("a", date="2013-07-05"), _m("b", date="2013-07-07"), _m("c", date="2013-07-09")]
    events = merge("story-1", days)
    assert [e.mentions for e in events] == [(("a", 0), ("b", 0)), (("c", 0),)]
    assert dates_compatible("2013", "2013-12-31") and not dates_compatible("2013-07-01", "2013-07-04")


def test_merged_date_is_the_most_precise() -> None:
    e = _one([_m("a", date="2013-07"), _m("b", date="2013-07-05"), _m("c", date=None)])
    assert e.date == "2013-07-05"


def test_recipient_taken_from_the_place_counts_as_unknown() -> None:
    explicit = _m("a", actors=("IRN",), recipients=("GBR",), countries=("IRN",), place="Hormuz",
                  country="OMN")
    by_place = replace(explicit, doc_id="b", recipients=("OMN",), recipient_from_place=True)
    e = _one([explicit, by_place])
    assert e.recipients == ("GBR",)


# --- order, identity, input checks ----------------------------------------------------


def test_first_report_is_the_earliest_published() -> None:
    late = _m("zz-late", source="A", published="2013-07-08")
    early = _m("zz-early", source="B", published="2013-07-05T09:00:00")
    undated = _m("aa-undated", source="C", published=None)
    e = _one([late, undated, early])
    assert (e.first_doc, e.first_seen) == ("zz-early", "2013-07-05T09:00:00")
    assert e.mentions == (("zz-early", 0), ("zz-late", 0), ("aa-undated", 0))


def test_result_and_id_stable_under_permutation() -> None:
    mentions = [
        _m("ap", 0, source="AP", dead=3, published="2013-07-05"),
        _m("yahoo", 2, source="AP", dead=3, published="2013-07-05"),
        _m("bbc", 1, source="BBC", dead=4),
        _m("bbc", 7, source="BBC", type="PROTEST", actors=("SYRCVL",), recipients=("SYRGOV",)),
        _m("afp", 3, source="AFP", place="Mosul", country="IRQ"),
    ]
    results = [merge("story-1", list(p)) for p in itertools.permutations(mentions)]
    assert all(r == results[0] for r in results)
    ids = [e.id for e in results[0]]
    assert len(set(ids)) == 3 and all(len(i) == 32 for i in ids)
    assert [e.id for e in merge("story-2", mentions)] != ids  # the story is part of the id


def test_to_dict_is_json_ready() -> None:
    e = _one([_m("ap", 1, source="AP", dead=3), _m("bbc", 2, source="BBC", dead=5)])
    d = e.to_dict()
    assert d["mentions"] == [["ap", 1], ["bbc", 2]]
    assert d["conflicts"] == [{"field": "dead", "values": [["ap", 1, "3"], ["bbc", 2, "5"]]}]
    assert d["corroboration"] == "contested" and d["sources"] == 2


def test_empty_story_has_no_events() -> None:
    assert merge("story-1", []) == []


def test_a_mention_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="given twice"):
        merge("story-1", [_m("a"), _m("a")])
    with pytest.raises(ValueError, match="unknown status"):
        merge("story-1", [_m("a", status="happened")])
