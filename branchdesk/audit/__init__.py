"""The tamper-evident audit log: who did what, when (R-S4)."""
