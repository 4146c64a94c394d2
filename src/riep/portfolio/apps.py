from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "riep.portfolio"
    label = "portfolio"
    verbose_name = "Programme portfolio"
