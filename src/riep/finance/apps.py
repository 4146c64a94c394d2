from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "riep.finance"
    label = "finance"
    verbose_name = "Local authority finance returns"

    def ready(self):
        from riep.core import series
        from riep.finance import jobs  # noqa: F401 -- registers the job kinds
        from riep.finance.services import SERIES_SOURCE

        series.register(SERIES_SOURCE)
