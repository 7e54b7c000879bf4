"""The one exception type the library raises for bad input."""


class SeedError(Exception):
    """A seed could not become an article; the message names the file and the reason."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
