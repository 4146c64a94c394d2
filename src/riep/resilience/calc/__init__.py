"""Pure resilience logic: indicators from finance lines, early-warning rules, validation. No Django, no I/O."""
