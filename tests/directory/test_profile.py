"""The profile is declared once (`organisations/profile.py`); the table and the schemas, which
must spell their fields out for their types, hold exactly those fields."""

from services.directory.models.organisations import Organisation
from services.directory.organisations import profile
from services.directory.organisations.schemas import OrganisationCreate, OrganisationRead, OrganisationUpdate


def test_the_schemas_hold_the_profile_fields() -> None:
    assert set(OrganisationUpdate.model_fields) == set(profile.NAMES)
    assert set(OrganisationCreate.model_fields) == {"external_id", *profile.NAMES}
    assert set(OrganisationRead.model_fields) == set(profile.COLUMNS)


def test_the_table_stores_every_profile_field() -> None:
    assert set(profile.STORED) | set(profile.COLUMNS) <= set(Organisation.model_fields)


def test_every_field_of_terms_or_with_a_vocabulary_is_a_profile_field() -> None:
    assert profile.TERM_FIELDS | set(profile.VOCABULARIES) | profile.CLEARABLE <= set(profile.NAMES)
