"""The professions a trainee can register with."""

from flask_babel import lazy_gettext as _l

PROFESSIONS = {
    "physician": _l("Physician"),
    "surgeon": _l("Surgeon"),
    "nurse": _l("Nurse"),
    "midwife": _l("Midwife"),
    "anaesthetist": _l("Anaesthetist"),
    "pharmacist": _l("Pharmacist"),
    "technician": _l("Medical technician"),
    "community-health-worker": _l("Community health worker"),
    "other": _l("Other health professional"),
}
