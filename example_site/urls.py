from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_meldcode import sso

if sso.is_enabled():
    # Single sign-on: logging out of the intranet or the admin ends the provider's
    # session too (the views are found before Django's and Wagtail's own).
    from wagtail_meldcode.sso.logout import logout as sso_logout

    sso_urls = [
        path("sso/", include("wagtail_meldcode.sso.urls")),
        path("admin/logout/", sso_logout, {"next_page": "wagtailadmin_login"},
             name="wagtailadmin_logout"),
        path("accounts/logout/", sso_logout, name="logout"),
    ]
else:
    sso_urls = []

urlpatterns = [
    *sso_urls,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("wagtail_meldcode.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
