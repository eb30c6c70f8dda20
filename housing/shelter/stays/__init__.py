"""Stays: admission (the child age rule, earlier records), discharge, transfer, restriction, the board."""
