"""Per-machine configuration: which database this desk uses, its language, window geometry.

Branch-wide settings (company name, deadlines, quotas) live in the database instead, so that
every desk of an office agrees on them.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import platformdirs

from branchdesk.private_files import create_private_file, private_folder

APP_NAME = "BranchDesk"
DATABASE_URL_ENV = "BRANCHDESK_DATABASE_URL"


class Language(NamedTuple):
    babel_locale: str  # the CLDR locale that formats its dates and numbers
    name: str  # in the language itself, as the language menu shows it


# The one list of languages the interface, the catalogs and the printed forms come in.
LANGUAGES = {
    "zh_CN": Language("zh_Hans_CN", "简体中文"),
    "zh_TW": Language("zh_Hant_TW", "繁體中文"),
    "en": Language("en_GB", "English"),  # the catalog spells British English,
}
SUPPORTED_LANGUAGES = tuple(LANGUAGES)
DEFAULT_LANGUAGE = "zh_CN"

log = logging.getLogger(__name__)


def data_dir() -> Path:
    return private_folder(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.json"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'branchdesk.sqlite3'}"


def demo_database_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.sqlite3'}"


@dataclass
class MachineConfig:
    database_url: str = ""
    language: str = DEFAULT_LANGUAGE
    window_geometry: str = ""
    font_path: str = ""
    last_folder: str = ""  # where the last file was saved: file dialogs open there next time

    @classmethod
    def load(cls) -> MachineConfig:
        path = config_path()
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            # A damaged file must not stop the desk from starting; defaults are safe.
            log.warning("ignoring unreadable config %s: %s", path, exc)
            return cls()
        known = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        config = cls(**known)
        if config.language not in SUPPORTED_LANGUAGES:
            config.language = DEFAULT_LANGUAGE
        return config

    @property
    def holds_password(self) -> bool:
        """Its database URL carries a password in clear (``postgresql://desk:secret@…``)."""
        from urllib.parse import urlsplit

        return "@" in self.database_url and urlsplit(self.database_url).password is not None

    def save(self) -> None:
        path = config_path()
        private_folder(path.parent)
        # It may hold the PostgreSQL URL with its password: private before it is written.
        tmp = create_private_file(path.with_suffix(".tmp"))
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)


def resolve_database_url(cli_url: str | None, demo: bool, config: MachineConfig) -> str:
    """--database, else --demo, else the environment, else this machine's file, else SQLite."""
    if cli_url:
        return cli_url
    if demo:
        return demo_database_url()
    return os.environ.get(DATABASE_URL_ENV) or config.database_url or default_database_url()


def configured_font_path() -> str | None:
    """The CJK font this desk was told to print with; None: one is looked for on the system."""
    return MachineConfig.load().font_path or None
