"""Reorganisation use cases, one module per model family: scenarios (options, assumptions, results),
harmonisation (council tax), continuity (series across vesting day), shared (shared services and the ledger),
pool (the planning capacity pool)."""
