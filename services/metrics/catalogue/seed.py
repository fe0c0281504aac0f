"""A starter catalogue for SDG 8.7 work, loaded by `hub seed indicators`: adopted, and marked
`starter` so that coalitions know where it came from and may revise or replace it."""

from services.metrics.catalogue.schemas import IndicatorCreate

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


# The starter indicators' names, units and definitions in French and Spanish, by code.
TRANSLATIONS: dict[str, dict[str, dict[str, str]]] = {
    "people_identified": {
        "fr": {
            "name": "Personnes identifiées comme victimes d’esclavage moderne",
            "unit": "personnes",
            "definition": "Personnes que l’organisation a identifiées, ou aidé à identifier, comme victimes de "
            "travail forcé, de traite, de mariage forcé ou des pires formes de travail des enfants pendant la période.",
        },
        "es": {
            "name": "Personas identificadas como víctimas de esclavitud moderna",
            "unit": "personas",
            "definition": "Personas que la organización identificó, o ayudó a identificar, como víctimas de trabajo "
            "forzoso, trata, matrimonio forzado o las peores formas de trabajo infantil durante el periodo.",
        },
    },
    "survivors_assisted": {
        "fr": {
            "name": "Personnes rescapées accompagnées",
            "unit": "personnes",
            "definition": "Personnes rescapées ayant reçu au moins un service d’aide (hébergement, santé, aide "
            "juridique, soutien psychosocial, insertion économique) de l’organisation pendant la période.",
        },
        "es": {
            "name": "Personas sobrevivientes atendidas",
            "unit": "personas",
            "definition": "Personas sobrevivientes que recibieron de la organización al menos un servicio de apoyo "
            "(albergue, salud, asesoría jurídica, apoyo psicosocial, apoyo económico) durante el periodo.",
        },
    },
    "children_withdrawn_from_child_labour": {
        "fr": {
            "name": "Enfants retirés du travail des enfants",
            "unit": "enfants",
            "definition": "Enfants ayant cessé un travail interdit aux enfants par le droit national et les "
            "conventions de l’OIT, et inscrits à l’école ou en formation, pendant la période.",
        },
        "es": {
            "name": "Niños y niñas retirados del trabajo infantil",
            "unit": "niños y niñas",
            "definition": "Niños y niñas que dejaron un trabajo infantil según la ley nacional y los convenios de la "
            "OIT y se matricularon en la escuela o en formación, durante el periodo.",
        },
    },
    "prosecutions_initiated": {
        "fr": {
            "name": "Poursuites engagées",
            "unit": "affaires",
            "definition": "Affaires pénales de travail forcé, de traite ou d’infractions connexes ouvertes par le "
            "parquet, dans lesquelles l’organisation a soutenu les victimes ou apporté des preuves.",
        },
        "es": {
            "name": "Procesos penales iniciados",
            "unit": "causas",
            "definition": "Causas penales por trabajo forzoso, trata o delitos conexos abiertas por la fiscalía en "
            "las que la organización apoyó a las víctimas o aportó pruebas.",
        },
    },
    "convictions": {
        "fr": {
            "name": "Condamnations",
            "unit": "personnes condamnées",
            "definition": "Condamnations en première instance pour travail forcé, traite ou infractions connexes, "
            "dans des affaires soutenues par l’organisation.",
        },
        "es": {
            "name": "Condenas",
            "unit": "personas condenadas",
            "definition": "Condenas en primera instancia por trabajo forzoso, trata o delitos conexos en causas "
            "apoyadas por la organización.",
        },
    },
    "workers_trained_on_rights": {
        "fr": {
            "name": "Travailleuses et travailleurs formés à leurs droits",
            "unit": "personnes",
            "definition": "Travailleuses et travailleurs ayant suivi une séance de formation sur le droit du "
            "travail, les frais de recrutement ou les moyens de demander de l’aide.",
        },
        "es": {
            "name": "Personas trabajadoras capacitadas en sus derechos",
            "unit": "personas",
            "definition": "Personas trabajadoras que completaron una sesión de capacitación sobre derechos "
            "laborales, comisiones de contratación o cómo pedir ayuda.",
        },
    },
    "businesses_assessed": {
        "fr": {
            "name": "Entreprises évaluées pour le risque de travail forcé",
            "unit": "entreprises",
            "definition": "Entreprises ou fournisseurs évalués au regard des indicateurs du travail forcé (frais de "
            "recrutement, confiscation de documents, retenue de salaire, entre autres) pendant la période.",
        },
        "es": {
            "name": "Empresas evaluadas por riesgo de trabajo forzoso",
            "unit": "empresas",
            "definition": "Empresas o proveedores evaluados según los indicadores de trabajo forzoso (comisiones de "
            "contratación, retención de documentos o de salarios, entre otros) durante el periodo.",
        },
    },
    "recruitment_fees_reimbursed": {
        "fr": {
            "name": "Frais de recrutement remboursés aux travailleurs",
            "unit": "USD",
            "definition": "Sommes rendues aux travailleuses et travailleurs qui avaient payé des frais de "
            "recrutement ou des coûts liés.",
        },
        "es": {
            "name": "Comisiones de contratación reembolsadas a trabajadores",
            "unit": "USD",
            "definition": "Dinero devuelto a las personas trabajadoras que habían pagado comisiones de "
            "contratación o costos conexos.",
        },
    },
    "survivors_in_decent_work": {
        "fr": {
            "name": "Part des personnes rescapées accompagnées ayant un travail décent un an après",
            "unit": "pourcentage",
            "definition": "Parmi les personnes rescapées accompagnées un an plus tôt, la part ayant un travail "
            "décent ou suivant des études.",
        },
        "es": {
            "name": "Proporción de sobrevivientes atendidos con trabajo decente un año después",
            "unit": "porcentaje",
            "definition": "Entre las personas sobrevivientes atendidas un año antes, la proporción con trabajo "
            "decente o que estudia.",
        },
    },
    "hotline_calls": {
        "fr": {
            "name": "Appels aux lignes d’assistance sur l’exploitation",
            "unit": "contacts",
            "definition": "Appels, messages ou discussions reçus par la ligne d’assistance de l’organisation au "
            "sujet d’une exploitation possible.",
        },
        "es": {
            "name": "Llamadas a líneas de ayuda sobre explotación",
            "unit": "contactos",
            "definition": "Llamadas, mensajes o chats recibidos por la línea de ayuda de la organización sobre "
            "posibles casos de explotación.",
        },
    },
}


def starter_indicators() -> list[IndicatorCreate]:
    return [
        IndicatorCreate.model_validate({**entry, "translations": TRANSLATIONS[str(entry["code"])]}) for entry in STARTER
    ]
