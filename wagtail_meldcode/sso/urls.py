"""Single sign-on: include them in the project's URLs, e.g.
``path("sso/", include("wagtail_meldcode.sso.urls"))``.

The names are mozilla-django-oidc's, which its session refresh reverses.
"""

from django.urls import path

from . import break_glass, views

urlpatterns = [
    path("oidc/inloggen/", views.LoginView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", views.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("uitloggen/", views.logout, name="oidc_logout"),
    path("noodtoegang/<str:token>/", break_glass.login, name="meldcode_break_glass"),
]
