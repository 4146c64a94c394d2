from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "riep.accounts"
    label = "accounts"
    verbose_name = "People and permissions"
