"""The front desk's visitors (R-V1 … R-V6)."""
