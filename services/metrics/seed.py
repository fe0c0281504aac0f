"""A starter catalogue for SDG 8.7 work, loaded by `hub seed indicators`: adopted, and marked
`starter` so that coalitions know where it came from and may revise or replace it."""

from services.metrics.schemas import IndicatorCreate

COUNT_BREAKDOWNS = ["age_group", "form", "migration_status", "sex"]

STARTER: list[dict[str, object]] = [
    {
        "code": "people_identified",
        "name": "People identified as victims of modern slavery",
        "definition": "People the organisation identified, or helped identify, as victims of forced labour, "
        "trafficking, forced marriage or the worst forms of child labour during the period.",
        "method_note": "Count each person once per period, at first identification, whatever the number of contacts. "
        "Use the national identification criteria where they exist and say so in the source. Never report names.",
        "unit": "people",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": COUNT_BREAKDOWNS,
        "sensitivity": "sensitive",
    },
    {
        "code": "survivors_assisted",
        "name": "Survivors assisted",
        "definition": "Survivors who received at least one support service (shelter, health, legal, "
        "psychosocial, economic) from the organisation during the period.",
        "method_note": "Count people, not services: a survivor receiving three services counts once. "
        "Include people referred to partners only if the organisation paid for or delivered part of the service.",
        "unit": "people",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": COUNT_BREAKDOWNS,
        "sensitivity": "sensitive",
    },
    {
        "code": "children_withdrawn_from_child_labour",
        "name": "Children withdrawn from child labour",
        "definition": "Children who stopped work that is child labour under national law and ILO conventions "
        "and were enrolled in school or training, during the period.",
        "method_note": "Count a child once, when withdrawal is verified at least three months after it started. "
        "Record the sector where the child worked.",
        "unit": "children",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": ["sector", "sex"],
        "sensitivity": "sensitive",
    },
    {
        "code": "prosecutions_initiated",
        "name": "Prosecutions initiated",
        "definition": "Criminal cases for forced labour, trafficking or related offences opened by prosecutors "
        "in which the organisation supported victims or provided evidence.",
        "method_note": "Count cases, not defendants. A case supported by several organisations is reported by each; "
        "totals across organisations can therefore overstate the number of distinct cases.",
        "unit": "cases",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": ["form"],
    },
    {
        "code": "convictions",
        "name": "Convictions",
        "definition": "Convictions at first instance for forced labour, trafficking or related offences in cases "
        "the organisation supported.",
        "method_note": "Count convicted people at first instance; report appeals separately in the method note.",
        "unit": "people convicted",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": ["form"],
    },
    {
        "code": "workers_trained_on_rights",
        "name": "Workers trained on their rights",
        "definition": "Workers who completed a training session on labour rights, recruitment fees or how to seek help.",
        "method_note": "Count people who attended at least one complete session; attendance lists are the source.",
        "unit": "people",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": ["migration_status", "sector", "sex"],
        "proxy": True,
    },
    {
        "code": "businesses_assessed",
        "name": "Businesses assessed for forced labour risk",
        "definition": "Companies or suppliers assessed against forced labour indicators (recruitment fees, "
        "withheld documents, wage withholding and others) during the period.",
        "method_note": "Count each business once per period; say in the method note which assessment tool was used.",
        "unit": "businesses",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": ["sector"],
    },
    {
        "code": "recruitment_fees_reimbursed",
        "name": "Recruitment fees reimbursed to workers",
        "definition": "Money paid back to workers who had paid recruitment fees or related costs.",
        "method_note": "Report in US dollars at the average exchange rate of the period.",
        "unit": "USD",
        "value_type": "amount",
        "aggregation": "sum",
        "disaggregations": ["sector"],
    },
    {
        "code": "survivors_in_decent_work",
        "name": "Share of assisted survivors in decent work a year later",
        "definition": "Among survivors assisted a year before, the share in decent work or education.",
        "method_note": "Follow-up by consent only; the weight is the number of survivors followed up.",
        "unit": "percent",
        "value_type": "percentage",
        "aggregation": "weighted_mean",
        "disaggregations": ["sex"],
        "sensitivity": "sensitive",
    },
    {
        "code": "hotline_calls",
        "name": "Calls to helplines about exploitation",
        "definition": "Calls, messages or chats received by the organisation's helpline about possible exploitation.",
        "method_note": "Count contacts, not people; exclude silent or test calls.",
        "unit": "contacts",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": [],
        "proxy": True,
    },
]


def starter_indicators() -> list[IndicatorCreate]:
    return [IndicatorCreate.model_validate(entry) for entry in STARTER]
