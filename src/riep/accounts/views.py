from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from riep.accounts.forms import ApiTokenForm, SignInForm
from riep.accounts.models import ApiToken
from riep.core.permissions import requires


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


sign_in = requires("public")(SignInView.as_view())
sign_out = requires("public")(auth_views.LogoutView.as_view())


def _own_tokens(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


@requires("signed_in")
def tokens(request):
    """Your own API tokens: create one (shown once, here, and never again: only its SHA-256 is kept) or revoke one."""
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, new_token = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(request, "accounts/tokens.html", {"form": form, "tokens": _own_tokens(request.user),
                                                    "new_token": new_token})


@requires("signed_in")
@require_POST
def revoke_token(request, token_id: int):
    token = _own_tokens(request.user).filter(pk=token_id).first()
    if token is None:  # someone else's, or already revoked: the same answer, so nobody learns which
        raise Http404("No such token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, f"Token ‘{token.name}’ revoked: it no longer works.")
    return redirect("accounts:tokens")
