"""Privacy duties: subject-access exports and the retention purge."""
