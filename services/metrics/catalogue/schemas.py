import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.metrics import vocabularies
from services.metrics.vocabularies import Sensitivity, TranslationLanguage
from shared.fields import NotBlank

CODE = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


def _known(vocabulary: Mapping[str, object], name: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown {name} {value!r}; one of {', '.join(vocabulary)}")
        return value

    return check


class IndicatorTranslation(BaseModel):
    """An indicator version's name, unit and definition in another language. The unit and the
    definition may be left out: readers then see the English ones."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Personnes rescapées accompagnées", "unit": "personnes", "definition": None}]
        },
    )

    name: Annotated[str, Field(min_length=3, max_length=200), NotBlank]
    unit: str | None = Field(default=None, min_length=1, max_length=50)
    definition: str | None = Field(default=None, min_length=10, max_length=4000)

    @field_validator("name", "unit", "definition")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        if value is not None and value != value.strip():
            raise ValueError("no leading or trailing spaces")
        return value


class IndicatorTranslationRead(BaseModel):
    """One version's words in one language, as `IndicatorVersionRead.translations` shows them."""

    code: str
    version: int
    language: str
    name: str
    unit: str | None = Field(default=None, description="None: readers see the English one")
    definition: str | None = Field(default=None, description="None: readers see the English one")


class IndicatorContent(BaseModel):
    """What an indicator means and how it is measured (one version)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=3, max_length=200), NotBlank]
    definition: str = Field(min_length=10, max_length=4000)
    method_note: str = Field(min_length=10, max_length=8000, description="How to count: sources, rules, pitfalls")
    unit: str = Field(min_length=1, max_length=50, examples=["people"])
    value_type: str = Field(description="A term of 'value_types'")
    aggregation: str = Field(description="How values of several organisations combine: a term of 'aggregations'")
    disaggregations: list[str] = Field(default_factory=list, description="Allowed breakdowns")
    sdg_target: str | None = Field(default="8.7", max_length=16)
    proxy: bool = Field(default=False, description="Measures something close to, not exactly, the outcome")
    sensitivity: str = Field(
        default=Sensitivity.NORMAL, description="'sensitive' when small counts could identify survivors"
    )
    translations: dict[TranslationLanguage, IndicatorTranslation] = Field(
        default_factory=dict,
        description="The name, unit and definition in other languages, by language code (a term of "
        "'translation_languages'); the fields above are English",
    )

    _value_type = field_validator("value_type")(_known(vocabularies.VALUE_TYPES, "value type"))
    _aggregation = field_validator("aggregation")(_known(vocabularies.AGGREGATIONS, "aggregation"))
    _sensitivity = field_validator("sensitivity")(_known(vocabularies.SENSITIVITY, "sensitivity"))

    @field_validator("disaggregations")
    @classmethod
    def _disaggregations(cls, values: list[str]) -> list[str]:
        for value in values:
            _known(vocabularies.DISAGGREGATIONS, "disaggregation")(value)
        return sorted(set(values))


class IndicatorCreate(IndicatorContent):
    code: str = Field(description="Lower case letters, digits and underscores, e.g. survivors_assisted")

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE.fullmatch(value):
            raise ValueError("3 to 64 lower-case letters, digits or underscores, starting with a letter")
        return value


class IndicatorRevision(IndicatorContent):
    change_note: str = Field(min_length=3, max_length=2000, description="What changed, and why")


class IndicatorVersionRead(IndicatorContent):
    model_config = ConfigDict(extra="ignore")

    code: str
    version: int
    change_note: str
    created_at: datetime


class IndicatorRead(BaseModel):
    code: str
    status: str
    current_version: int
    starter: bool
    proposed_by: uuid.UUID | None
    endorsements: int
    content: IndicatorVersionRead = Field(description="The current version")
    created_at: datetime
    updated_at: datetime


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=4000)


class CommentRead(BaseModel):
    id: uuid.UUID
    code: str
    organisation_id: uuid.UUID
    body: str
    created_at: datetime
