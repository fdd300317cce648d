"""The token-classification model: BIO tagging, windows, training and the inference wrapper.

Heavy dependencies (torch, transformers) are imported only by the submodules that need them;
import :class:`~zs_ner.model.extractor.Extractor` from ``zs_ner.model.extractor`` or as ``zs_ner.Extractor``.
"""
