from .pages import MeldcodePage, MeldcodeStepPage  # noqa: F401
from .settings import MeldcodeSettings  # noqa: F401
from .signals import SignalList, SignalListItem  # noqa: F401
