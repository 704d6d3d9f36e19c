"""The front desk's visitors (R-V1 … R-V6).

Importing the area registers its settings, so every use of its services finds them.
"""

from branchdesk.settings import register_settings
from branchdesk.visitors.settings_spec import VISITOR_SETTINGS

register_settings(VISITOR_SETTINGS)
