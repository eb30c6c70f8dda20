"""The night: the night check, the shift log, the evacuation list."""
