"""What one sync did: counts and messages, and the line that sums them up."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncResult:
    nothing_new: bool = False
    sent: int = 0  # records written to the folder
    received: int = 0  # records read from other devices' files
    written: int = 0  # rows written to the library
    waiting: int = 0  # rows waiting for what they need (an article's text)
    messages: list[str] = field(default_factory=list)  # files set aside, keys missing
    seconds: float = 0.0

    def summary(self) -> str:
        if self.nothing_new:
            return "up to date"
        parts = [f"{self.written} change(s) applied", f"{self.sent} sent"]
        if self.waiting:
            parts.append(f"{self.waiting} waiting for their article's text")
        return ", ".join(parts)
