"""A beneficiary's deadlines and the follow-up after an exit (housing and work retention at 6 and
12 months, with consent), the same for every programme of config; each alert scoped to its programme."""
