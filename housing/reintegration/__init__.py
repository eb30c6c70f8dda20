"""REINTEGRATION: the municipality's project under the national programme "Housing and Work
for the Homeless" — beneficiaries, housing support, employment, support sessions, referrals."""
