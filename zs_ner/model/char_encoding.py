"""One input id per character, without tokenizer segmentation, so ids line up 1:1 with characters.

WordPiece would merge ``2644`` or ``abc`` into one piece and split a span boundary such as ``温7区域``
across pieces; the tagger needs one token per character instead. Each character is width-folded
(NFKC), lower-cased and looked up in the vocabulary; spaces and newlines get reserved ``[unusedN]``
ids when the vocabulary has them (else ``[UNK]``); anything else falls back to the first piece of
tokenizing the character (non-BERT vocabularies), then ``[UNK]``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

#: Reserved vocabulary entries used for whitespace, by character class, when the vocabulary has them.
SPACE_TOKEN = "[unused1]"
NEWLINE_TOKEN = "[unused2]"


class CharEncoder:
    """Maps characters to input ids for one tokenizer; the per-character cache lives on the instance."""

    def __init__(self, tokenizer: Any):
        self.tokenizer = tokenizer
        self.vocab: dict[str, int] = dict(tokenizer.get_vocab())
        self.unk_id: int = _token_id(tokenizer, "unk_token_id", self.vocab.get("[UNK]", 0))
        self.cls_id: int = _token_id(tokenizer, "cls_token_id", _token_id(tokenizer, "bos_token_id", self.unk_id))
        self.sep_id: int = _token_id(tokenizer, "sep_token_id", _token_id(tokenizer, "eos_token_id", self.unk_id))
        self.pad_id: int = _token_id(tokenizer, "pad_token_id", 0)
        self.space_id: int = self.vocab.get(SPACE_TOKEN, self.unk_id)
        self.newline_id: int = self.vocab.get(NEWLINE_TOKEN, self.unk_id)
        self._cache: dict[str, int] = {}

    def char_id(self, char: str) -> int:
        """The input id of one character (cached)."""
        found = self._cache.get(char)
        if found is None:
            found = self._lookup(char)
            self._cache[char] = found
        return found

    def encode(self, text: str) -> list[int]:
        """Ids for every character of ``text`` (no special tokens); ``len(result) == len(text)``."""
        cache = self._cache
        return [cache[c] if c in cache else self.char_id(c) for c in text]

    def _lookup(self, char: str) -> int:
        if char in "\n\r\u2028\u2029":
            return self.newline_id
        if char.isspace():
            return self.space_id
        folded = unicodedata.normalize("NFKC", char)
        for candidate in (folded.lower(), folded, char.lower(), char):
            if candidate in self.vocab:
                return self.vocab[candidate]
        # Non-BERT vocabularies: the first piece that is more than a word-boundary marker (▁, Ġ).
        for piece in self.tokenizer.tokenize(char):
            if piece.strip("▁Ġ") and piece in self.vocab:
                return self.vocab[piece]
        return self.unk_id


def _token_id(tokenizer: Any, attr: str, default: int) -> int:
    """A special token id of the tokenizer, or ``default`` when it has none."""
    value = getattr(tokenizer, attr, None)
    return default if value is None else int(value)
