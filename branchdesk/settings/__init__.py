"""Branch-wide settings: every number in the regulations is a default here, not a constant.

Areas declare their settings as ``SettingSpec`` lists in their declarations
(``branchdesk.area_registry``), registered here with the area; the core settings (the branch,
sign-in) are registered when this package is imported.
"""

from branchdesk.area_registry import on_area_registered
from branchdesk.settings import defaults as _core  # noqa: F401  registers the core settings
from branchdesk.settings.registry import (
    SettingSpec,
    register_settings,
    registered_settings,
    setting_spec,
)

on_area_registered(lambda area: register_settings(area.settings, area.order))

__all__ = ["SettingSpec", "register_settings", "registered_settings", "setting_spec"]
