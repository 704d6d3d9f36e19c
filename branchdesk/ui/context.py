"""What every tab needs: who is signed in, the worker, the clock, this desk's configuration,
and the hub through which tabs announce changed records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.config import MachineConfig
from branchdesk.ui.hub import DeskHub
from branchdesk.ui.runner import DeskRunner


@dataclass
class DeskContext:
    actor: Actor
    runner: DeskRunner
    database_label: str
    database_url: str
    config: MachineConfig
    now: Callable[[], datetime] = field(default=clock_now)
    demo: bool = False
    hub: DeskHub = field(default_factory=DeskHub)
