"""Schema version 7: audit entries name their target as an indexed (kind, id) pair, keep their
details as JSON and the desk (machine) that wrote them.

Existing entries are converted: "visit:123" becomes ("visit", "123"), a login of a user action
the user's id, "k=v; k=v" details a JSON object. Their hash stays the one made over the columns
they had (``hash_format`` 1), so the chain and the seals printed on paper still verify; new
entries hash every column (format 2). On SQLite the append-only trigger on UPDATE is set aside
for this step's own conversion and put back as step 5 made it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from peewee import SqliteDatabase

from branchdesk.db import db

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

NEW_COLUMNS = (
    "target_kind TEXT NOT NULL DEFAULT ''",
    "target_id TEXT NOT NULL DEFAULT ''",
    "details TEXT NOT NULL DEFAULT '{}'",
    "desk TEXT NOT NULL DEFAULT ''",
    "hash_format INTEGER NOT NULL DEFAULT 1",
)
INDEXES = {
    "audit_entry_target_kind_target_id_id": "target_kind, target_id, id",
    "audit_entry_actor_id_id": "actor_id, id",
}
UPDATE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
)  # exactly as step 5 made it
USER_ACTIONS = {
    "sign_in", "sign_in_failed", "sign_out", "user_created", "user_updated", "user_activated",
    "user_deactivated", "password_reset",
}  # fmt: skip
KIND_AND_ID = re.compile(r"^([a-z_]+):(.+)$")
BATCH = 5_000


def target_pair(action: str, target: str, user_ids: dict[str, int]) -> tuple[str, str]:
    match = KIND_AND_ID.match(target)
    if match:
        return match.group(1), match.group(2)
    if action in USER_ACTIONS:
        # The login at the time, looked up as logins are today: an account renamed since is
        # not found (its pair keeps no id; the entry's target still names the login), and a
        # failed sign-in may name nobody.
        user_id = user_ids.get(target)
        return "user", "" if user_id is None else str(user_id)
    if action == "settings_changed":  # "closing_time,hotline": one key names its setting
        return "setting", "" if "," in target else target
    return {
        "branch_initialized": ("branch", ""),
        "database_backed_up": ("backup", ""),
        "desk_role_set_up": ("db_role", target),
    }.get(action, ("", ""))


def details_json(detail: str) -> str:
    values = {}
    for part in detail.split("; "):
        key, sep, value = part.partition("=")
        if part:
            values[key if sep else "note"] = value if sep else part
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _convert() -> None:
    user_ids = dict(db.execute_sql('SELECT username, id FROM "user"').fetchall())
    p = db.param
    update = (
        f"UPDATE audit_entry SET target_kind = {p}, target_id = {p}, details = {p} WHERE id = {p}"
    )
    after = 0
    while True:
        rows = db.execute_sql(
            f"SELECT id, action, target, detail FROM audit_entry WHERE id > {db.param}"
            f" ORDER BY id LIMIT {BATCH}",
            (after,),
        ).fetchall()
        if not rows:
            return
        changes = []
        for entry_id, action, target, detail in rows:
            kind, target_id = target_pair(action, target, user_ids)
            encoded = details_json(detail)
            if kind or target_id or encoded != "{}":
                changes.append((kind, target_id, encoded, entry_id))
        if changes:
            db.cursor().executemany(update, changes)
        after = rows[-1][0]


def apply(migrator: SchemaMigrator) -> None:
    for column in NEW_COLUMNS:
        db.execute_sql(f"ALTER TABLE audit_entry ADD COLUMN {column}")
    sqlite = isinstance(db.obj, SqliteDatabase)
    if sqlite:
        db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
    _convert()
    if sqlite:
        db.execute_sql(UPDATE_TRIGGER)
    for name, columns in INDEXES.items():
        db.execute_sql(f"CREATE INDEX {name} ON audit_entry ({columns})")
