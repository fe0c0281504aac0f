"""Contains all the data models used in inputs/outputs"""

from .account_create import AccountCreate
from .account_create_org_role import AccountCreateOrgRole
from .account_read import AccountRead
from .account_update import AccountUpdate
from .account_update_org_role_type_0 import AccountUpdateOrgRoleType0
from .action_group_read import ActionGroupRead
from .aggregate_figure import AggregateFigure
from .aggregate_figure_status import AggregateFigureStatus
from .aggregates_read import AggregatesRead
from .aggregates_read_disclosure import AggregatesReadDisclosure
from .aggregates_read_granularity import AggregatesReadGranularity
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_read import ApiKeyRead
from .assessment_read import AssessmentRead
from .assessment_write import AssessmentWrite
from .assessment_write_confidence import AssessmentWriteConfidence
from .assessment_write_status import AssessmentWriteStatus
from .attempt_read import AttemptRead
from .audit_entry import AuditEntry
from .audit_entry_target import AuditEntryTarget
from .batch_counts import BatchCounts
from .batch_read import BatchRead
from .batch_read_errors_item import BatchReadErrorsItem
from .batch_read_progress import BatchReadProgress
from .batch_read_status import BatchReadStatus
from .coalition_create import CoalitionCreate
from .coalition_create_scope import CoalitionCreateScope
from .coalition_read import CoalitionRead
from .coalition_update import CoalitionUpdate
from .coalition_update_scope_type_0 import CoalitionUpdateScopeType0
from .comment_create import CommentCreate
from .comment_read import CommentRead
from .commitment_create import CommitmentCreate
from .commitment_create_milestone import CommitmentCreateMilestone
from .commitment_read import CommitmentRead
from .commitment_update import CommitmentUpdate
from .commitment_update_milestone_type_0 import CommitmentUpdateMilestoneType0
from .consent_change import ConsentChange
from .consent_change_consent import ConsentChangeConsent
from .consolidation_read import ConsolidationRead
from .consolidation_write import ConsolidationWrite
from .consolidation_write_rating import ConsolidationWriteRating
from .content_read import ContentRead
from .content_write import ContentWrite
from .country_pair_coverage import CountryPairCoverage
from .country_pair_coverage_counts import CountryPairCoverageCounts
from .country_pair_coverage_counts_additional_property import CountryPairCoverageCountsAdditionalProperty
from .country_read import CountryRead
from .coverage_cell import CoverageCell
from .coverage_page import CoveragePage
from .create_import_json_import_row import CreateImportJsonImportRow
from .cross_coverage import CrossCoverage
from .delivery_detail import DeliveryDetail
from .delivery_detail_payload import DeliveryDetailPayload
from .delivery_read import DeliveryRead
from .delivery_status import DeliveryStatus
from .desert_country import DesertCountry
from .desert_country_counts import DesertCountryCounts
from .desert_country_counts_additional_property import DesertCountryCountsAdditionalProperty
from .desert_figure import DesertFigure
from .desert_gap import DesertGap
from .deserts import Deserts
from .directory_export_json_response_200_item import DirectoryExportJsonResponse200Item
from .directory_list_vocabularies_response_list_vocabularies import DirectoryListVocabulariesResponseListVocabularies
from .directory_list_vocabularies_response_list_vocabularies_additional_property import (
    DirectoryListVocabulariesResponseListVocabulariesAdditionalProperty,
)
from .endorsement_read import EndorsementRead
from .endorsement_write import EndorsementWrite
from .export_hsds_response_200 import ExportHsdsResponse200
from .export_sdmx_granularity import ExportSdmxGranularity
from .first_admin import FirstAdmin
from .get_aggregates_granularity import GetAggregatesGranularity
from .get_public_artifact_fmt import GetPublicArtifactFmt
from .get_public_index_page_language import GetPublicIndexPageLanguage
from .get_report_artifact_fmt import GetReportArtifactFmt
from .get_report_content_language import GetReportContentLanguage
from .get_translation_language import GetTranslationLanguage
from .identity import Identity
from .identity_kind import IdentityKind
from .identity_org_role_type_0 import IdentityOrgRoleType0
from .import_counts import ImportCounts
from .import_progress import ImportProgress
from .import_read import ImportRead
from .import_read_errors_item import ImportReadErrorsItem
from .indicator_create import IndicatorCreate
from .indicator_create_translations import IndicatorCreateTranslations
from .indicator_read import IndicatorRead
from .indicator_revision import IndicatorRevision
from .indicator_revision_translations import IndicatorRevisionTranslations
from .indicator_translation import IndicatorTranslation
from .indicator_translation_read import IndicatorTranslationRead
from .indicator_version_read import IndicatorVersionRead
from .indicator_version_read_translations import IndicatorVersionReadTranslations
from .invitation import Invitation
from .invitation_role import InvitationRole
from .join_request import JoinRequest
from .list_coalitions_scope_type_0 import ListCoalitionsScopeType0
from .list_commitments_milestone_item import ListCommitmentsMilestoneItem
from .list_deserts_granularity import ListDesertsGranularity
from .list_indicators_status_item import ListIndicatorsStatusItem
from .list_members_status_item import ListMembersStatusItem
from .list_published_reports_language_type_0 import ListPublishedReportsLanguageType0
from .list_reports_status_type_0 import ListReportsStatusType0
from .membership_read import MembershipRead
from .metrics_export_csv_granularity import MetricsExportCsvGranularity
from .metrics_export_json_granularity import MetricsExportJsonGranularity
from .metrics_list_vocabularies_response_list_vocabularies import MetricsListVocabulariesResponseListVocabularies
from .observation_read import ObservationRead
from .observation_read_disaggregation import ObservationReadDisaggregation
from .observation_revision_read import ObservationRevisionRead
from .observation_write import ObservationWrite
from .observation_write_disaggregation import ObservationWriteDisaggregation
from .observation_write_status import ObservationWriteStatus
from .observation_write_visibility import ObservationWriteVisibility
from .organisation_create import OrganisationCreate
from .organisation_page import OrganisationPage
from .organisation_page_facets import OrganisationPageFacets
from .organisation_page_facets_additional_property import OrganisationPageFacetsAdditionalProperty
from .organisation_read import OrganisationRead
from .organisation_read_status import OrganisationReadStatus
from .organisation_registration import OrganisationRegistration
from .organisation_update import OrganisationUpdate
from .organization_response_organization import OrganizationResponseOrganization
from .organizations_response_organizations import OrganizationsResponseOrganizations
from .page_account_read import PageAccountRead
from .page_action_group_read import PageActionGroupRead
from .page_api_key_read import PageApiKeyRead
from .page_assessment_read import PageAssessmentRead
from .page_audit_entry import PageAuditEntry
from .page_coalition_read import PageCoalitionRead
from .page_comment_read import PageCommentRead
from .page_commitment_read import PageCommitmentRead
from .page_country_pair_coverage import PageCountryPairCoverage
from .page_country_read import PageCountryRead
from .page_delivery_read import PageDeliveryRead
from .page_indicator_read import PageIndicatorRead
from .page_indicator_version_read import PageIndicatorVersionRead
from .page_membership_read import PageMembershipRead
from .page_observation_read import PageObservationRead
from .page_observation_revision_read import PageObservationRevisionRead
from .page_partner_match import PagePartnerMatch
from .page_published_report_read import PagePublishedReportRead
from .page_registration_read import PageRegistrationRead
from .page_report_run_read import PageReportRunRead
from .page_shared_service_match import PageSharedServiceMatch
from .page_shared_service_read import PageSharedServiceRead
from .page_target_read import PageTargetRead
from .page_testimony_read import PageTestimonyRead
from .page_webhook_read import PageWebhookRead
from .partner_match import PartnerMatch
from .prevalence_write import PrevalenceWrite
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .progress import Progress
from .progress_series_item import ProgressSeriesItem
from .published_report_read import PublishedReportRead
from .published_report_read_forms import PublishedReportReadForms
from .recommendation_write import RecommendationWrite
from .recommendation_write_addressee import RecommendationWriteAddressee
from .registration_admin import RegistrationAdmin
from .registration_create import RegistrationCreate
from .registration_created import RegistrationCreated
from .registration_read import RegistrationRead
from .registration_read_status import RegistrationReadStatus
from .remove_translation_language import RemoveTranslationLanguage
from .report_create import ReportCreate
from .report_create_language import ReportCreateLanguage
from .report_create_template import ReportCreateTemplate
from .report_progress import ReportProgress
from .report_run_read import ReportRunRead
from .report_run_read_artifacts import ReportRunReadArtifacts
from .report_run_read_status import ReportRunReadStatus
from .report_run_read_workflow import ReportRunReadWorkflow
from .review_decision import ReviewDecision
from .review_decision_decision import ReviewDecisionDecision
from .rule_read import RuleRead
from .rule_write import RuleWrite
from .search_organisations_order import SearchOrganisationsOrder
from .shared_service_create import SharedServiceCreate
from .shared_service_create_direction import SharedServiceCreateDirection
from .shared_service_match import SharedServiceMatch
from .shared_service_read import SharedServiceRead
from .signoff_state import SignoffState
from .submit_batch_json_observation_write import SubmitBatchJsonObservationWrite
from .submit_batch_json_observation_write_disaggregation import SubmitBatchJsonObservationWriteDisaggregation
from .submit_batch_json_observation_write_status import SubmitBatchJsonObservationWriteStatus
from .submit_batch_json_observation_write_visibility import SubmitBatchJsonObservationWriteVisibility
from .target_read import TargetRead
from .target_write import TargetWrite
from .testimony_create import TestimonyCreate
from .testimony_create_consent import TestimonyCreateConsent
from .testimony_create_milestone_type_0 import TestimonyCreateMilestoneType0
from .testimony_read import TestimonyRead
from .translate_version_language import TranslateVersionLanguage
from .webhook_create import WebhookCreate
from .webhook_created import WebhookCreated
from .webhook_event import WebhookEvent
from .webhook_read import WebhookRead
from .webhook_update import WebhookUpdate
from .write_report_content_language import WriteReportContentLanguage

__all__ = (
    "AccountCreate",
    "AccountCreateOrgRole",
    "AccountRead",
    "AccountUpdate",
    "AccountUpdateOrgRoleType0",
    "ActionGroupRead",
    "AggregateFigure",
    "AggregateFigureStatus",
    "AggregatesRead",
    "AggregatesReadDisclosure",
    "AggregatesReadGranularity",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyRead",
    "AssessmentRead",
    "AssessmentWrite",
    "AssessmentWriteConfidence",
    "AssessmentWriteStatus",
    "AttemptRead",
    "AuditEntry",
    "AuditEntryTarget",
    "BatchCounts",
    "BatchRead",
    "BatchReadErrorsItem",
    "BatchReadProgress",
    "BatchReadStatus",
    "CoalitionCreate",
    "CoalitionCreateScope",
    "CoalitionRead",
    "CoalitionUpdate",
    "CoalitionUpdateScopeType0",
    "CommentCreate",
    "CommentRead",
    "CommitmentCreate",
    "CommitmentCreateMilestone",
    "CommitmentRead",
    "CommitmentUpdate",
    "CommitmentUpdateMilestoneType0",
    "ConsentChange",
    "ConsentChangeConsent",
    "ConsolidationRead",
    "ConsolidationWrite",
    "ConsolidationWriteRating",
    "ContentRead",
    "ContentWrite",
    "CountryPairCoverage",
    "CountryPairCoverageCounts",
    "CountryPairCoverageCountsAdditionalProperty",
    "CountryRead",
    "CoverageCell",
    "CoveragePage",
    "CreateImportJsonImportRow",
    "CrossCoverage",
    "DeliveryDetail",
    "DeliveryDetailPayload",
    "DeliveryRead",
    "DeliveryStatus",
    "DesertCountry",
    "DesertCountryCounts",
    "DesertCountryCountsAdditionalProperty",
    "DesertFigure",
    "DesertGap",
    "Deserts",
    "DirectoryExportJsonResponse200Item",
    "DirectoryListVocabulariesResponseListVocabularies",
    "DirectoryListVocabulariesResponseListVocabulariesAdditionalProperty",
    "EndorsementRead",
    "EndorsementWrite",
    "ExportHsdsResponse200",
    "ExportSdmxGranularity",
    "FirstAdmin",
    "GetAggregatesGranularity",
    "GetPublicArtifactFmt",
    "GetPublicIndexPageLanguage",
    "GetReportArtifactFmt",
    "GetReportContentLanguage",
    "GetTranslationLanguage",
    "Identity",
    "IdentityKind",
    "IdentityOrgRoleType0",
    "ImportCounts",
    "ImportProgress",
    "ImportRead",
    "ImportReadErrorsItem",
    "IndicatorCreate",
    "IndicatorCreateTranslations",
    "IndicatorRead",
    "IndicatorRevision",
    "IndicatorRevisionTranslations",
    "IndicatorTranslation",
    "IndicatorTranslationRead",
    "IndicatorVersionRead",
    "IndicatorVersionReadTranslations",
    "Invitation",
    "InvitationRole",
    "JoinRequest",
    "ListCoalitionsScopeType0",
    "ListCommitmentsMilestoneItem",
    "ListDesertsGranularity",
    "ListIndicatorsStatusItem",
    "ListMembersStatusItem",
    "ListPublishedReportsLanguageType0",
    "ListReportsStatusType0",
    "MembershipRead",
    "MetricsExportCsvGranularity",
    "MetricsExportJsonGranularity",
    "MetricsListVocabulariesResponseListVocabularies",
    "ObservationRead",
    "ObservationReadDisaggregation",
    "ObservationRevisionRead",
    "ObservationWrite",
    "ObservationWriteDisaggregation",
    "ObservationWriteStatus",
    "ObservationWriteVisibility",
    "OrganisationCreate",
    "OrganisationPage",
    "OrganisationPageFacets",
    "OrganisationPageFacetsAdditionalProperty",
    "OrganisationRead",
    "OrganisationReadStatus",
    "OrganisationRegistration",
    "OrganisationUpdate",
    "OrganizationResponseOrganization",
    "OrganizationsResponseOrganizations",
    "PageAccountRead",
    "PageActionGroupRead",
    "PageApiKeyRead",
    "PageAssessmentRead",
    "PageAuditEntry",
    "PageCoalitionRead",
    "PageCommentRead",
    "PageCommitmentRead",
    "PageCountryPairCoverage",
    "PageCountryRead",
    "PageDeliveryRead",
    "PageIndicatorRead",
    "PageIndicatorVersionRead",
    "PageMembershipRead",
    "PageObservationRead",
    "PageObservationRevisionRead",
    "PagePartnerMatch",
    "PagePublishedReportRead",
    "PageRegistrationRead",
    "PageReportRunRead",
    "PageSharedServiceMatch",
    "PageSharedServiceRead",
    "PageTargetRead",
    "PageTestimonyRead",
    "PageWebhookRead",
    "PartnerMatch",
    "PrevalenceWrite",
    "Problem",
    "ProblemErrorsItem",
    "Progress",
    "ProgressSeriesItem",
    "PublishedReportRead",
    "PublishedReportReadForms",
    "RecommendationWrite",
    "RecommendationWriteAddressee",
    "RegistrationAdmin",
    "RegistrationCreate",
    "RegistrationCreated",
    "RegistrationRead",
    "RegistrationReadStatus",
    "RemoveTranslationLanguage",
    "ReportCreate",
    "ReportCreateLanguage",
    "ReportCreateTemplate",
    "ReportProgress",
    "ReportRunRead",
    "ReportRunReadArtifacts",
    "ReportRunReadStatus",
    "ReportRunReadWorkflow",
    "ReviewDecision",
    "ReviewDecisionDecision",
    "RuleRead",
    "RuleWrite",
    "SearchOrganisationsOrder",
    "SharedServiceCreate",
    "SharedServiceCreateDirection",
    "SharedServiceMatch",
    "SharedServiceRead",
    "SignoffState",
    "SubmitBatchJsonObservationWrite",
    "SubmitBatchJsonObservationWriteDisaggregation",
    "SubmitBatchJsonObservationWriteStatus",
    "SubmitBatchJsonObservationWriteVisibility",
    "TargetRead",
    "TargetWrite",
    "TestimonyCreate",
    "TestimonyCreateConsent",
    "TestimonyCreateMilestoneType0",
    "TestimonyRead",
    "TranslateVersionLanguage",
    "WebhookCreate",
    "WebhookCreated",
    "WebhookEvent",
    "WebhookRead",
    "WebhookUpdate",
    "WriteReportContentLanguage",
)
