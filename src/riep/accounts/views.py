from django.contrib.auth import views as auth_views

from riep.accounts.forms import SignInForm
from riep.core.permissions import requires


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


sign_in = requires("public")(SignInView.as_view())
sign_out = requires("public")(auth_views.LogoutView.as_view())
