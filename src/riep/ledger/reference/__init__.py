"""Reference data for the efficiency ledger (JSON, each value with its source); read by riep.ledger.calc.reference."""
