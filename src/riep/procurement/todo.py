"""The procurement hub's line on the administrator's data freshness list (riep.portfolio.todo)."""
from riep.portfolio.todo import add_freshness_source
from riep.procurement.services.importing import KIND


def register() -> None:
    add_freshness_source("Last spend file", KIND, "/procurement/upload/")
