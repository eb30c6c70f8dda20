"""The waiting list: referrals that arrive when the shelter is full."""
