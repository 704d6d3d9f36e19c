"""The branch itself: first-run set-up and the manager's settings."""
