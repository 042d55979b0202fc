from .attachments import Attachment  # noqa: F401
from .audit import CaseEvent  # noqa: F401
from .bodymap import InjuryMark  # noqa: F401
from .cases import (  # noqa: F401
    Case,
    CaseDraft,
    ColleagueStep,
    Consultation,
    Conversation,
    Decision,
    Signal,
    Weighing,
)
from .followup import FollowUp, ReminderDelivery  # noqa: F401
from .notices import CaseNotice  # noqa: F401
from .own_questions import OwnAnswer, OwnQuestion  # noqa: F401
from .pages import MeldcodePage, MeldcodeStepPage  # noqa: F401
from .reporter import ReporterDetails  # noqa: F401
from .retention import LegalHold, RetentionWarning  # noqa: F401
from .roles import RoleChange, RoleChangeNotice  # noqa: F401
from .settings import CoordinatorRule, MeldcodeSettings  # noqa: F401
from .signals import SignalList, SignalListItem  # noqa: F401
from .sso import SamlAssertionUse, SsoEvent, SsoGroupRole, SsoIdentity  # noqa: F401
