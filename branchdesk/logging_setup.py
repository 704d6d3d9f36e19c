"""Bugs go to a rotating log file in the data folder."""

from __future__ import annotations

import logging
from pathlib import Path

from branchdesk.config import data_dir
from branchdesk.private_files import create_private_file, make_private, private_folder

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _rotating_file_handler(path: Path) -> logging.Handler:
    # logging.handlers brings socket, pickle and queue along: loaded with the first record.
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        """Each new log file is private, whatever the process umask: logs name people."""

        def _open(self):
            create_private_file(Path(self.baseFilename))
            return super()._open()

    return PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )


class RotatingLogOnFirstRecord(logging.Handler):
    """Writes to the rotating log file, set up when the first record arrives: most starts of
    the window log nothing, and the rotating handler's module would cost each of them about
    5 ms before the window shows."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path)  # as a file handler names its file
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = _rotating_file_handler(Path(self.baseFilename))
            self._file.setFormatter(self.formatter)
        self._file.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def log_file() -> Path:
    return data_dir() / "logs" / "branchdesk.log"


def configure_logging(level: int = logging.INFO) -> None:
    path = log_file()
    private_folder(path.parent)
    for old in path.parent.glob("branchdesk.log*"):  # as an older version left them
        make_private(old)
    create_private_file(path)  # private before anything is written into it
    handler = RotatingLogOnFirstRecord(path)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
