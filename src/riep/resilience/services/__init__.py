"""Resilience use cases: indicators and positions (`indicators`), rules, flags and validation (`warnings`), support
cases (`cases`). Pages, the API and the CLI call these; these call the pure `riep.resilience.calc`."""
