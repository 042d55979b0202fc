"""Two-factor login (TOTP): set up an authenticator app, and verify a code after login;
and the session's "stay logged in"."""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms.two_factor import CodeForm
from .base import private

DEVICE_NAME = "meldcode"
BACKUP_CODES = 10


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if safe else "/"


def qr_code_svg(data):
    """``data`` as a QR code in inline SVG (no image request, nothing inline to run)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return mark_safe(svg[svg.index("<svg"):])  # noqa: S308 - made here, no user text


def _grouped(secret):
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _backup_codes(user):
    """Ten new single-use backup codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@login_required
def setup(request):
    """Link an authenticator app: scan the QR code, type a code, keep the backup codes."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # A new app only after the second factor: a password alone never replaces one.
        return redirect(f"{reverse('meldcode_account:verify')}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or (
        TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    )
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _backup_codes(user)
        otp_login(request, device)
        return private(TemplateResponse(request, "wagtail_meldcode/two_factor/backup_codes.html",
                                        {"codes": codes, "next": _next_url(request)}))
    context = {
        "form": form, "next": _next_url(request), "qr_code": qr_code_svg(device.config_url),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "replacing": user.is_verified(),
    }
    return private(TemplateResponse(request, "wagtail_meldcode/two_factor/setup.html", context))


@login_required
def verify(request):
    """After logging in with a password: the code from the app, or a backup code."""
    user = request.user
    devices = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    if not devices:
        return redirect(f"{reverse('meldcode_account:setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return private(TemplateResponse(request, "wagtail_meldcode/two_factor/verify.html",
                                    {"form": form, "next": _next_url(request)}))


@require_POST
@login_required
def keepalive(request):
    """"Stay logged in": a request like any other, so the idle time starts again."""
    return HttpResponse(status=204)
