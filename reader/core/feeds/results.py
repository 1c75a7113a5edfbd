"""What a refresh did, feed by feed, in plain words (``FeedResult.line``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FeedResult:
    """How one feed's refresh went: status "new" (entries added or updated),
    "unchanged", "failed" or "waiting" (not asked: Retry-After, backoff, not due)."""

    feed_id: int
    name: str
    status: str
    added: int = 0
    updated: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.name}: failed: {self.error}"
        if self.status == "waiting":
            return f"{self.name}: not asked: {self.error}"
        if self.added or self.updated:
            parts = [f"{self.added} new"] + ([f"{self.updated} updated"] if self.updated else [])
            return f"{self.name}: {', '.join(parts)}"
        return f"{self.name}: nothing new"


@dataclass
class RefreshReport:
    results: list[FeedResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def failed(self) -> list[FeedResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        n = len(self.results)
        parts = [f"{n} feed{'s' if n != 1 else ''}", f"{self.added} new article(s)"]
        updated = sum(r.updated for r in self.results)
        if updated:
            parts.append(f"{updated} updated")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.cancelled:
            parts.append("stopped")
        return ", ".join(parts)
