"""The admin listing's peer: a plain Wagtail ``ModelViewSet`` of :class:`PeerRecord`."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PeerRecord


class PeerRecordViewSet(ModelViewSet):
    """What an organisation would get from Wagtail for a plain model: 50 a page (as the
    case listing), newest change first, from an index."""

    model = PeerRecord
    icon = "list-ul"
    add_to_admin_menu = False
    list_per_page = 50
    list_display = ["reference", "status", "step", "updated_at"]
    ordering = ["-updated_at", "-id"]
    form_fields = ["reference", "status", "step", "updated_at"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_peer_records():
    return PeerRecordViewSet("bench_peer_records")
