"""Content-Security-Policy (django-csp): one strict policy for Peixun's pages, a looser one for the admin.

Peixun's own templates have no inline scripts (JavaScript is in static files; a template that needs
one gives it ``nonce="{{ request.csp_nonce }}"``). Wagtail's admin still writes inline scripts (inline
panels, date pickers), so under ``/admin/`` scripts may also be inline and no nonce is sent (a nonce
would make browsers ignore ``'unsafe-inline'``).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
ADMIN_SCRIPTS = {"script-src": [SELF, UNSAFE_INLINE]}


class PeixunCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), **ADMIN_SCRIPTS}
            parts.nonce = None
        return parts
