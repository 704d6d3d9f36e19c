"""The call desk (R-C1 … R-C16): calls, callbacks, daily quotas, leads and the daily call
report. Importing the area registers its declaration."""

from branchdesk.calls import area as _area  # noqa: F401 - registers the area
