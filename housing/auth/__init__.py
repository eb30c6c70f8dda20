"""Staff accounts, roles, login and account administration."""
