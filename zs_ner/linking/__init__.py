"""Linking entities into relations: amount_of, investor_of, located_in."""

from zs_ner.linking.rules import link

__all__ = ["link"]
