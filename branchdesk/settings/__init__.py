"""Branch-wide settings: every number in the regulations is a default here, not a constant."""
