"""Controlled vocabularies of the directory: slugs stored and filtered on, labels shown.
Served at GET /v1/directory/vocabularies."""

from services.directory.statuses import MembershipStatus
from shared.vocabularies import FORMS, SECTORS

KINDS = {
    "ngo": "Non-governmental organisation",
    "survivor_led": "Survivor-led organisation",
    "trade_union": "Trade union",
    "business": "Business",
    "employers_organisation": "Employers' organisation",
    "government_agency": "Government agency",
    "international_organisation": "International organisation",
    "academic_research": "Academic or research institution",
    "faith_based": "Faith-based organisation",
    "foundation_funder": "Foundation or funder",
}
INTERVENTIONS = {
    "prevention": "Prevention",
    "protection": "Protection and survivor services",
    "prosecution": "Prosecution and legal aid",
    "policy_advocacy": "Policy and advocacy",
    "research_data": "Research and data",
    "capacity_building": "Capacity building",
    "supply_chains": "Supply chains",
}
SURVIVOR_LEADERSHIP = {
    "survivor_led": "Survivor-led",
    "survivors_on_board": "Survivors on the board",
    "paid_survivor_consultants": "Paid survivor consultants",
}
SIZE_BANDS = {
    "1-10": "1 to 10 staff",
    "11-50": "11 to 50 staff",
    "51-250": "51 to 250 staff",
    "251-1000": "251 to 1,000 staff",
    "1000+": "More than 1,000 staff",
}
REGIONS = {"Africa": "Africa", "Americas": "Americas", "Asia": "Asia", "Europe": "Europe", "Oceania": "Oceania"}
LANGUAGES = {
    "ar": "Arabic",
    "bn": "Bengali",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fj": "Fijian",
    "fr": "French",
    "hi": "Hindi",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "km": "Khmer",
    "ko": "Korean",
    "mg": "Malagasy",
    "ne": "Nepali",
    "nl": "Dutch",
    "ny": "Chichewa",
    "pt": "Portuguese",
    "ru": "Russian",
    "si": "Sinhala",
    "sq": "Albanian",
    "sw": "Swahili",
    "ta": "Tamil",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "ha": "Hausa",
    "yo": "Yoruba",
    "ig": "Igbo",
    "lg": "Luganda",
    "qu": "Quechua",
    "tl": "Tagalog",
}
# Shared back-office services organisations may offer or need. Work with survivors themselves
# (case management, direct services) is never shared through the directory.
SHARED_SERVICES = {
    "hr": "Human resources",
    "accounting": "Accounting and finance",
    "training": "Training",
    "bulk_purchasing": "Bulk purchasing",
    "software": "Software and IT",
    "advocacy": "Joint advocacy",
    "impact_measurement": "Impact measurement",
}
REFUSED_SHARED_SERVICES = {
    "case_management": "Case management concerns individual survivors and is not shared between organisations.",
    "direct_services": "Direct services to survivors stay with the organisation that provides them.",
}
COALITION_SCOPES = {"national": "National", "regional": "Regional", "global": "Global"}
MEMBER_ROLES = {"member": "Member", "lead": "Lead organisation", "secretariat": "Secretariat"}
MEMBERSHIP_STATUSES = {
    MembershipStatus.INVITED.value: "Invited",
    MembershipStatus.PENDING.value: "Requested to join",
    MembershipStatus.ACTIVE.value: "Active",
    MembershipStatus.LEFT.value: "Left",
}

ALL = {
    "kinds": KINDS,
    "forms": FORMS,
    "interventions": INTERVENTIONS,
    "sectors": SECTORS,
    "survivor_leadership": SURVIVOR_LEADERSHIP,
    "size_bands": SIZE_BANDS,
    "regions": REGIONS,
    "languages": LANGUAGES,
    "shared_services": SHARED_SERVICES,
    "coalition_scopes": COALITION_SCOPES,
    "member_roles": MEMBER_ROLES,
    "membership_statuses": MEMBERSHIP_STATUSES,
}
