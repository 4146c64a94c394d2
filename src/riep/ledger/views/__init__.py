"""Ledger pages, by what they show: gains, NI 179 returns, partnership reports and project additionality."""
