"""Bugs go to a rotating log file in the data folder."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from branchdesk.config import data_dir
from branchdesk.private_files import create_private_file, make_private, private_folder


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Each new log file is private, whatever the process umask: logs name people."""

    def _open(self):
        create_private_file(Path(self.baseFilename))
        return super()._open()


def log_file() -> Path:
    return data_dir() / "logs" / "branchdesk.log"


def configure_logging(level: int = logging.INFO) -> None:
    path = log_file()
    private_folder(path.parent)
    for old in path.parent.glob("branchdesk.log*"):  # as an older version left them
        make_private(old)
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
