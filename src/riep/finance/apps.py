from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "riep.finance"
    label = "finance"
    verbose_name = "Local authority finance returns"
