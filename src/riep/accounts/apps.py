from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "riep.accounts"
    label = "accounts"
    verbose_name = "People and permissions"

    def ready(self):
        # Core's API authentication asks the accounts app how a bearer token finds its owner (core imports no app).
        from riep.accounts.models import ApiToken  # noqa: PLC0415 (models load only once the apps are ready)
        from riep.core.api.auth import authenticate_tokens_with  # noqa: PLC0415 (imports ninja, set up with the apps)

        authenticate_tokens_with(ApiToken.authenticate)
