"""Settings shared by every profile. Everything external comes from the environment,
with embedded defaults so that nothing but Python is needed to start."""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
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
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.csp.PeixunCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lms.queue.QueueMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

# django-axes first: it counts failed logins (on /accounts/login/ and /admin/login/) and refuses a locked
# user-and-address pair before the password is checked; HR unlocks in the admin (people.admin_views).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "people.auth.StaffProfileBackend"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "people.lockouts.lockout_response"
AXES_ENABLE_ADMIN = False  # no Django admin here: HR unlocks through the Wagtail admin

# A session lasts one working day (10 hours) unless configured otherwise.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=10 * 3600)

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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:landing"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# locale/zh_Hans completes Wagtail's own zh_Hans catalogues (docs/lms.md, "Wagtail admin in Chinese").
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every django-filter filter (Wagtail listings included) offers 全部, not "---------", as its empty choice.
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
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
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))  # the file-based backend's folder
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
if CELERY_BROKER_URL.startswith("redis"):
    # Messages a killed worker had taken come back after this many seconds (longer than any task runs).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}

WAGTAIL_SITE_NAME = "培训 Peixun"
WAGTAIL_I18N_ENABLED = False
# The site's public address (scheme, host, port; no path): links in e-mails, the verification links and QR
# codes on PDFs. Required in production (the lms.E001 system check); dev gives a local default.
PEIXUN_BASE_URL = env.str("PEIXUN_BASE_URL", default="")
WAGTAILADMIN_BASE_URL = PEIXUN_BASE_URL
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
# Personal information (PIPL): a leaver may be erased this many years after their last working day.
PEOPLE_ERASE_AFTER_YEARS = env.int("PEOPLE_ERASE_AFTER_YEARS", default=3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Content-Security-Policy (django-csp 4; lms/csp.py loosens script-src for Wagtail's admin). Styles may be
# inline (Wagtail's admin and a few templates use style attributes); scripts only from our origin or with
# the request's nonce. CSP_FRAME_SRC lists the video sites whose players lessons may embed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *env.list("CSP_FRAME_SRC", default=[])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
HEALTH_BROKER_TIMEOUT = env.float("HEALTH_BROKER_TIMEOUT", default=2.0)  # seconds
HEALTH_HEARTBEAT_MAX_AGE = env.int("HEALTH_HEARTBEAT_MAX_AGE", default=180)  # seconds; beat stamps every 60
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin would fetch releases from another origin (and report usage)

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
RECORDS_EXPORT_STALL_MINUTES = env.int("RECORDS_EXPORT_STALL_MINUTES", default=10)
RECORDS_EXPORT_REQUEUES = env.int("RECORDS_EXPORT_REQUEUES", default=3)
RECORDS_ORG_NAME = env.str("RECORDS_ORG_NAME", default="培训 Peixun")
# Open Badges 3.0: the Ed25519 private key (PEM) that signs certificate credentials. Unset (development):
# read from PEIXUN_BADGE_KEY_FILE, which is generated on first use when missing (docs/records.md).
PEIXUN_BADGE_KEY = env.str("PEIXUN_BADGE_KEY", default="", multiline=True)
PEIXUN_BADGE_KEY_FILE = Path(env.str("PEIXUN_BADGE_KEY_FILE", default=str(VAR_DIR / "badge_key.pem")))
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Imports (staff, leave, trainings, launches, question banks): limits every uploaded file is held to
# (lms/uploads.py), and how long an unconfirmed preview waits in var/imports (docs/security.md).
PEIXUN_IMPORT_MAX_BYTES = env.int("PEIXUN_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
PEIXUN_IMPORT_MAX_ROWS = env.int("PEIXUN_IMPORT_MAX_ROWS", default=150_000)
PEIXUN_IMPORT_MAX_XLSX_BYTES = env.int("PEIXUN_IMPORT_MAX_XLSX_BYTES", default=100 * 1024 * 1024)
PEIXUN_IMPORT_PREVIEW_HOURS = env.int("PEIXUN_IMPORT_PREVIEW_HOURS", default=24)
PEIXUN_IMPORT_MAX_QUESTIONS = env.int("PEIXUN_IMPORT_MAX_QUESTIONS", default=5_000)
# Courses: a lesson counts as completed only after a plausible reading time since it was first served
# (courses/reading.py): characters / PEIXUN_READING_CHARS_PER_MINUTE × PEIXUN_READING_FRACTION, within
# [PEIXUN_READING_MIN_SECONDS, PEIXUN_READING_MAX_SECONDS].
PEIXUN_READING_CHARS_PER_MINUTE = env.int("PEIXUN_READING_CHARS_PER_MINUTE", default=400)
PEIXUN_READING_FRACTION = env.float("PEIXUN_READING_FRACTION", default=0.3)
PEIXUN_READING_MIN_SECONDS = env.int("PEIXUN_READING_MIN_SECONDS", default=10)
PEIXUN_READING_MAX_SECONDS = env.int("PEIXUN_READING_MAX_SECONDS", default=600)

# Group robots (notices): hosts besides qyapi.weixin.qq.com / oapi.dingtalk.com a robot's address may
# name, over http or https: a local stand-in for tests or a demo only (production allows none).
PEIXUN_ROBOT_EXTRA_HOSTS = env.list("PEIXUN_ROBOT_EXTRA_HOSTS", default=[])
