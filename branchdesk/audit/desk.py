"""The name of the machine (desk) that writes an audit entry: every entry records it, so an
office with several desks on one PostgreSQL server can tell where something was done."""

from __future__ import annotations

import socket
from functools import cache


@cache
def desk_name() -> str:
    # The host name, as the office's network knows the PC; asked once per process.
    return socket.gethostname()
