"""Named errors. Raised where they happen; turned into one line and an exit code at the CLI edge."""


class TrackerError(Exception):
    """Base of every error tracker reports to a user."""

    exit_code = 1
    details: tuple[str, ...] = ()  # lines printed before the message (each file's problem)


class ArticleError(TrackerError):
    """An article file cannot be read or understood (empty, binary, not UTF-8, bad front matter)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class DateError(TrackerError):
    """A date given by the user (a flag or front matter) cannot be parsed."""


class StoreError(TrackerError):
    """The store cannot be opened, read or written."""


class NotFoundError(TrackerError):
    """Something asked for by id or path does not exist."""


class NothingReadError(StoreError):
    """A build read no article at all; the store was left as it was. `details` says why, per file."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details
