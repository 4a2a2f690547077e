"""The numpy MiniLM encoder and its WordPiece tokenizer.

Expected token ids and the golden embedding values below were produced with
the reference implementation: ``tokenizers`` 0.23.3 (``Tokenizer.from_file``
on the package's ``tokenizer.json``) and sentence-transformers 6.2.0 with
torch 2.13.0+cpu and transformers 5.23.0, ``SentenceTransformer(<package
model dir>, device="cpu").encode(texts, normalize_embeddings=True)``.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from tidings.errors import ConfigError
from tidings.stages import minilm, wordpiece

pytestmark = pytest.mark.skipif(not minilm.available(), reason=f"model package missing: {minilm.INSTALL}")

NEWS = [
    "Rebels seized the northern town of Kidal after two days of fighting.",
    "The central bank raised interest rates by half a point on Thursday.",
    "Flooding in the river valley forced thousands of families from their homes.",
]
#: First six dimensions of the reference embeddings of NEWS (see module docstring).
GOLDEN = [
    [-0.014737, 0.093908, 0.042118, 0.009843, -0.015843, -0.020617],
    [0.036531, -0.026458, -0.029299, -0.01112, 0.052753, -0.084959],
    [0.01232, 0.012006, 0.045292, 0.056124, -0.015568, 0.011076],
]


@pytest.fixture(scope="module")
def enc() -> minilm.Encoder:
    return minilm.load()


def tokens(enc: minilm.Encoder, text: str, max_tokens: int = 512) -> list[str]:
    inverse = {i: t for t, i in enc.tokenizer.vocab.items()}
    return [inverse[i] for i in enc.tokenizer.encode(text, max_tokens)]


def test_golden_values(enc: minilm.Encoder) -> None:
    got = enc.embed(NEWS)
    assert got.shape == (3, 384) and got.dtype == np.float32
    np.testing.assert_allclose(got[:, :6], np.array(GOLDEN), atol=1e-5)


def test_rows_are_unit_length_and_in_input_order(enc: minilm.Encoder) -> None:
    texts = [*NEWS, "", "Short.", " ".join(NEWS * 3)]
    got = enc.embed(texts, batch_size=2)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)
    backwards = enc.embed(texts[::-1], batch_size=4)[::-1]
    np.testing.assert_allclose(got, backwards, atol=1e-6)
    assert enc.embed([]).shape == (0, 384)


def test_padding_does_not_leak(enc: minilm.Encoder) -> None:
    alone = enc.embed(["Troops withdrew."])
    padded = enc.embed(["Troops withdrew.", " ".join(NEWS), NEWS[0]], batch_size=3)
    np.testing.assert_allclose(padded[0], alone[0], atol=1e-6)


def test_truncation(enc: minilm.Encoder) -> None:
    words = ["the", "army", "said", "on", "monday", "that", "its", "troops", "had", "left", "the", "city"]
    long_text = " ".join(words * 4)
    cut = " ".join((words * 4)[:14])  # one piece per word: 14 + [CLS] + [SEP]
    assert enc.tokenizer.encode(long_text, 16) == enc.tokenizer.encode(cut)
    np.testing.assert_allclose(enc.embed([long_text], max_tokens=16), enc.embed([cut]), atol=1e-6)
    assert not np.allclose(enc.embed([long_text], max_tokens=16), enc.embed([long_text]), atol=1e-3)


def test_paraphrase_scores_above_unrelated(enc: minilm.Encoder) -> None:
    a, b, c = enc.embed(
        [
            NEWS[0],
            "Rebels captured the town of Kidal in the north after a two-day battle.",
            "The central bank raised interest rates by half a point on Thursday.",
        ]
    )
    assert a @ b > 0.8
    assert a @ c < 0.3


def test_empty_text_is_cls_sep(enc: minilm.Encoder) -> None:
    assert enc.tokenizer.encode("") == [101, 102]
    got = enc.embed(["", "   \n"])
    np.testing.assert_allclose(got[0], got[1], atol=1e-7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café naïve São Paulo", ["cafe", "naive", "sao", "paulo"]),
        (
            "U.S.-led strikes, 'hit' Gaza…",
            ["u", ".", "s", ".", "-", "led", "strikes", ",", "'", "hit", "'", "gaza", "…"],
        ),
        ("北京abc", ["北", "京", "abc"]),
        ("a\x00b\u200bc\x07d\te\u00a0f", ["abcd", "e", "f"]),
        ("“Quoted”—dash", ["“", "quoted", "”", "—", "dash"]),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert wordpiece.words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zelenskyy unaffable", ["ze", "##len", "##sky", "##y", "una", "##ffa", "##ble"]),
        ("a\x00b\u200bc\x07d\te", ["abc", "##d", "e"]),
        ("北京欢迎你abc", ["北", "京", "[UNK]", "[UNK]", "[UNK]", "abc"]),
        ("🥰 hi", ["[UNK]", "hi"]),
        ("x[SEP]y [MASK]", ["x", "[SEP]", "y", "[MASK]"]),  # written special tokens stay whole
        ("a" * 101, ["[UNK]"]),  # longer than 100 characters
    ],
)
def test_pieces(enc: minilm.Encoder, text: str, expected: list[str]) -> None:
    assert tokens(enc, text) == ["[CLS]", *expected, "[SEP]"]


def test_word_of_100_characters_is_cut_not_unknown(enc: minilm.Encoder) -> None:
    got = tokens(enc, "a" * 100)
    assert got[1] == "aaa" and got[-2] == "##a" and "[UNK]" not in got


def test_encode_stops_at_max_tokens(enc: minilm.Encoder) -> None:
    ids = enc.tokenizer.encode(" ".join(NEWS * 50), 10)
    assert len(ids) == 10 and ids[0] == 101 and ids[-1] == 102
    assert enc.tokenizer.encode("[SEP] [SEP] [SEP]", 3) == [101, 102, 102]


def test_strict_with_callers(enc: minilm.Encoder) -> None:
    with pytest.raises(ConfigError, match="max_tokens"):
        enc.embed(["x"], max_tokens=513)
    with pytest.raises(ConfigError, match="max_tokens"):
        enc.tokenizer.encode("x", 1)
    with pytest.raises(ConfigError, match="batch_size"):
        enc.embed(["x"], batch_size=0)


def test_missing_model_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(minilm.INSTALL)):
        minilm.load(str(tmp_path))


def test_read_safetensors(tmp_path: Path) -> None:
    f32 = np.arange(6, dtype="<f4").reshape(2, 3) / 4
    f16 = np.array([1.5, -2.0], dtype="<f2")
    bf16 = (np.array([0.15625, -3.0], dtype="<f4").view("<u4") >> 16).astype("<u2")
    blobs = [("a", "F32", f32), ("b", "F16", f16), ("c", "BF16", bf16)]
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, dtype, arr in blobs:
        header[name] = {
            "dtype": dtype,
            "shape": list(arr.shape),
            "data_offsets": [offset, offset + arr.nbytes],
        }
        offset += arr.nbytes
    head = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(a.tobytes() for _, _, a in blobs))
    got = minilm.read_safetensors(path)
    np.testing.assert_array_equal(got["a"], f32)
    np.testing.assert_array_equal(got["b"], f16)
    np.testing.assert_array_equal(got["c"], np.array([0.15625, -3.0], dtype=np.float32))
    path.write_bytes(path.read_bytes()[:-2])
    with pytest.raises(ConfigError, match="truncated"):
        minilm.read_safetensors(path)


def _layer_file(tmp_path: Path, name: str, tensors: dict[str, np.ndarray]) -> str:
    path = tmp_path / name
    minilm.write_safetensors(path, tensors, {"purpose": "test"})
    return str(path)


def test_layers_replace_the_model_tensors_of_their_names(enc: minilm.Encoder, tmp_path: Path) -> None:
    where = minilm.package_dir()
    assert where is not None
    own = minilm.read_safetensors(where / "model.safetensors")
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in own else ""
    name = "encoder.layer.5.output.dense.weight"
    same = minilm.load(layers=_layer_file(tmp_path, "same.safetensors", {name: own[prefix + name]}))
    np.testing.assert_allclose(same.embed(NEWS), enc.embed(NEWS), atol=1e-6)
    halved = _layer_file(tmp_path, "halved.safetensors", {name: (own[prefix + name] / 2).astype(np.float16)})
    assert minilm.read_metadata(halved) == {"purpose": "test"}
    got = minilm.load(layers=halved).embed(NEWS)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)
    assert np.abs(got - enc.embed(NEWS)).max() > 1e-3


def test_layers_that_do_not_fit_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing"):
        minilm.load(layers=str(tmp_path / "none.safetensors"))
    wrong_shape = {"encoder.layer.5.output.dense.weight": np.zeros((4, 4), np.float16)}
    with pytest.raises(ConfigError, match="does not fit"):
        minilm.load(layers=_layer_file(tmp_path, "shape.safetensors", wrong_shape))
    with pytest.raises(ConfigError, match=re.escape("encoder.layer.9.x")):
        minilm.load(layers=_layer_file(tmp_path, "name.safetensors", {"encoder.layer.9.x": np.zeros(2)}))
