"""The manager's call-script editor in the window."""
