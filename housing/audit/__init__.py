"""The append-only audit trail: who did what, when, to which record, old → new."""
