from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the field names axes throttles on."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?", max_length=100,
        help_text="A name to tell your tokens apart, such as 'Monthly returns script'.",
        error_messages={"required": "Enter what the token is for", "max_length": "Use at most 100 characters"},
    )
