"""Near-duplicate detection with MinHash/LSH."""

from __future__ import annotations

from tidings.stages import neardup

WIRE = (
    "Syrian government warplanes struck a crowded market in the town of Maarat al-Numan in Idlib "
    "province on Monday, killing 12 civilians, local rescue workers said. The White Helmets civil "
    "defence group said its volunteers pulled survivors from the rubble of several shops after two "
    "missiles hit the market in the early afternoon. The Syrian army did not comment on the strike. "
    "Damascus has said it targets only militants in the rebel-held province."
)
EDITED = "Twelve killed as jets hit Idlib market. " + WIRE.replace("in the early afternoon", "at noon")
OTHER = (
    "Thousands of protesters marched through central Nairobi on Tuesday to demand that the government "
    "cut fuel taxes, after petrol prices rose for the third month in a row, witnesses said."
)


def test_a_light_edit_is_a_copy_and_other_text_is_not() -> None:
    a, b, c = neardup.signature(WIRE), neardup.signature(EDITED), neardup.signature(OTHER)
    assert neardup.similarity(a, b) >= neardup.THRESHOLD
    assert neardup.similarity(a, c) < 0.1
    index = neardup.CopyIndex()
    index.add("wire", a)
    found = index.copy_of(b)
    assert found is not None and found[0] == "wire" and found[1] >= neardup.THRESHOLD
    assert index.copy_of(c) is None


def test_the_earliest_of_several_copies_is_the_source() -> None:
    index = neardup.CopyIndex()
    index.add("first", neardup.signature(WIRE))
    index.add("second", neardup.signature(EDITED))
    found = index.copy_of(neardup.signature(WIRE + " Reuters contributed."))
    assert found is not None and found[0] == "first"


def test_signatures_are_deterministic_and_round_trip_as_bytes() -> None:
    sig = neardup.signature(WIRE)
    assert (sig == neardup.signature(WIRE)).all()
    assert (neardup.from_bytes(neardup.to_bytes(sig)) == sig).all()
    assert len(neardup.to_bytes(sig)) == 8 * neardup.NUM_PERM


def test_short_and_empty_texts_have_signatures() -> None:
    assert neardup.shingles("") == set()
    assert neardup.shingles("Two words") == {b"two words"}
    assert neardup.similarity(neardup.signature("Two words"), neardup.signature("two WORDS")) == 1.0


def test_old_signatures_leave_the_index() -> None:
    index = neardup.CopyIndex(window_days=3, window_docs=2)
    index.add("old", neardup.signature(WIRE), day=100)
    assert index.copy_of(neardup.signature(EDITED)) is not None
    index.add("later", neardup.signature(OTHER), day=104)  # four days on: "old" is out of the window
    assert len(index) == 1 and index.copy_of(neardup.signature(EDITED)) is None
    undated = neardup.CopyIndex(window_docs=2)
    for i, text in enumerate([WIRE, OTHER, "A third text of several words here."]):
        undated.add(str(i), neardup.signature(text))
    assert sorted(undated.sigs) == ["1", "2"]
