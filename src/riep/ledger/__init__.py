"""Efficiency ledger: value-for-money gains, NI 179, additionality and Green Book appraisal.

The pure engines live in riep.ledger.calc (no Django, no I/O beyond reading the
reference data shipped in riep.ledger.reference).
"""
