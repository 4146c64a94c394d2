"""The procurement hub's pure logic: supplier names and identifiers, resolution of suppliers across councils,
classification to ProClass (and CPV), match quality, and a generator of realistic national spend.

No Django and no file writes here (the pyproject "Pure domain logic" contract); the Parquet store and its
queries are `riep.procurement.analytics`, the models and pages the rest of `riep.procurement`.
"""
