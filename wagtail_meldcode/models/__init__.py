from .audit import CaseEvent  # noqa: F401
from .cases import Case, CaseDraft, Consultation, Conversation, Decision, Signal, Weighing  # noqa: F401
from .followup import FollowUp, ReminderDelivery  # noqa: F401
from .notices import CaseNotice  # noqa: F401
from .own_questions import OwnAnswer, OwnQuestion  # noqa: F401
from .pages import MeldcodePage, MeldcodeStepPage  # noqa: F401
from .retention import LegalHold, RetentionWarning  # noqa: F401
from .roles import RoleChange, RoleChangeNotice  # noqa: F401
from .settings import CoordinatorRule, MeldcodeSettings  # noqa: F401
from .signals import SignalList, SignalListItem  # noqa: F401
from .sso import SsoEvent, SsoGroupRole, SsoIdentity  # noqa: F401
