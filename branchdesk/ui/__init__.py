"""The window: PySide6 widgets over the Qt-free core.

Loading PySide6 replaces ``__import__``. From then on, the first import of each module name,
anywhere, reads that module's whole source (``inspect.getsource``) to learn whether it uses
PySide's ``__feature__`` switches: over 1 % of start-up went to reading the standard
library, peewee and the core again as the window's modules imported them. None of the modules loaded
before PySide6 can use it, so they are recorded up front with the answer PySide would reach
(-1, "ignore this module"), and only modules loaded afterwards are read.
"""

import sys

from PySide6.support import feature

for _name in list(sys.modules):
    feature.pyside_feature_dict.setdefault(_name, -1)
