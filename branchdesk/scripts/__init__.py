"""Call scripts as data (issue 10 §1, R-C2 … R-C21): the model, the engine that walks a script
during a call, the loader that checks one, and their versions in the database. Importing the
area registers its declaration."""

from branchdesk.scripts import area as _area  # noqa: F401 - registers the area
