"""One module per schema version, each holding the tables as that step made them.

A step's tables are frozen copies of the models as they were released, not today's
``branchdesk.db.models``: step 1 makes the version-1 schema whether it runs on a new database
today or ran years ago, so each later step does exactly one thing and needs no guard for a
database that "already has it". Never edit a released step; add the next one.
"""

from peewee import Model

from branchdesk.db import db


class FrozenTable(Model):
    """The base of every step's frozen tables: bound to the one database handle, named as
    the models name their tables."""

    class Meta:
        database = db
        legacy_table_names = False
