"""The performance toolkit's line on the administrator's data freshness list (riep.portfolio.todo)."""
from riep.performance.services.importer import KIND
from riep.portfolio.todo import add_freshness_source


def register() -> None:
    add_freshness_source("Last indicator import", KIND, "/performance/import/")
