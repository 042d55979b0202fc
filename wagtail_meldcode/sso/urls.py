"""Single sign-on: include them in the project's URLs, e.g.
``path("sso/", include("wagtail_meldcode.sso.urls"))``.

OpenID Connect's URLs (when its backend is configured) carry mozilla-django-oidc's names,
which its session refresh reverses; SAML's (when its backend is configured) djangosaml2's:
``sso/saml/acs/`` is the assertion consumer service, ``sso/saml/ls/`` the single logout
service and ``sso/saml/metadata/`` this intranet's metadata for the IdP.
"""

from django.urls import path

from . import break_glass, logout, oidc_enabled, saml_enabled

urlpatterns = [
    path("uitloggen/", logout.logout, name="oidc_logout"),
    path("noodtoegang/<str:token>/", break_glass.login, name="meldcode_break_glass"),
]

if oidc_enabled():
    from . import views

    urlpatterns += [
        path("oidc/inloggen/", views.LoginView.as_view(), name="oidc_authentication_init"),
        path("oidc/callback/", views.CallbackView.as_view(), name="oidc_authentication_callback"),
    ]

if saml_enabled():
    from djangosaml2.views import LoginView, MetadataView

    from . import saml

    urlpatterns += [
        path("saml/inloggen/", LoginView.as_view(), name="saml2_login"),
        path("saml/acs/", saml.AssertionConsumerServiceView.as_view(), name="saml2_acs"),
        path("saml/ls/", saml.LogoutServiceView.as_view(), name="saml2_ls"),
        path("saml/ls/post/", saml.LogoutServiceView.as_view(), name="saml2_ls_post"),
        path("saml/metadata/", MetadataView.as_view(), name="saml2_metadata"),
    ]
