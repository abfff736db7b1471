"""Settings shared by every profile. Everything external comes from the environment,
with embedded defaults so that nothing but Python is needed to start."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
env = environ.Env()

VAR_DIR = Path(env.str("PEIXUN_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lms",
    "home",
    "people",
    "courses",
    "exams",
    "evidence",
    "notices",
    "trainings",
    "certification",
    "compliance",
    "records",
    "content",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_celery_beat",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"

AUTHENTICATION_BACKENDS = ["people.auth.StaffProfileBackend"]

# A shared cache (CACHE_URL, e.g. redis://127.0.0.1:6379/1) also serves the sessions, so a request
# reads its session from the cache instead of the database; without one, sessions stay in the database
# (a per-process memory cache would let a logged-out session live on in other processes).
# A shared cache also lets a hall's simultaneous quiz hand-ins queue one grading sweep between them
# (exams.attempts._queue_grading); a per-process cache cannot tell the worker's sweep from the web's.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith("LocMemCache")
if SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "people.context_processors.user_roles",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'peixun.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the Celery worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:landing"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="peixun@localhost")

# Celery. The default broker is Kombu's filesystem transport under var/, so the demo's
# worker and beat run with no server; set CELERY_BROKER_URL=redis://... for real workers.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

WAGTAIL_SITE_NAME = "培训 Peixun"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

PEIXUN_DEMO_PASSWORD = "peixun-demo"
PEIXUN_ROLE_LABELS = {
    "Staff": _("员工"),
    "Trainer": _("培训师"),
    "Hall manager": _("营业厅经理"),
    "HR": _("人力资源"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Courses: CJK-segmenting database search (SQLite FTS5 / PostgreSQL), and documents served only through
# Wagtail's view, where courses.wagtail_hooks checks that the reader may see a lesson offering the file.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "courses.search_backend"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "mp4", "webm"]
WAGTAIL_FINISH_WORKFLOW_ACTION = "courses.workflows.publish_approved"
# Records (PDF): media sub-folders WeasyPrint may read (everything else is refused by records.pdf).
RECORDS_PDF_MEDIA_DIRS = env.list("RECORDS_PDF_MEDIA_DIRS", default=["original_images", "images"])
RECORDS_DIR = Path(env.str("RECORDS_DIR", default=str(VAR_DIR / "records")))
RECORDS_EXPORT_CHUNK = env.int("RECORDS_EXPORT_CHUNK", default=50)
RECORDS_ORG_NAME = env.str("RECORDS_ORG_NAME", default="培训 Peixun")
RECORDS_VERIFY_BASE_URL = env.str("RECORDS_VERIFY_BASE_URL", default=WAGTAILADMIN_BASE_URL)
# Open Badges 3.0: the Ed25519 private key (PEM) that signs certificate credentials. Unset (development):
# read from PEIXUN_BADGE_KEY_FILE, which is generated on first use when missing (docs/records.md).
PEIXUN_BADGE_KEY = env.str("PEIXUN_BADGE_KEY", default="", multiline=True)
PEIXUN_BADGE_KEY_FILE = Path(env.str("PEIXUN_BADGE_KEY_FILE", default=str(VAR_DIR / "badge_key.pem")))
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
