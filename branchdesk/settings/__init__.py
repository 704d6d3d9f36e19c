"""Branch-wide settings: every number in the regulations is a default here, not a constant.

Areas declare their settings as ``SettingSpec`` lists and pass them to ``register_settings``;
the core settings (the branch, sign-in) are registered when this package is imported.
"""

from branchdesk.settings import defaults as _core  # noqa: F401  registers the core settings
from branchdesk.settings.registry import (
    SettingSpec,
    register_settings,
    registered_settings,
    setting_spec,
)

__all__ = ["SettingSpec", "register_settings", "registered_settings", "setting_spec"]
