from django.contrib.auth import views as auth_views
from django.urls import path

from tyopolku.accounts import views

urlpatterns = [
    # A logged-in user goes to their caseload: to change users, log out first, so one
    # session never passes from one worker to another on a shared workstation.
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
