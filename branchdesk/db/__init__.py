"""The one database handle. Models bind to ``db``; ``open_database`` points it at a URL."""

from peewee import DatabaseProxy

db = DatabaseProxy()
