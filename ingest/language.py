"""Language detection for input documents: the extraction rules are written for English, so other languages
are rejected with a clear message instead of producing an empty or nonsensical graph.

The detector (lingua) is restricted to the languages conflict news is most often published in, which makes it
faster and more reliable than a detector over all 75 languages; it is built once, lazily, because building it
takes noticeable time and most commands never need it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

MIN_LETTERS = 40
"""Texts with fewer letters are accepted unchecked: detection on a few words is guesswork, and wrongly
rejecting a short English text (a headline, a tweet) is worse than letting a short foreign one through."""

REJECT_CONFIDENCE = 0.6
"""A text is rejected only when another language reaches this confidence *and* beats English clearly; English
full of transliterated Arabic, Russian or Kurdish names stays English because its function words dominate."""

SAMPLE_CHARS = 3000
"""Long texts are judged on evenly spaced samples of this total size, which keeps detection fast and lets a
long English article with one foreign-language quote pass."""

_LANGUAGES = (
    "ENGLISH", "FRENCH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "SWEDISH", "POLISH",
    "ROMANIAN", "TURKISH", "RUSSIAN", "UKRAINIAN", "ARABIC", "PERSIAN", "HEBREW", "GREEK", "CHINESE",
    "JAPANESE", "KOREAN", "HINDI",
)  # fmt: skip


@cache
def _detector() -> LanguageDetector:
    """Build the lingua detector once per process (it loads its models lazily as languages are seen)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in _LANGUAGES)).build()


def _sample(text: str) -> str:
    """Up to three evenly spaced slices of the text, cut at whitespace so no word is split."""
    if len(text) <= SAMPLE_CHARS:
        return text
    part = SAMPLE_CHARS // 3
    slices = []
    for start in (0, (len(text) - part) // 2, len(text) - part):
        chunk = text[start : start + part]
        slices.append(chunk[chunk.find(" ") + 1 : chunk.rfind(" ")] if start else chunk[: chunk.rfind(" ")])
    return "\n".join(slices)


def non_english_reason(text: str) -> str | None:
    """Why the text is not English, in words a user can act on, or None when it is (or cannot be told).

    >>> non_english_reason("Short.") is None
    True
    """
    sample = _sample(text)
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None
    best = values[0]
    english = next((v.value for v in values if v.language.name == "ENGLISH"), 0.0)
    if best.language.name == "ENGLISH" or best.value < REJECT_CONFIDENCE or english >= best.value / 2:
        return None
    return (
        f"the text is in {best.language.name.capitalize()} (confidence {best.value:.2f}); "
        "only English is supported"
    )
