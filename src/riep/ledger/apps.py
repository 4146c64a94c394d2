from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "riep.ledger"
    label = "ledger"
    verbose_name = "Efficiency ledger"
