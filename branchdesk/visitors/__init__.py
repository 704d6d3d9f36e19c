"""The front desk's visitors (R-V1 … R-V6). Importing the area registers its declaration."""

from branchdesk.visitors import area as _area  # noqa: F401 - registers the area
