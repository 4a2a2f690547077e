"""Exact, faster stand-ins for spaCy's attribute ruler and rule lemmatizer.

Both spend their time in per-token Python (a fifth of ``en_core_web_sm`` on
long news pages). The stand-ins compute the same functions of the same
inputs and write them with ``Doc.from_array``, so annotations are identical:

* **Attribute ruler.** spaCy matches *all* patterns on the doc as it is, then
  applies the matches in pattern order: for each token and attribute the
  last matching pattern wins. A token spec depends only on the attributes it
  tests (``doc.to_array`` reads the values the Matcher reads), so specs are
  evaluated once per distinct key of those values (see
  :class:`FastAttributeRuler`); fixed-length multi-token patterns are matched
  with array operations over per-token bits. Patterns come from the loaded
  ruler (``ruler.patterns``; written values from ``ruler.attrs``, as spaCy
  normalized them), never hard-coded; anything not handled here (operators,
  extensions, other predicates or attributes, callbacks) keeps spaCy's
  component.
* **Lemmatizer.** ``rule_lemmatize`` reads only the token's text, POS and
  morph (its own cache key; ``is_base_form`` reads POS and morph), so spaCy's
  own method runs once per distinct ``(ORTH, POS, MORPH)``; tokens with a
  lemma (set by the ruler) are skipped as spaCy skips them. Other modes and
  subclasses keep spaCy's component.

``Doc.from_array`` sets the struct fields ``set_token_attrs`` and
``token.lemma_`` set (TAG, POS, MORPH, LEMMA, DEP live on the token, not the
lexeme); for MORPH it also looks each value up in the morphology table,
where the ruler's values are registered already. :func:`install` swaps the
components in under their own names.
"""

from __future__ import annotations

import re
from functools import partial
from types import SimpleNamespace
from typing import Any

import numpy as np

#: Attributes a pattern may test: values read alike by ``Doc.to_array`` and
#: the Matcher (and IS_*/LIKE_* flags; not SENT_START, which it maps to 0/1).
_TESTABLE = ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE")
#: Attributes the ruler may set that live on the token only.
_SETTABLE = ("TAG", "POS", "MORPH", "LEMMA", "DEP")

Check = tuple[int, str, Any]  # (column, "==" | "IN" | "NOT_IN" | "REGEX", value or regex number)
Form = tuple[int | None, int]  # canonical form of a column value: (value if named, regex bits)
Info = tuple[list[int], list[int], list[bool], int]  # pattern numbers, values, mask, multi bits


class FastAttributeRuler:
    """spaCy's ``AttributeRuler``: same patterns, same result.

    A spec sees a column value only through its *canonical form*: the value
    itself if an ``==``/``IN``/``NOT_IN`` check of that column names it, else
    ``None``, with the bits of the column's regexes that match its string.
    Values of one form pass the same checks, so specs are evaluated once per
    distinct tuple of forms (about a thousand on 150 news pages), not per
    token; each doc's tokens are grouped by that tuple with array operations.
    """

    def __init__(self, ruler: Any, name: str) -> None:
        from spacy.attrs import IDS

        if len(ruler.matcher) != len(ruler.attrs):
            raise ValueError("matcher rules without attributes")
        if any(ruler.matcher.get(str(i))[0] is not None for i in range(len(ruler.attrs))):
            raise ValueError("on_match callbacks")
        if any(a not in {IDS[n] for n in _SETTABLE} for attrs in ruler.attrs for a in attrs):
            raise ValueError("sets extensions, lexeme attributes or NORM")
        self.name = name
        self.ruler = ruler
        self.columns: list[int] = []  # attribute ids tested
        self.named: list[set[int]] = []  # per column: values some check names
        self.regexes: list[list[re.Pattern[str]]] = []  # per column
        self.out_attrs = [IDS[a] for a in _SETTABLE if any(IDS[a] in attrs for attrs in ruler.attrs)]
        out_col = {attr: j for j, attr in enumerate(self.out_attrs)}
        self.assign = [[(out_col[a], int(v)) for a, v in attrs.items()] for attrs in ruler.attrs]
        self.single: list[tuple[int, int]] = []  # (spec, pattern number)
        self.multi: list[tuple[int, tuple[int, ...], int]] = []  # (pattern number, specs, target)
        seen: dict[tuple[Check, ...], int] = {}
        for number, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                specs = tuple(seen.setdefault(self._spec(s, ruler.vocab.strings), len(seen)) for s in pattern)
                target = entry["index"] if entry["index"] >= 0 else len(specs) + entry["index"]
                if not 0 <= target < len(specs):
                    raise ValueError(f"pattern {number}: index out of range")
                if len(specs) == 1:
                    self.single.append((specs[0], number))
                else:
                    self.multi.append((number, specs, target))
        self.specs = list(seen)
        self.multi_bit = {t: i for i, t in enumerate(sorted({t for _, ts, _ in self.multi for t in ts}))}
        if len(self.multi_bit) > 64:
            raise ValueError("too many multi-token specs")
        if not self.columns:
            self._column(IDS["ORTH"])
        k = len(self.columns)
        self._codes: list[dict[int, int]] = [{} for _ in range(k)]  # value -> code of its form
        self._forms: list[dict[Form, int]] = [{} for _ in range(k)]  # form -> code
        self._decode: list[list[Form]] = [[] for _ in range(k)]  # code -> form
        self._cache: dict[tuple[int, ...], Info] = {}  # codes -> info

    def _column(self, attr: int) -> int:
        if attr not in self.columns:
            self.columns.append(attr)
            self.named.append(set())
            self.regexes.append([])
        return self.columns.index(attr)

    def _spec(self, spec: Any, strings: Any) -> tuple[Check, ...]:
        """The checks of one token spec, values converted as the Matcher does."""
        from spacy.attrs import IDS
        from spacy.strings import get_string_id

        checks: list[Check] = []
        for key, value in spec.items():
            name = "ORTH" if str(key).upper() == "TEXT" else str(key).upper()
            attr = IDS.get(name) if isinstance(key, str) else None
            flag = attr is not None and attr < 64 and name.startswith(("IS_", "LIKE_"))
            if attr is None or not (name in _TESTABLE or flag):
                raise ValueError(f"unsupported attribute {key!r}")
            col = self._column(attr)
            if isinstance(value, dict):
                for op, arg in ((str(o).upper(), a) for o, a in value.items()):
                    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(map(_plain, arg)):
                        checks.append((col, op, frozenset(get_string_id(v) for v in arg)))
                    elif op == "REGEX" and isinstance(arg, str) and not flag:
                        self.regexes[col].append(re.compile(arg))
                        checks.append((col, op, len(self.regexes[col]) - 1))
                    else:
                        raise ValueError(f"unsupported predicate {op!r}")
            elif isinstance(value, (bool, int, str)):
                checks.append((col, "==", strings.add(value) if isinstance(value, str) else int(value)))
            else:
                raise ValueError(f"unsupported value {value!r}")
        for col, op, arg in checks:
            if op != "REGEX":
                self.named[col].update([arg] if op == "==" else arg)
        return tuple(checks)

    def _holds(self, spec: int, forms: tuple[Form, ...]) -> bool:
        for col, op, arg in self.specs[spec]:
            value, bits = forms[col]
            if op == "==":
                ok = value == arg
            elif op == "IN":
                ok = value in arg
            elif op == "NOT_IN":
                ok = value not in arg
            else:
                ok = bool(bits >> arg & 1)
            if not ok:
                return False
        return True

    def _code(self, col: int, value: int, strings: Any) -> int:
        bits = sum(1 << r for r, rx in enumerate(self.regexes[col]) if rx.search(strings[value]))
        form = (value if value in self.named[col] else None, bits)
        code = self._forms[col].setdefault(form, len(self._decode[col]))
        if code == len(self._decode[col]):
            self._decode[col].append(form)
        self._codes[col][value] = code
        return code

    def _info(self, codes: tuple[int, ...]) -> Info:
        """The single-token patterns that match a key (ascending), their
        merged writes (the last pattern wins), and the key's multi-token bits."""
        forms = tuple(self._decode[j][code] for j, code in enumerate(codes))
        numbers = sorted({n for spec, n in self.single if self._holds(spec, forms)})
        values, mask = [0] * len(self.out_attrs), [False] * len(self.out_attrs)
        for number in numbers:
            for col, value in self.assign[number]:
                values[col], mask[col] = value, True
        bits = sum(1 << bit for spec, bit in self.multi_bit.items() if self._holds(spec, forms))
        info = self._cache[codes] = (numbers, values, mask, bits)
        return info

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if n == 0 or not self.out_attrs:
            return doc
        raw = doc.to_array(self.columns).reshape(n, -1)
        codes = np.empty(raw.shape, dtype=np.int64)
        for j in range(raw.shape[1]):
            distinct, inverse = np.unique(raw[:, j], return_inverse=True)
            known, strings = self._codes[j], doc.vocab.strings
            found = [known[v] if v in known else self._code(j, v, strings) for v in distinct.tolist()]
            codes[:, j] = np.asarray(found, dtype=np.int64)[inverse.reshape(-1)]
        first, kid = _group_rows(codes)
        infos = [self._cache.get(k) or self._info(k) for k in map(tuple, codes[first].tolist())]
        out = doc.to_array(self.out_attrs).reshape(n, -1)
        before = out.copy()
        mask = np.array([i[2] for i in infos], dtype=bool)[kid]
        np.copyto(out, np.array([i[1] for i in infos], dtype=np.uint64)[kid], where=mask)
        if self.multi:
            bits = np.array([i[3] for i in infos], dtype=np.uint64)[kid]
            for i, numbers in self._multi_matches(bits).items():
                row = before[i]  # all patterns that hit token i, in order
                for number in sorted(numbers.union(infos[kid[i]][0])):
                    for col, value in self.assign[number]:
                        row[col] = value
                out[i] = row
        doc.from_array(self.out_attrs, out)
        return doc

    def _multi_matches(self, bits: np.ndarray) -> dict[int, set[int]]:
        """Token index -> numbers of the multi-token patterns targeting it."""
        n = len(bits)
        hits: dict[int, set[int]] = {}
        for number, specs, target in self.multi:
            if n < len(specs):
                continue
            ok = np.ones(n - len(specs) + 1, dtype=bool)
            for j, spec in enumerate(specs):
                ok &= (bits[j : n - len(specs) + 1 + j] & np.uint64(1 << self.multi_bit[spec])) != 0
            for start in np.flatnonzero(ok).tolist():
                hits.setdefault(start + target, set()).add(number)
        return hits


class FastLemmatizer:
    """spaCy's rule ``Lemmatizer``: its own method, once per distinct
    ``(ORTH, POS, MORPH)``."""

    def __init__(self, lemmatizer: Any, name: str) -> None:
        from spacy.pipeline import Lemmatizer

        self.name = name
        self.lemmatizer = lemmatizer
        self._cache: dict[tuple[int, int, int], str] = {}
        # rule_lemmatize run on a view of the lemmatizer whose index lists
        # (up to 57,000 words, scanned by ``form in index``) are sets: the
        # same membership, found in constant time.
        view: Any = SimpleNamespace(cache={}, lookups=_set_indexed(lemmatizer.lookups))
        view.is_base_form = lemmatizer.is_base_form
        self._lemmatize = partial(Lemmatizer.rule_lemmatize, view)

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lem = self.lemmatizer
        if not getattr(lem, "_validated", True):  # first call: let spaCy check its tables
            return lem(doc)
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA]).reshape(len(doc), 4)
        lemmas = arr[:, 3].copy()
        todo = np.arange(len(doc)) if lem.overwrite else np.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        keys = arr[todo, :3]
        first, inverse = _group_rows(keys)
        hashes = np.empty(len(first), dtype=np.uint64)
        for r, (key, i) in enumerate(zip(map(tuple, keys[first].tolist()), first.tolist(), strict=True)):
            lemma = self._cache.get(key)
            if lemma is None:
                lemma = self._lemmatize(doc[int(todo[i])])[0]
                if key[1]:  # without POS, spaCy warns (once) and does not cache
                    self._cache[key] = lemma
            hashes[r] = doc.vocab.strings.add(lemma)  # as ``token.lemma_ = lemma`` does
        lemmas[todo] = hashes[inverse]
        doc.from_array([LEMMA], lemmas)
        return doc


def _group_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group equal rows of a 2-D array: each group's first row, and each
    row's group (``np.unique(axis=0)`` without its slow sort)."""
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.ones(len(rows), dtype=bool)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(len(rows), dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    return order[starts], inverse


def _plain(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _set_indexed(lookups: Any) -> Any:
    """``lookups`` with the word lists of its ``lemma_index`` table as frozensets."""
    from spacy.lookups import Lookups, Table

    out = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            table, words = Table(name=name), table
            for key, value in words.items():
                listed = isinstance(value, list) and all(isinstance(w, str) for w in value)
                table[key] = frozenset(value) if listed else value
        out.set_table(name, table)
    return out


def _supported(proc: Any) -> str | None:
    """The stand-in factory for ``proc``, if one is exact for it."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import AttributeRuler, Lemmatizer

    if type(proc) is AttributeRuler:
        try:
            FastAttributeRuler(proc, "check")
        except (ValueError, TypeError, re.error):
            return None
        return "tidings_fast_attribute_ruler"
    rule = getattr(proc, "lemmatize", None) == getattr(proc, "rule_lemmatize", 0)
    if type(proc) in (Lemmatizer, EnglishLemmatizer) and proc.mode == "rule" and rule:
        return "tidings_fast_lemmatizer"
    return None


def install(nlp: Any) -> None:
    """Replace, under the same names, the attribute ruler and rule lemmatizer
    of ``nlp`` by their stand-ins where these are exact (see module doc)."""
    from spacy.language import Language

    if "tidings_fast_attribute_ruler" not in Language.factories:
        Language.factory("tidings_fast_attribute_ruler", func=_make_ruler)
        Language.factory("tidings_fast_lemmatizer", func=_make_lemmatizer)
    for name, proc in list(nlp.pipeline):
        factory = _supported(proc)
        if factory:
            swap(nlp, name, factory)


def swap(nlp: Any, name: str, factory: str) -> None:
    """Put the component ``factory`` makes (from spaCy's, passed as
    ``source``) in place of the pipe ``name``, under the same name."""
    source = f"tidings_spacy_{name}"
    nlp.rename_pipe(name, source)
    nlp.add_pipe(factory, name=name, after=source, config={"source": source})
    nlp.remove_pipe(source)


def _make_ruler(nlp: Any, name: str, source: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe(source), name)


def _make_lemmatizer(nlp: Any, name: str, source: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe(source), name)
