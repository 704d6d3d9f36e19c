"""BranchDesk: the customer-service desk of a branch office."""

__version__ = "0.1.0"
