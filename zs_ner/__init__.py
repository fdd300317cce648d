"""zs_ner: entities and amount→project links from Chinese investment-attraction (招商引资) news.

Import-light: ``import zs_ner`` loads no torch; ``zs_ner.Extractor`` is imported on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zs_ner.model.extractor import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> Any:
    """Lazy attributes: ``Extractor`` pulls in torch only when asked for."""
    if name == "Extractor":
        from zs_ner.model.extractor import Extractor

        return Extractor
    raise AttributeError(f"module 'zs_ner' has no attribute {name!r}")
