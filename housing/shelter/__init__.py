"""The Shelter for Women: rooms, beds, residents, children, stays."""
