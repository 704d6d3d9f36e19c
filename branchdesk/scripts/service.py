"""Call scripts and their versions: read the one a call uses, start a run with the standard
values filled, save an edit or restore an older version as a new version (the manager's).

Every function takes the acting user first. A version once saved never changes, so a call that
stored ``(script_id, version)`` finds with ``script_version`` exactly the script it used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError, fn

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.db.models import ScriptVersion, User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, PermissionDenied
from branchdesk.i18n import _, current_language
from branchdesk.scripts.engine import Passage, Passed, ScriptRun, ShownChoice, fill_placeholders
from branchdesk.scripts.loading import (
    check_script,
    load_script_file,
    script_from_data,
    shipped_script_paths,
)
from branchdesk.scripts.model import (
    SCRIPT_LANGUAGES,
    Choice,
    Script,
    Step,
    StepKind,
    script_to_data,
)
from branchdesk.scripts.permissions import ScriptAction, ScriptPermission, TargetKind
from branchdesk.settings.store import branch_info, get_setting

# Other areas import this module (and the engine and model); the values they meet are here too.
__all__ = [
    "Choice",
    "Passage",
    "Passed",
    "Script",
    "ScriptRun",
    "ScriptSummary",
    "ShownChoice",
    "Step",
    "StepKind",
    "VersionSummary",
    "courtesy_title",
    "current_script",
    "customer_values",
    "ensure_shipped_scripts",
    "fill_placeholders",
    "forbidden_bodies",
    "list_scripts",
    "list_versions",
    "restore_version",
    "save_script",
    "script_version",
    "standard_values",
    "start_run",
]

# How a customer is addressed, by the title code stored on a customer file's contact.
_COURTESY_TITLES = {
    "zh_CN": {"mr": "先生", "ms": "女士"},
    "zh_TW": {"mr": "先生", "ms": "小姐"},
    "en": {"mr": "Mr", "ms": "Ms"},
}


@dataclass(frozen=True)
class ScriptSummary:
    id: str
    version: int  # the newest
    title: Mapping[str, str]
    saved_at: datetime
    saved_by: str  # "" for the shipped version


@dataclass(frozen=True)
class VersionSummary:
    version: int
    saved_at: datetime
    saved_by: str
    restored_from: int | None


def _require(actor: Actor, permission: ScriptPermission) -> None:
    if not actor.can(permission):
        if permission == ScriptPermission.EDIT_SCRIPTS:
            raise PermissionDenied(_("Only a manager may change call scripts."))
        raise PermissionDenied(_("Your role does not use call scripts."))


def forbidden_bodies() -> list[str]:
    return list(get_setting("script_forbidden_bodies") or ())


# -- shipped scripts ------------------------------------------------------------------------
def ensure_shipped_scripts(now: datetime | None = None) -> list[str]:
    """Loads each shipped script the database lacks as its version 1; returns their ids. Run at
    start-up, and before any read, so a new or upgraded database has them."""
    have = {row.script_id for row in ScriptVersion.select(ScriptVersion.script_id).distinct()}
    missing = [path for path in shipped_script_paths() if path.stem not in have]
    if not missing:
        return []
    at = now or clock_now()
    added = []
    try:
        with write_transaction():
            for path in missing:
                # The shipped files are checked by the tests against the default list; a
                # branch's own additions to the list apply to the edits its manager saves.
                script = load_script_file(path, version=1)
                query = ScriptVersion.select().where(ScriptVersion.script_id == script.id)
                if not query.exists():
                    _insert(script, at, None, None)
                    added.append(script.id)
    except IntegrityError:
        return []  # another desk loaded them at the same moment
    return added


def _insert(script: Script, at: datetime, saved_by: int | None, restored_from: int | None):
    return ScriptVersion.create(
        script_id=script.id,
        version=script.version,
        body=json.dumps(script_to_data(script), ensure_ascii=False),
        saved_at=at,
        saved_by=saved_by,
        restored_from=restored_from,
    )


def _script_of(row: ScriptVersion) -> Script:
    data = json.loads(row.body)
    data["version"] = row.version
    return script_from_data(data)


# -- reading --------------------------------------------------------------------------------
def script_version(actor: Actor, script_id: str, version: int) -> Script:
    """Exactly the version a call used."""
    _require(actor, ScriptPermission.USE_SCRIPTS)
    ensure_shipped_scripts()
    row = ScriptVersion.get_or_none(
        (ScriptVersion.script_id == script_id) & (ScriptVersion.version == version)
    )
    if row is None:
        raise NotFound(
            _("Call script {id} has no version {version}.").format(id=script_id, version=version)
        )
    return _script_of(row)


def current_script(actor: Actor, script_id: str) -> Script:
    """The newest version of the script."""
    _require(actor, ScriptPermission.USE_SCRIPTS)
    ensure_shipped_scripts()
    row = (
        ScriptVersion.select()
        .where(ScriptVersion.script_id == script_id)
        .order_by(ScriptVersion.version.desc())
        .first()
    )
    if row is None:
        raise NotFound(_("There is no call script {id}.").format(id=script_id))
    return _script_of(row)


def list_scripts(actor: Actor) -> list[ScriptSummary]:
    """Every script at its newest version, by id."""
    _require(actor, ScriptPermission.USE_SCRIPTS)
    ensure_shipped_scripts()
    newest = ScriptVersion.select(
        ScriptVersion.script_id, fn.MAX(ScriptVersion.version).alias("v")
    ).group_by(ScriptVersion.script_id)
    rows = (
        ScriptVersion.select()
        .join(
            newest,
            on=(
                (ScriptVersion.script_id == newest.c.script_id)
                & (ScriptVersion.version == newest.c.v)
            ),
        )
        .order_by(ScriptVersion.script_id)
    )
    rows = list(rows)
    names = _user_names([row.saved_by_id for row in rows])
    return [
        ScriptSummary(
            row.script_id,
            row.version,
            json.loads(row.body).get("title", {}),
            row.saved_at,
            names.get(row.saved_by_id, ""),
        )
        for row in rows
    ]


def list_versions(actor: Actor, script_id: str) -> list[VersionSummary]:
    """The script's versions, newest first."""
    _require(actor, ScriptPermission.USE_SCRIPTS)
    ensure_shipped_scripts()
    rows = list(
        ScriptVersion.select(
            ScriptVersion.version,
            ScriptVersion.saved_at,
            ScriptVersion.saved_by,
            ScriptVersion.restored_from,
        )
        .where(ScriptVersion.script_id == script_id)
        .order_by(ScriptVersion.version.desc())
    )
    if not rows:
        raise NotFound(_("There is no call script {id}.").format(id=script_id))
    names = _user_names([row.saved_by_id for row in rows])
    return [
        VersionSummary(row.version, row.saved_at, names.get(row.saved_by_id, ""), row.restored_from)
        for row in rows
    ]


def _user_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {
        u.id: u.display_name
        for u in User.select(User.id, User.display_name).where(User.id.in_(ids))
    }


# -- values for the placeholders ------------------------------------------------------------
def courtesy_title(code: str, lang: str) -> str:
    """先生 / 女士 (zh_CN), 先生 / 小姐 (zh_TW), Mr / Ms (en) for the stored "mr" / "ms"."""
    return _COURTESY_TITLES.get(lang, _COURTESY_TITLES["en"]).get(code or "", "")


def standard_values(actor: Actor, agent_no: str | None = None) -> dict[str, str]:
    """``company``, ``branch`` and ``hotline`` from the settings; ``agent_no`` and
    ``agent_name`` of the user with ``agent_no`` (the actor when None). A value not set is
    left out."""
    _require(actor, ScriptPermission.USE_SCRIPTS)
    info = branch_info()
    values = {"company": info.company_name, "branch": info.branch_name,
              "hotline": info.hotline}  # fmt: skip
    if agent_no:
        agent = User.get_or_none(User.agent_no == agent_no.strip())
        if agent is None:
            raise NotFound(_("No user has the agent number {number}.").format(number=agent_no))
        values["agent_no"], values["agent_name"] = agent.agent_no, agent.display_name
    else:
        values["agent_name"] = actor.display_name
        values["agent_no"] = actor.agent_no or ""
    # What the branch has not set (a hotline, a manager's agent number) is left out, so its
    # placeholder stays visible rather than becoming a gap.
    return {key: value for key, value in values.items() if value}


def customer_values(actor: Actor, customer_id: int, lang: str) -> dict[str, str]:
    """``customer`` and ``title`` from a customer file, masked for the actor as the file shows
    it. An organisation is addressed through its first contact person."""
    from branchdesk.customers.service import get_customer

    detail = get_customer(actor, customer_id)
    contact = detail.contacts[0] if detail.contacts else None
    if detail.row.kind == "organisation" and contact and contact.name:
        name = contact.name
    else:
        name = detail.row.name
    return {"customer": name, "title": courtesy_title(contact.title if contact else "", lang)}


def start_run(
    actor: Actor,
    script_id: str,
    lang: str | None = None,
    *,
    agent_no: str | None = None,
    values: Mapping[str, str] | None = None,
    version: int | None = None,
) -> ScriptRun:
    """A run of the newest version (or ``version``) with the standard values and ``values``
    (what only the call knows: customer, title, last contact date, issue, reply time)."""
    script = (current_script(actor, script_id) if version is None
              else script_version(actor, script_id, version))  # fmt: skip
    lang = lang or current_language()
    if lang not in SCRIPT_LANGUAGES:
        lang = "zh_CN"
    filled = standard_values(actor, agent_no)
    filled.update({k: v for k, v in (values or {}).items() if v is not None})
    return ScriptRun(script, filled, lang)


# -- editing (the manager) ------------------------------------------------------------------
def save_script(actor: Actor, script: Script, now: datetime | None = None) -> Script:
    """``script`` checked and stored as the script's next version (its ``version`` is
    ignored); ScriptInvalid with the validator's messages otherwise."""
    _require(actor, ScriptPermission.EDIT_SCRIPTS)
    check_script(script, forbidden_bodies())
    return _store_next(actor, script, ScriptAction.SCRIPT_SAVED, None, now)


def restore_version(
    actor: Actor, script_id: str, version: int, now: datetime | None = None
) -> Script:
    """An older version saved again as the newest one (the versions between stay kept)."""
    _require(actor, ScriptPermission.EDIT_SCRIPTS)
    old = script_version(actor, script_id, version)
    return _store_next(actor, old, ScriptAction.SCRIPT_RESTORED, version, now)


def _store_next(
    actor: Actor, script: Script, action: str, restored_from: int | None, now: datetime | None
) -> Script:
    ensure_shipped_scripts()
    at = now or clock_now()
    for _attempt in range(3):
        try:
            with write_transaction():
                last = (
                    ScriptVersion.select(fn.MAX(ScriptVersion.version))
                    .where(ScriptVersion.script_id == script.id)
                    .scalar()
                ) or 0
                saved = script.with_version(last + 1)
                _insert(saved, at, actor.id, restored_from)
                data = {"version": saved.version, "steps": len(saved.steps)}
                if restored_from is not None:
                    data["restored_from"] = restored_from
                record(actor, action, at=at, data=data,
                       target_kind=TargetKind.SCRIPT, target_id=script.id)  # fmt: skip
            return saved
        except IntegrityError:
            continue  # another desk saved the same version number first: take the next one
    raise IntegrityError(f"could not store a new version of script {script.id!r}")
