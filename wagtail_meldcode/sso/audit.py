"""The log of sign-ons, refused sign-ons and role changes (see :class:`SsoEvent`)."""

from ..models.sso import SsoAction, SsoEvent


def record_sso_event(request, action, *, user=None, identity=None, reason="", added=(),
                     removed=(), protocol=None):
    """Append an :class:`SsoEvent`: ``action`` of ``user`` (or of whoever ``identity``, a
    :class:`~wagtail_meldcode.sso.signon.ProviderIdentity`, names), ``reason`` of a
    refusal, role groups ``added``/``removed``. ``protocol`` defaults to the identity's."""
    return SsoEvent.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        protocol=protocol or (identity.protocol if identity is not None else ""),
        issuer=str(identity.issuer if identity is not None else "")[:255],
        subject=str(identity.subject if identity is not None else "")[:255],
        action=action,
        reason=reason,
        roles_added="\n".join(added),
        roles_removed="\n".join(removed),
        ip_address=(request.META.get("REMOTE_ADDR") or None) if request is not None else None,
    )


__all__ = ["SsoAction", "record_sso_event"]
