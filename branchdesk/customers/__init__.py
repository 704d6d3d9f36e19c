"""Customer files with secrecy levels (R-S1 … R-S6, R-C14, R-F5). Importing the area registers
its declaration."""

from branchdesk.customers import area as _area  # noqa: F401 - registers the area
