from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "riep.ledger"
    label = "ledger"
    verbose_name = "Efficiency ledger"

    def ready(self):
        from riep.ledger import jobs  # noqa: F401  registers this capability's kinds of background job
