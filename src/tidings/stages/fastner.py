"""An exact, faster stand-in for spaCy's greedy named-entity recognizer.

spaCy's ``ner`` (a transition-based parser with BILUO moves) spends most of
its time outside its network: at every step, for every doc of the batch, it
checks the validity of all moves (74 for ``en_core_web_sm``) and scores one
state. The stand-in decodes the same model to the same entities with array
code. What makes that possible (``spacy/pipeline/_parser_internals``):

* **One token per move.** Every BILUO move consumes the first token of the
  buffer, so a doc's state at token ``t`` is just "entity open or not", with
  the open entity's start and label.
* **Features** (``_state.pxd`` ``set_context_tokens``, ``nF=3``): the token
  ``t``; the open entity's first token; the token ``t-1`` if an entity is
  open. Missing features read the model's padding row. With no entity open,
  the state's hidden layer depends on ``t`` alone, so the scores of all those
  states are computed at once, in one matrix product; only the states inside
  an entity (after its B move) are scored one entity at a time.
* **Arithmetic** as in ``parser_model.pyx`` ``predict_states``: the three
  precomputed feature rows summed in order, plus the bias, maxout (a piece
  wins only if strictly greater, as ``Vec.arg_max``), and the upper layer by
  the same BLIS ``sgemm`` (thinc's ``NumpyOps.gemm``; a row's result does not
  depend on the other rows), plus its bias. The lower layer and the
  ``tok2vec`` are the model's own, run on the same sub-batches.
* **Validity** (``ner.pyx``, no preset entities): B needs a next token that
  starts no sentence, and a non-space token; U a non-space token; I, with the
  entity's label, a next token that starts no sentence; L, with the entity's
  label, is always valid; O whenever no entity is open. The best valid move
  is the first of the highest scores (``arg_max_if_valid``).
* **Annotations** as ``BiluoPushDown.set_annotations``: the entities, every
  other token O.

Anything else keeps spaCy's component: beam search, other transition systems
or feature sets, unseen classes, other ops; and, for one sub-batch, docs that
already carry entity annotation (presets change the validity rules).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tidings.stages.fastnlp import swap

_B, _I, _L, _U, _O = range(5)
_MOVES = {"B": _B, "I": _I, "L": _L, "U": _U}


class FastEntityRecognizer:
    """spaCy's ``EntityRecognizer`` (greedy, BILUO, ``nF=3``): same model,
    same batches, same entities."""

    def __init__(self, ner: Any, name: str) -> None:
        self.name = name
        self.ner = ner
        self._tables(ner)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.ner.labels)

    def get_error_handler(self) -> Any:
        return self.ner.get_error_handler()

    def set_error_handler(self, error_handler: Any) -> None:
        self.ner.set_error_handler(error_handler)

    def _tables(self, ner: Any) -> None:
        """Check that ``ner`` is one this decoder is exact for; index its moves."""
        from spacy.pipeline import EntityRecognizer
        from spacy.pipeline._parser_internals.ner import BiluoPushDown
        from thinc.api import NumpyOps

        if type(ner) is not EntityRecognizer or type(ner.moves) is not BiluoPushDown:
            raise ValueError("not spaCy's EntityRecognizer with BILUO moves")
        if ner.cfg.get("beam_width", 1) != 1:
            raise ValueError("beam search")
        model = ner.model
        if model.name != "parser_model" or len(model.layers) != 3 or not model.attrs.get("has_upper"):
            raise ValueError("not a TransitionModel with an upper layer")
        if model.attrs.get("unseen_classes"):
            raise ValueError("unseen classes")
        lower, upper = model.get_ref("lower"), model.get_ref("upper")
        if lower.name != "precomputable_affine" or upper.name != "linear":
            raise ValueError("other lower or upper layer")
        if lower.get_dim("nF") != 3 or lower.get_dim("nP") < 2:
            raise ValueError("other state features or activation")
        if any(type(m.ops) is not NumpyOps or not m.ops.use_blis for m in (model, lower, upper)):
            raise ValueError("other ops")
        if any("listener" in layer.name for layer in model.layers[0].walk()):
            raise ValueError("tok2vec listener")
        n = ner.moves.n_moves
        if upper.get_dim("nO") != n or upper.get_dim("nI") != lower.get_dim("nO"):
            raise ValueError("upper layer does not match the moves")
        kind = np.empty(n, dtype=np.int8)
        labels: list[str] = []
        index: dict[tuple[int, str], int] = {}
        for c in range(n):
            move = ner.moves.get_class_name(c)
            if move == "O":
                kind[c], label = _O, ""
            elif move[:1] in _MOVES and move[1:2] == "-":
                kind[c], label = _MOVES[move[0]], move[2:]
            else:
                raise ValueError(f"move {move!r}")
            if (int(kind[c]), label) in index:
                raise ValueError(f"move {move!r} twice")
            index[(int(kind[c]), label)] = c
            labels.append(label)
        named = {lab for lab in labels if lab}
        if (_O, "") not in index or any((k, lab) not in index for lab in named for k in (_B, _I, _L, _U)):
            raise ValueError("labels without all four BILU moves")
        if any(lab == "" and k not in (_O, _U) for k, lab in index):
            raise ValueError("B, I or L moves without label")
        self._n_moves = n
        self._labels = labels
        self._inside = {lab: (index[(_I, lab)], index[(_L, lab)]) for lab in named}
        # Moves valid with no entity open, by token kind: 0 space, 1 no B, 2 all.
        u = (kind == _U) & np.array([lab != "" for lab in labels])
        b = kind == _B
        o = kind == _O
        self._closed_valid = np.stack([o, o | u, o | u | b])
        self._opens = b | u  # closed-state moves that write an entity
        self._kind = kind

    def __call__(self, doc: Any) -> Any:
        error_handler = self.ner.get_error_handler()
        try:
            self._annotate([doc])
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)
        return None  # as spaCy's components, when the handler lets it pass

    def pipe(self, docs: Any, *, batch_size: int = 256) -> Any:
        """Process ``docs`` in the batches, sorted by length and split into
        sub-batches, that ``Parser.pipe`` uses (the network sees the same
        inputs)."""
        from spacy import util

        error_handler = self.ner.get_error_handler()
        for batch in util.minibatch(docs, size=batch_size):
            batch_in_order = list(batch)
            try:
                by_length = sorted(batch_in_order, key=len)
                for sub in util.minibatch(by_length, size=max(batch_size // 4, 2)):
                    self._annotate(list(sub))
                yield from batch_in_order
            except Exception as e:
                error_handler(self.name, self, batch_in_order, e)

    def _annotate(self, docs: list[Any]) -> None:
        from spacy.attrs import ENT_IOB, ENT_TYPE
        from spacy.tokens import Span

        ner = self.ner
        if ner.moves.n_moves != self._n_moves:  # labels added since
            try:
                self._tables(ner)
            except ValueError:
                self._n_moves = -1
        if self._n_moves < 0 or any(len(d) and d.to_array([ENT_IOB, ENT_TYPE]).any() for d in docs):
            ner.set_annotations(docs, ner.predict(docs))  # spaCy's own decoding
            return
        found = self._decode(docs) if any(len(d) for d in docs) else [[] for _ in docs]
        for doc, ents in zip(docs, found, strict=True):
            spans = [Span(doc, s, e, label=lab, kb_id=doc[s].ent_kb_id) for s, e, lab in ents]
            doc.set_ents(spans, default="outside")

    def _decode(self, docs: list[Any]) -> list[list[tuple[int, int, str]]]:
        """The entities (start, end, label) greedy decoding finds in each doc."""
        from spacy.attrs import IS_SPACE, SENT_START

        # Per token of the batch (docs concatenated, as the state offsets do):
        # may an entity go on to the next token (I, B), and is it a space (B, U)?
        lengths = [len(d) for d in docs]
        total = sum(lengths)
        go_on = np.zeros(total, dtype=bool)
        space = np.zeros(total, dtype=bool)
        start = 0
        for doc, n in zip(docs, lengths, strict=True):
            if n:
                arr = doc.to_array([SENT_START, IS_SPACE]).reshape(n, 2)
                go_on[start : start + n - 1] = arr[1:, 0] != 1
                space[start : start + n] = arr[:, 1] != 0
            start += n
        batch = _Batch(self.ner.model, docs, go_on)

        # All states with no entity open, scored at once.
        pad = batch.cached[0]
        hidden = batch.cached[1:, 0] + pad[1]
        hidden += pad[2]
        hidden += batch.bias
        scores = batch.scores(hidden)
        valid = self._closed_valid[np.where(space, 0, np.where(go_on, 2, 1))]
        masked = np.where(valid, scores, np.float32(-np.inf))
        best = masked.argmax(axis=1)
        # np.argmax differs from arg_max_if_valid on NaN and on all -inf.
        odd = np.isnan(masked).any(axis=1) | np.isneginf(masked[np.arange(total), best])
        for t in np.flatnonzero(odd).tolist():
            best[t] = _arg_max_if_valid(scores[t], valid[t])

        ents: list[tuple[int, int, str]] = []
        nxt = 0
        for t in np.flatnonzero(self._opens[best]).tolist():
            if t < nxt:
                continue  # inside the entity just found
            label = self._labels[int(best[t])]
            end = t + 1 if self._kind[best[t]] == _U else batch.close(t, *self._inside[label])
            ents.append((t, end, label))
            nxt = end
        out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        bounds = np.cumsum(lengths)
        for s, e, lab in ents:
            d = int(np.searchsorted(bounds, s, side="right"))
            first = int(bounds[d]) - lengths[d]
            out[d].append((s - first, e - first, lab))
        return out


class _Batch:
    """The network's view of one sub-batch: precomputed feature rows, and
    where entities may go on."""

    def __init__(self, model: Any, docs: list[Any], go_on: np.ndarray) -> None:
        lower, upper = model.get_ref("lower"), model.get_ref("upper")
        cached = lower.predict(model.layers[0].predict(docs))  # row 0: padding; row t+1: token t
        n_f, n_o, self.n_p = cached.shape[1:]
        self.cached = cached.reshape(cached.shape[0], n_f, n_o * self.n_p)
        self.bias = lower.get_param("b").reshape(n_o * self.n_p)
        self.upper_w, self.upper_b = upper.get_param("W"), upper.get_param("b")
        self.gemm = upper.ops.gemm
        self.go_on = go_on
        # For each token, the first token from there on that an entity cannot go past.
        stop = np.where(go_on, len(go_on), np.arange(len(go_on)))
        self.run_end = np.minimum.accumulate(stop[::-1])[::-1]

    def scores(self, hidden: np.ndarray) -> np.ndarray:
        """Maxout of the hidden sums (a piece wins if strictly greater, as
        ``Vec.arg_max``), then the upper layer."""
        pieces = hidden.reshape(len(hidden), -1, self.n_p)
        if self.n_p == 2:
            h = np.where(pieces[..., 0] > pieces[..., 1], pieces[..., 0], pieces[..., 1])
        else:
            h = pieces[..., 0].copy()
            for p in range(1, self.n_p):
                np.copyto(h, pieces[..., p], where=pieces[..., p] > h)
        scores: np.ndarray = self.gemm(np.ascontiguousarray(h), self.upper_w, trans2=True)
        scores += self.upper_b
        return scores

    def close(self, begin: int, i_move: int, l_move: int, chunk: int = 8) -> int:
        """End of the entity opened at token ``begin``: the states inside it
        are scored a few tokens ahead at a time; I or L, whichever is first
        among the valid highest."""
        lo, hi = min(i_move, l_move), max(i_move, l_move)
        last = int(self.run_end[begin])  # I is invalid there: L at the latest
        t = begin + 1
        while True:
            ts = np.arange(t, min(t + chunk, last + 1))
            hidden = self.cached[ts + 1, 0] + self.cached[begin + 1, 1]
            hidden += self.cached[ts, 2]
            hidden += self.bias
            scores = self.scores(hidden)
            high = scores[:, hi] > scores[:, lo]
            go_in = self.go_on[ts] & (high if hi == i_move else ~high)
            stops = np.flatnonzero(~go_in)
            if len(stops):
                return int(ts[stops[0]]) + 1
            t = int(ts[-1]) + 1


def _arg_max_if_valid(scores: np.ndarray, valid: np.ndarray) -> int:
    """``arg_max_if_valid`` of ``parser_model.pyx``, one row."""
    best = -1
    for i in np.flatnonzero(valid).tolist():
        if best == -1 or scores[i] > scores[best]:
            best = i
    return best


def install(nlp: Any) -> None:
    """Replace, under its name, the ``ner`` of ``nlp`` by the stand-in where
    it is exact (see module doc)."""
    from spacy.language import Language

    if "tidings_fast_ner" not in Language.factories:
        Language.factory("tidings_fast_ner", func=_make_ner)
    for name, proc in list(nlp.pipeline):
        try:
            FastEntityRecognizer(proc, "check")
        except (ValueError, KeyError, AttributeError):
            continue
        swap(nlp, name, "tidings_fast_ner")


def _make_ner(nlp: Any, name: str, source: str) -> FastEntityRecognizer:
    return FastEntityRecognizer(nlp.get_pipe(source), name)
