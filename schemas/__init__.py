"""Pydantic models of the pipeline's output, and the JSON Schema exported from them."""

from schemas.models import (
    SCHEMA_VERSION,
    DateValue,
    Document,
    DurationValue,
    Entity,
    Entry,
    Event,
    Extraction,
    Mention,
    Reference,
    TimeOfDay,
)

__all__ = [
    "SCHEMA_VERSION",
    "DateValue",
    "Document",
    "DurationValue",
    "Entity",
    "Entry",
    "Event",
    "Extraction",
    "Mention",
    "Reference",
    "TimeOfDay",
]
