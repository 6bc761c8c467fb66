from datetime import UTC, datetime


def now() -> str:
    """UTC timestamps as ISO text, the one format stored."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
