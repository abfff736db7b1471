"""Development profile: what `./peixun run` uses."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-peixun")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
PEIXUN_BASE_URL = env.str("PEIXUN_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
WAGTAILADMIN_BASE_URL = PEIXUN_BASE_URL
