"""The record every stage passes on: one piece of new hardware."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The category of an item nothing decides (no rule, no model): kept, never dropped.
UNCLASSIFIED = "Unclassified"

#: The keys of one output record, in the order every format writes them.
RECORD_KEYS = (
    "commit", "subject", "type", "hardware", "kind", "category", "confidence",
    "decided_by", "review", "symbols", "paths",
)


@dataclass
class HardwareItem:
    """One new driver, device or board found in a commit range.

    ``kind`` is the fine, stable label (``iio``, ``pinctrl``, ...); ``category``
    the display group a taxonomy gives that kind.  ``decided_by`` says what
    chose the kind: ``rule:<pattern>``, ``model``, ``rule+model`` or
    ``unclassified``.
    """

    commit: str
    subject: str
    hardware: str
    type: str = "driver"            # driver | device | board
    kind: str | None = None
    category: str = UNCLASSIFIED
    confidence: float = 0.0
    decided_by: str = "unclassified"
    review: list[str] = field(default_factory=list)   # reasons a person should look
    symbols: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    # Not written to reports; used by categorise/check/model:
    kconfig_path: str | None = None
    kconfig_line: int | None = None
    prompt: str = ""
    help: str = ""
    body: str = ""
    order: int = 0                  # commit position in the range (oldest first)

    def text(self) -> str:
        """What the text classifier reads about this item."""
        return " \n".join(p for p in (self.prompt, self.help, self.subject, " ".join(self.paths)) if p)

    def record(self) -> dict:
        """The output record: exactly :data:`RECORD_KEYS`."""
        return {
            "commit": self.commit,
            "subject": self.subject,
            "type": self.type,
            "hardware": self.hardware,
            "kind": self.kind,
            "category": self.category,
            "confidence": round(float(self.confidence), 4),
            "decided_by": self.decided_by,
            "review": list(self.review),
            "symbols": list(self.symbols),
            "paths": list(self.paths),
        }
