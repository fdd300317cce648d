"""Offsets between Python code points and UTF-16 code units, which Label Studio (a browser app) counts in."""

from __future__ import annotations

from bisect import bisect_left


class Utf16Index:
    """Converts offsets of one text between code points and UTF-16 code units (identical for BMP-only text)."""

    def __init__(self, text: str):
        self.text = text
        self.astral = any(ord(ch) > 0xFFFF for ch in text)
        self._prefix: list[int] = []
        if self.astral:
            total = 0
            self._prefix.append(0)
            for ch in text:
                total += 2 if ord(ch) > 0xFFFF else 1
                self._prefix.append(total)

    def to_utf16(self, offset: int) -> int:
        """UTF-16 offset of code-point ``offset`` (offsets past the end keep their distance to it)."""
        if not self.astral:
            return offset
        if offset <= 0:
            return offset
        if offset >= len(self.text):
            return self._prefix[-1] + offset - len(self.text)
        return self._prefix[offset]

    def to_codepoint(self, offset16: int) -> int | None:
        """Code-point offset of UTF-16 ``offset16``; ``None`` inside a surrogate pair or outside the text."""
        if not self.astral:
            return offset16 if 0 <= offset16 <= len(self.text) else None
        i = bisect_left(self._prefix, offset16)
        if i < len(self._prefix) and self._prefix[i] == offset16:
            return i
        return None
