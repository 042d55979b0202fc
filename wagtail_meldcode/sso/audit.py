"""The log of sign-ons, refused sign-ons and role changes (see :class:`SsoEvent`)."""

from ..models.sso import SsoAction, SsoEvent


def record_sso_event(request, action, *, user=None, claims=None, reason="", added=(),
                     removed=()):
    """Append an :class:`SsoEvent`: ``action`` of ``user`` (or of whoever ``claims``, the
    ID token's claims, name), ``reason`` of a refusal, role groups ``added``/``removed``."""
    claims = claims or {}
    return SsoEvent.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        issuer=str(claims.get("iss", ""))[:255],
        subject=str(claims.get("sub", ""))[:255],
        action=action,
        reason=reason,
        roles_added="\n".join(added),
        roles_removed="\n".join(removed),
        ip_address=(request.META.get("REMOTE_ADDR") or None) if request is not None else None,
    )


__all__ = ["SsoAction", "record_sso_event"]
