"""The PostgreSQL password, kept out of URLs, the config file and the logs.

A desk's configuration names the server without a password
(``postgresql://desk@db.branch.local/branchdesk``); the password is kept in the operating
system's credential store, or where there is none in a 0600 file beside the database key,
under the account and server it belongs to. ``open_database`` adds it back only when it
connects.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from branchdesk.config import MachineConfig, config_path
from branchdesk.db.encryption_key import (
    KEYRING_SERVICE,
    credential_store,
    key_file_path,
    write_private,
)

PASSWORD_SERVICE = f"{KEYRING_SERVICE} PostgreSQL"

log = logging.getLogger(__name__)


def account(url: str) -> str:
    """Whose password: ``user@host:port/database``, the URL less its password and options."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{unquote(parts.username or '')}@{parts.hostname or 'localhost'}{port}{parts.path}"


def _file_for(url: str):
    digest = hashlib.sha256(account(url).encode()).hexdigest()[:16]
    return key_file_path().parent / f"postgresql-{digest}.password"


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def store_password(url: str, password: str) -> str:
    """Keep ``password`` for the URL's account; returns where ("keyring" or the file)."""
    store = credential_store()
    if store is not None:
        try:
            store.set_password(PASSWORD_SERVICE, account(url), password)
            return "keyring"
        except Exception:
            log.warning("the credential store refused the password; using a file", exc_info=True)
    return str(write_private(_file_for(url), password))


def stored_password(url: str) -> str | None:
    path = _file_for(url)
    if path.exists():
        return path.read_text(encoding="utf-8").rstrip("\n")
    store = credential_store()
    if store is None:
        return None
    try:
        return store.get_password(PASSWORD_SERVICE, account(url))
    except Exception:
        log.warning("the credential store could not be read", exc_info=True)
        return None


def with_stored_password(url: str) -> str:
    """The URL to connect with: its own password if it has one, else the stored one."""
    parts = urlsplit(url)
    if parts.password is not None:
        return url
    password = stored_password(url)
    if password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{user}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def move_password_out_of_config(config: MachineConfig) -> MachineConfig:
    """A password written in clear into config.json's ``database_url`` (by hand, or by a version
    that kept it there) moves into the credential store, and the file is written again, 0600,
    without it. The log names the account and where the password went, never the password."""
    url = config.database_url
    password = urlsplit(url).password if url.startswith("postgres") else None
    if password is None:
        return config
    try:
        place = store_password(url, unquote(password))
        config.database_url = without_password(url)
        config.save()
    except OSError:
        # The desk still connects with the URL as it is; the next start tries again.
        log.warning("the PostgreSQL password in %s could not be moved", config_path())
        config.database_url = url
        return config
    log.info(
        "moved the PostgreSQL password of %s from %s to the %s",
        account(url),
        config_path(),
        "credential store" if place == "keyring" else f"private file {place}",
    )
    return config
