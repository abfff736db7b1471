from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import health
from lms.media import media_urlpatterns

from . import admin_history

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    # Before Wagtail's admin: its site history report, limited to the rows each user may see.
    path("admin/reports/site-history/", never_cache(admin_history.site_history)),
    path("admin/reports/site-history/results/", never_cache(admin_history.site_history_results)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("home.urls")),
    path("people/", include("people.urls")),
    path("", include("courses.urls")),
    path("exams/", include("exams.urls")),
    path("compliance/", include("compliance.urls")),
    path("compliance/", include("trainings.urls")),
    path("compliance/", include("notices.urls")),
    path("", include("records.urls")),
]

urlpatterns += media_urlpatterns()  # lesson images only; documents only through /documents/ above

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
