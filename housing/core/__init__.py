"""What every part of the service shares: clock, types, errors, permissions, database set-up."""
