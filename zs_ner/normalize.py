"""Offset-exact text normaliser: raw scraped article -> normalised text + a map back to raw offsets.

The model only ever sees normalised text; every span it reports is mapped back with
`NormalizedText.to_raw_span`, so the map is exact to the code point. Each normalised character
stands for one run ``raw[raw_starts[i]:raw_ends[i]]``; runs are ordered and never overlap, and the
raw characters between runs are the deleted ones. What `normalize` does:

1. Pinyin insertions left by a broken converter (``產(chǎn)業(yè)``) are removed: the run of the
   character before covers its insertion, so ``濟(jì)源市`` maps back whole. An insertion is one
   lowercase Mandarin syllable with a tone-marked vowel (or ü), tone mark on the right vowel, in ASCII
   or full-width parentheses, directly after a Han character; several in a row are all absorbed.
   Real parentheses (``(市)``, ``深圳(Shenzhen)``, ``(1)``) are never touched.
   The damaged form ``?jiǎng)`` (also ``?(jiǎng)``), where the character and its opening parenthesis
   were lost and ``?`` stands in, becomes one placeholder character covering the whole run. The
   placeholder is ``□`` (U+25A1), the mark Chinese print uses for an illegible character: it is not a
   real question mark (``是否可行?(记者问)`` stays), BERT-style tokenizers keep it as one token (they
   silently drop U+FFFD), and it is stable across versions. `NormalizerOptions.lost_char_placeholder`
   changes it.
2. Traditional -> simplified character by character with OpenCC's t2s character table (length kept;
   a conversion that would change the length keeps the original; chains such as 薴→苧→苎 are resolved
   so normalising twice changes nothing). Character-level conversion cannot use context: a few
   characters that are also valid simplified ones (乾, 於, 徵, 夥, 剋, 麽) are converted too.
3. Width folding: U+FF01–U+FF5E become their ASCII forms, so ``，；：？！（）％．`` become
   ``,;:?!()%.`` and ``５．１亿元`` becomes ``5.1亿元``. CJK punctuation outside that block
   (``。、“”‘’《》【】「」…—``) is kept as is: it has no unambiguous one-character ASCII form
   (``。`` is not ``.`` in ``5.1``). The canonical form therefore uses ASCII for every mark that has a
   full-width twin, matching scraped articles that already use ``,`` and ``(``.
4. Whitespace and invisibles: ``\\r\\n`` and lone ``\\r`` -> ``\\n`` (the ``\\n`` covers both raw
   characters); U+2028/U+2029 -> ``\\n``; ``\\t``, NBSP, U+3000 and every other Unicode space (Zs)
   -> space. Zero-width and invisible format characters (U+200B–U+200F, U+202A–U+202E,
   U+2060–U+2064, U+2066–U+2069, U+FEFF, U+00AD, U+180E) and control characters other than
   ``\\n``, ``\\t``, ``\\r`` are deleted; they belong to no normalised character. Deletion happens
   first, so ``產\\u200b(chǎn)`` is still one character. Characters outside the BMP (emoji) map 1:1.
5. Text that is already normal is returned unchanged with a 1:1 map, and ``normalize`` is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

NORMALIZER_VERSION = "1"

DEFAULT_LOST_CHAR_PLACEHOLDER = "\u25a1"  # □

# Han ideographs (BMP blocks, compatibility ideographs, 〇, and all supplementary ideograph planes).
_HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"

_INVISIBLE_CHARS = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_DELETABLE_RE = re.compile(f"[{_INVISIBLE_CHARS}{_CONTROL_CHARS}]")

_TONED_VOWELS: dict[str, str] = {
    **dict.fromkeys("āáǎà", "a"),
    **dict.fromkeys("ēéěè", "e"),
    **dict.fromkeys("īíǐì", "i"),
    **dict.fromkeys("ōóǒò", "o"),
    **dict.fromkeys("ūúǔù", "u"),
    **dict.fromkeys("ǖǘǚǜ", "ü"),
}
_COMBINING_TONES = "\u0300\u0301\u0304\u030c\u0308"  # grave, acute, macron, caron, diaeresis (NFD input)
_PINYIN_LETTERS = "a-zü" + "".join(_TONED_VOWELS) + _COMBINING_TONES
# One parenthesised candidate syllable; validated by `is_toned_pinyin_syllable` before use.
_INSERTION_RE = re.compile(f"[(（]([{_PINYIN_LETTERS}]{{1,10}})[)）]")
# A lost character: `?` standing for the character (and maybe its opening parenthesis) + syllable + `)`.
_LOST_CHAR_RE = re.compile(f"[?？][(（]?([{_PINYIN_LETTERS}]{{1,10}})[)）]")
# Places where something other than a 1:1 character happens (after deletions and translation).
_TRIGGER_RE = re.compile(f"\r|[?？]|(?<=[{_HAN_CLASS}])[(（]")

# Mandarin syllables by initial, in standard Hanyu Pinyin spelling (ü after n/l; u after j/q/x/y).
_FINALS_BY_INITIAL: dict[str, str] = {
    "": "a o e ai ei ao ou an en ang eng er yi ya yo ye yao you yan yin yang ying yong wu wa wo wai wei wan wen wang weng yu yue yuan yun",
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan ü üe ue",
    "l": "a o e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un ü üe ue",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "q": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
}


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """All toneless Mandarin pinyin syllables (about 410), used to tell pinyin insertions from words."""
    return frozenset(initial + final for initial, finals in _FINALS_BY_INITIAL.items() for final in finals.split())


def _tone_mark_index(base: str) -> int:
    """Index of the vowel that carries the tone mark in a toneless syllable (a, e, o of ou, else last vowel)."""
    for vowel in ("a", "e"):
        if vowel in base:
            return base.index(vowel)
    if "ou" in base:
        return base.index("o")
    return max(i for i, ch in enumerate(base) if ch in "iouü")


def is_toned_pinyin_syllable(candidate: str) -> bool:
    """True if `candidate` is one lowercase pinyin syllable with a correctly placed tone mark, or with ü.

    Toneless ASCII syllables (``chan``) are rejected: they are too often real words or abbreviations.
    """
    word = unicodedata.normalize("NFC", candidate)
    toned = [i for i, ch in enumerate(word) if ch in _TONED_VOWELS]
    if len(toned) > 1 or (not toned and "ü" not in word):
        return False
    base = "".join(_TONED_VOWELS.get(ch, ch) for ch in word)
    if base not in pinyin_syllables():
        return False
    return not toned or toned[0] == _tone_mark_index(base)


def length_preserving_char_map(conversions: Mapping[str, str]) -> dict[str, str]:
    """Keep the one-char -> other one-char conversions (others would shift offsets) and resolve chains.

    Chains (薴→苧, 苧→苎) are followed to their end so that normalising twice changes nothing.
    """
    table = {source: target for source, target in conversions.items() if len(source) == 1 and len(target) == 1 and target != source}
    for source in table:
        seen = {source}
        while table[source] in table and table[source] not in seen:
            seen.add(table[source])
            table[source] = table[table[source]]
    return table


@lru_cache(maxsize=1)
def _t2s_char_table() -> dict[str, str]:
    """OpenCC t2s applied to every character of its own character dictionary, length-preserving only."""
    import opencc

    dictionary = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    converter = opencc.OpenCC("t2s")
    sources = [line.split("\t", 1)[0] for line in dictionary.read_text(encoding="utf-8").splitlines() if line.strip()]
    return length_preserving_char_map({source: converter.convert(source) for source in sources})


def traditional_to_simplified_char(ch: str) -> str:
    """One character through OpenCC's length-preserving traditional → simplified table (others unchanged)."""
    return _t2s_char_table().get(ch, ch)


@lru_cache(maxsize=8)
def _translation_table(to_simplified: bool, fold_width: bool) -> dict[int, str]:
    """The 1:1 character mapping for these options, as a `str.translate` table (every value is one char)."""
    table: dict[int, str] = {}
    if to_simplified:
        table.update({ord(source): target for source, target in _t2s_char_table().items()})
    if fold_width:
        table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    spaces = [chr(code) for code in range(0x80, 0x3001) if unicodedata.category(chr(code)) == "Zs"]
    table.update({ord(space): " " for space in spaces})
    table[ord("\t")] = " "
    table[0x2028] = "\n"
    table[0x2029] = "\n"
    return table


@dataclass(frozen=True)
class NormalizerOptions:
    """Which normalisation steps run; saved with trained models so inference normalises the same way."""

    to_simplified: bool = True
    strip_pinyin: bool = True
    fold_width: bool = True
    lost_char_placeholder: str = DEFAULT_LOST_CHAR_PLACEHOLDER

    def __post_init__(self) -> None:
        placeholder = self.lost_char_placeholder
        if len(placeholder) != 1 or placeholder.isspace() or _DELETABLE_RE.match(placeholder):
            raise ValueError(f"lost_char_placeholder must be one visible character, got {placeholder!r}")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON (model directories record the options next to NORMALIZER_VERSION)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NormalizerOptions:
        """Inverse of `to_dict`; unknown keys are an error so a typo never silently changes behaviour."""
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown normalizer option(s) {unknown}; known: {sorted(known)}")
        return cls(**data)


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, for each normalised char i, the raw run ``raw[raw_starts[i]:raw_ends[i]]`` it stands for."""

    raw: str
    text: str
    raw_starts: tuple[int, ...]
    raw_ends: tuple[int, ...]

    def __post_init__(self) -> None:
        if not len(self.text) == len(self.raw_starts) == len(self.raw_ends):
            raise ValueError(
                f"offset map length mismatch: text {len(self.text)}, raw_starts {len(self.raw_starts)}, raw_ends {len(self.raw_ends)}"
            )

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map normalised ``[start, end)`` to the raw ``[s, e)`` covering exactly those chars' runs."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"normalised span [{start}, {end}) is empty or outside [0, {len(self.text)}]")
        return self.raw_starts[start], self.raw_ends[end - 1]

    def to_norm_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Map raw ``[raw_start, raw_end)`` to the normalised chars whose raw runs overlap it.

        Raises ValueError when the raw span overlaps no run (e.g. it covers only deleted characters).
        """
        if not 0 <= raw_start < raw_end <= len(self.raw):
            raise ValueError(f"raw span [{raw_start}, {raw_end}) is empty or outside [0, {len(self.raw)}]")
        start = bisect_right(self.raw_ends, raw_start)
        end = bisect_left(self.raw_starts, raw_end)
        if start >= end:
            raise ValueError(f"raw span [{raw_start}, {raw_end}) = {self.raw[raw_start:raw_end]!r} covers no normalised character")
        return start, end

    @property
    def is_identity(self) -> bool:
        """True when normalisation changed nothing (text equals raw, every char maps to itself)."""
        return self.text == self.raw


def _drop_deletable(raw: str) -> tuple[str, Sequence[int]]:
    """Remove zero-width/control chars; return the kept text and, per kept char, its raw index."""
    if _DELETABLE_RE.search(raw) is None:
        return raw, range(len(raw))
    kept: list[int] = []
    position = 0
    for match in _DELETABLE_RE.finditer(raw):
        kept.extend(range(position, match.start()))
        position = match.end()
    kept.extend(range(position, len(raw)))
    return _DELETABLE_RE.sub("", raw), kept


def _valid_match(pattern: re.Pattern[str], text: str, position: int) -> re.Match[str] | None:
    """Match `pattern` at `position` only if its captured syllable is real toned pinyin."""
    match = pattern.match(text, position)
    if match is not None and is_toned_pinyin_syllable(match.group(1)):
        return match
    return None


def normalize(raw: str, options: NormalizerOptions | None = None) -> NormalizedText:
    """Normalise a raw article (see module docstring for the rules) and keep an exact map to raw offsets."""
    if not isinstance(raw, str):
        raise TypeError(f"normalize() needs a str, got {type(raw).__name__}")
    opts = options if options is not None else NormalizerOptions()
    kept_text, kept = _drop_deletable(raw)
    # Every kept char k stands for raw[kept[k]:kept[k] + 1] unless a special run below says otherwise.
    kept_ends: Sequence[int] = range(1, len(raw) + 1) if isinstance(kept, range) else [index + 1 for index in kept]
    folded = kept_text.translate(_translation_table(opts.to_simplified, opts.fold_width))

    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    emitted = 0  # chars of `folded` before this index are already in pieces/starts/ends
    position = 0
    while (trigger := _TRIGGER_RE.search(folded, position)) is not None:
        at = trigger.start()
        char = folded[at]
        if char == "\r":
            run_end = at + 2 if kept_text.startswith("\n", at + 1) else at + 1  # raw \r\n, not \r + U+2028
            replacement = "\n"
        elif not opts.strip_pinyin:
            position = at + 1
            continue
        elif char in "?？":
            lost = _valid_match(_LOST_CHAR_RE, folded, at)
            if lost is None:
                position = at + 1
                continue
            run_end = lost.end()
            replacement = opts.lost_char_placeholder
        else:  # an opening parenthesis right after a Han character: maybe a pinyin insertion
            if _valid_match(_INSERTION_RE, folded, at) is None:
                position = at + 1
                continue
            run_end = at
            replacement = ""
        pieces.append(folded[emitted:at])
        starts.extend(kept[emitted:at])
        ends.extend(kept_ends[emitted:at])
        if replacement:
            pieces.append(replacement)
            starts.append(kept[at])
            ends.append(kept_ends[run_end - 1])
        # A lost char or a Han char absorbs every valid insertion that follows it.
        if replacement != "\n":
            while (insertion := _valid_match(_INSERTION_RE, folded, run_end)) is not None:
                run_end = insertion.end()
            ends[-1] = kept_ends[run_end - 1]
        emitted = position = run_end
    pieces.append(folded[emitted:])
    starts.extend(kept[emitted:])
    ends.extend(kept_ends[emitted:])
    return NormalizedText(raw=raw, text="".join(pieces), raw_starts=tuple(starts), raw_ends=tuple(ends))
