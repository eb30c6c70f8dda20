"""Rooms, beds and holds: the places and beds that are taken and free."""
