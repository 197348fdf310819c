/**
 * Veil's public API. Each area adds its exports below its own heading.
 */
export * from './engine/stage.js';
export * from './engine/field-path.js';
export { VeilError } from './errors/veil-error.js';
export { openStore, closeStore, defaultStorePath } from './store/environment.js';

// Detection (issue 3, part A): analyzer, recognizers, validators.
export { createAnalyzer } from './detect/analyzer.js';
export type { Analyzer, AnalyzerConfig, AnalyzeCallOptions, CustomRecognizerConfig } from './detect/analyzer.js';
export { createFieldContext, normalizeKey } from './detect/field-context.js';
export type { FieldContext, FieldContextOptions, FieldHint } from './detect/field-context.js';
export type { Finding, FindingExplanation, Candidate, Recognizer, AnalyzeOptions } from './detect/recognizer.js';
export { PatternRecognizer, definePatternRecognizer } from './detect/pattern-recognizer.js';
export { defaultRecognizers } from './detect/recognizers/index.js';
export { validators, getValidator } from './detect/validators/index.js';
export {
  luhnValid,
  verhoeffValid,
  isValidCreditCard,
  isValidIban,
  isValidEmail,
  isValidIpAddress,
  isValidMacAddress,
  isValidUrl,
  isValidPhoneNumber,
  isValidUsSsn,
  isValidCryptoAddress,
} from './detect/validators/index.js';
export type { Validator } from './detect/validators/index.js';
export { DetectConfigError } from './errors/detect-error.js';
export { scoreSpans, formatReport } from './detect/eval.js';
export type { EvalReport, GoldRow, PredictionRow, Span, ScoreOptions } from './detect/eval.js';
export { detectionOptions, toAnalyzerConfig } from './detect/config.js';
export { detectStage } from './stages/detect.js';

// Security (issue 7): AuthManager, AuditLogger, tokens, roles, TOTP.
export { AuthManager, decodeTotpSecret } from './security/auth/auth-manager.js';
export type {
  AuthManagerOptions,
  CreateUserInput,
  LockoutPolicy,
  LoginInput,
  LoginResult,
  Session,
  TokenPair,
  UserRef,
} from './security/auth/auth-manager.js';
export type { User, UserState } from './security/auth/user.js';
export { AuthRole, Permission, Resource, ROLE_PERMISSIONS, permits } from './security/auth/roles.js';
export type { PermissionGrants } from './security/auth/roles.js';
export { TokenCodec } from './security/auth/token-codec.js';
export type { JwtAlgorithm, TokenClaims, TokenCodecOptions, TokenType } from './security/auth/token-codec.js';
export { PasswordHasher, MIN_SCRYPT_PARAMETERS } from './security/auth/password-hasher.js';
export { checkPassword, assertPasswordPolicy } from './security/auth/password-policy.js';
export { hotp, totp, verifyTotp, base32Encode, base32Decode, otpauthUri } from './security/auth/totp.js';
export { AuditLogger } from './security/audit/audit-logger.js';
export type {
  AuditContextOptions,
  AuditLoggerOptions,
  AuditSearchQuery,
  AuditSearchResult,
  RetentionResult,
} from './security/audit/audit-logger.js';
export { AuditEventType, AuditEventSeverity, AuditEventStatus } from './security/audit/audit-event.js';
export type { AuditEventInput, AuditRecord } from './security/audit/audit-event.js';
export { parseCheckpoint, type AuditCheckpoint } from './security/audit/checkpoint.js';
export type { VerifyOptions, VerifyReport, VerifyProblem } from './security/audit/verify.js';
export type { AuditExportOptions, AuditExportResult } from './security/audit/export.js';
export { canonicalize } from './security/audit/canonical-json.js';
export { REDACTED, SECRET_KEY_PARTS } from './security/audit/redaction.js';
export { loadSecret, requireSecret } from './security/key-material.js';
export { AuthenticationError, type AuthenticationErrorCode } from './errors/authentication-error.js';
export { AuthorizationError } from './errors/authorization-error.js';
export { AccountError } from './errors/account-error.js';
export { AuditError } from './errors/audit-error.js';
export { SecurityConfigError } from './errors/security-config-error.js';

// Names, places, organizations (issue 3, part B) and anonymization: operators, PrivacyManager.
export { personRecognizer } from './detect/lexicon/person-recognizer.js';
export { locationRecognizer } from './detect/lexicon/location-recognizer.js';
export { organizationRecognizer } from './detect/lexicon/organization-recognizer.js';
export { nrpRecognizer } from './detect/lexicon/nrp-recognizer.js';
export { titleRecognizer } from './detect/lexicon/title-recognizer.js';
export { ageRecognizer } from './detect/lexicon/age-recognizer.js';
export { zipCodeRecognizer } from './detect/lexicon/zip-code-recognizer.js';
export { createAnonymizer, anonymizeText, anonymizeRecord } from './anonymize/anonymizer.js';
export type { Anonymizer } from './anonymize/anonymizer.js';
export type { AnonymizeConfig, OperatorSpec } from './anonymize/config.js';
export type { AnonymizedText, AnonymizedPiece } from './anonymize/anonymize-text.js';
export type { RecordAnonymizeOptions } from './anonymize/anonymize-record.js';
export { builtinOperators, findOperator, operatorNames, defineOperator } from './anonymize/operators/index.js';
export type {
  AnonymizeOperator,
  OperatorContext,
  OperatorEnvironment,
  PreparedOperator,
} from './anonymize/operators/index.js';
export { DEFAULT_REDACTION_LABELS, redactionLabel } from './anonymize/operators/redact.js';
export { PrivacyManager } from './privacy/privacy-manager.js';
export type {
  PrivacyManagerOptions,
  DetectOptions,
  AnonymizeTextOptions,
  AnonymizeRecordOptions,
  PseudonymizeOptions,
} from './privacy/privacy-manager.js';
export { AnonymizeConfigError, AnonymizeInputError } from './errors/anonymize-error.js';

// Encryption and key management (issue 4): EncryptionManager, keyring, field encryption.
export { EncryptionManager, EncryptionType } from './crypto/encryption-manager.js';
export type { EncryptionManagerOptions, AadOption, FieldOptions } from './crypto/encryption-manager.js';
export type { Plaintext } from './crypto/content.js';
export { FieldCipher, FIELD_ALGORITHMS, type FieldAlgorithm, type FieldCipherOptions } from './crypto/field-cipher.js';
export { FormatPreservingCipher, MIN_FPE_DOMAIN } from './crypto/fpe.js';
export { StaticKeySet, VersionedKeySet } from './crypto/key-set.js';
export type { KeySet, KeyVersion, KeyState, KeyPurpose } from './crypto/key-set.js';
export { parseEnvelope, isEnvelopeString, EnvelopeAlgorithm, ContentType } from './crypto/envelope.js';
export { deriveKeyPair as hpkeDeriveKeyPair, generateKeyPair as hpkeGenerateKeyPair } from './crypto/hpke.js';
export { openKeyring, Keyring, type KeyInfo, type OpenKeyringOptions } from './keyring/keyring.js';
export { masterKeyFromEnvironment, type MasterKeySource } from './keyring/master-key.js';
export { encryptFieldStage } from './stages/encrypt-field.js';
export { decryptFieldStage } from './stages/decrypt-field.js';
export { CryptoError } from './errors/crypto-error.js';
export { KeyStateError } from './errors/key-state-error.js';
export { KeyringError } from './errors/keyring-error.js';

// Pipeline engine (issue 2): pipelines, registry, secrets, I/O, stages pseudonymize/drop/keep.
export {
  definePipeline,
  pipeline,
  pipelineFromFile,
  loadPipelineFile,
  Pipeline,
  type PipelineOptions,
  type LoadedPipeline,
  type RunOptions,
  type RunSummary,
  type RunProgress,
  type StageSummary,
  type PipelineSpec,
  type ResolvedPipeline,
  type RecordFormat,
} from './engine/pipeline.js';
export { getStage, listStages, loadStages, registerStage, stageNames } from './engine/registry.js';
export { PoolCache, type PoolCacheOptions, type PoolCacheStats } from './engine/pool-cache.js';
export type { PoolProvider } from './engine/run.js';
import { loadStages } from './engine/registry.js';
// The package entry exports every stage module anyway; loading them into the registry here keeps
// the synchronous `getStage`, `listStages`, `pipeline(spec)` and `parsePipelineYaml` complete for
// its callers. Deep imports of `engine/pipeline.js` (the CLI) load only the stages a run names.
await loadStages();
export {
  createSecretResolver,
  registerSecretScheme,
  secretReference,
  isSecretReference,
  type SecretSchemeHandler,
} from './engine/secrets.js';
export { parsePipelineYaml } from './engine/loader.js';
export { parseByteSize } from './engine/spec.js';
export { findRecordBoundaries, type RecordRange } from './io/boundaries.js';
export { pseudonymizeStage } from './stages/pseudonymize.js';
export { dropStage } from './stages/drop.js';
export { keepStage } from './stages/keep.js';
export { PipelineError } from './errors/pipeline-error.js';
export { RecordError } from './errors/record-error.js';
export { RunError } from './errors/run-error.js';

// k-anonymity (issue 5): hierarchies, privacy models, optimal and mondrian, metrics, risk.
export { kAnonymize, type KAnonymizeResult } from './kanon/k-anonymize.js';
export { assessRisk, type AssessRiskOptions, type RiskAssessment, type RiskSummary } from './kanon/risk.js';
export type { KAnonymizeOptions } from './kanon/options.js';
export type { HierarchySpec, DateLevel, Hierarchy } from './kanon/hierarchy.js';
export { parseArxHierarchy, foldRareCategories } from './kanon/hierarchy.js';
export type { LDiversitySpec, TClosenessSpec } from './kanon/privacy-models.js';
export type { KAnonymityReport } from './kanon/report.js';
export { reportMarkdown, reportHtml, writeReport } from './kanon/report.js';
export type { KAnonymityMetrics } from './kanon/metrics.js';
export type { KAnonymityPlan } from './kanon/plan.js';
export { kAnonymizeStage } from './stages/k-anonymize.js';
export { KAnonymizeError, type KAnonymizeErrorCode } from './errors/kanon-error.js';

// Queued and distributed runs (issue 8): BullMQ flows, veil worker, job state.
export { submitPipelineRun, DEFAULT_CHUNK_BYTES, type SubmitOptions, type SubmitResult } from './queue/submit.js';
export { startQueueWorker, openQueue, type QueueWorkerOptions, type QueueWorkerHandle } from './queue/worker.js';
export { registerJobHandler, type JobHandler, type JobContext, type JobLogger } from './queue/handlers.js';
export { waitForRun, readRunProgress, type RunProgress as QueuedRunProgress, type RunResult, type ChunkResult } from './queue/progress.js';
export { listRuns, showRun, cancelRun, retryRun, type RunDetails, type CancelOutcome } from './queue/jobs.js';
export { resolveRedisSettings, parseRedisUrl, redactRedisUrl, type RedisSettings } from './queue/connection.js';
export { computeRunId, pipelineKeyFingerprint, collectSecretReferences } from './queue/run-id.js';
export { QUEUE_KINDS, queueName, type QueueKind } from './queue/names.js';
export { startPrivateRedis, type PrivateRedis } from './queue/private-redis.js';
export { QueueError } from './errors/queue-error.js';

// Synthetic data (issue 6): schema generation, keyed surrogates, fit-from-data with a quality report.
export { generateSyntheticData, syntheticRecords, type GenerateOptions, type SyntheticStream } from './synth/generate.js';
export { writeSyntheticData, type WriteSyntheticOptions, type SynthWriteSummary } from './synth/write.js';
export { schemaSource, type SchemaSourceOptions } from './synth/source.js';
export { FAKER_VERSION, type SynthRunInfo } from './synth/generator.js';
export {
  parseSynthSchema,
  loadSynthSchemaFile,
  SEMANTIC_TYPES,
  type SynthSchema,
  type SynthSchemaInput,
  type FieldSpec,
  type SemanticType,
} from './synth/schema.js';
export { SurrogateGenerator, type SurrogateOptions, type SurrogateContext } from './synth/surrogate.js';
export { fitSynthesizer, type FittedSynthesizer, type FitStageOptions } from './synth/fit/stage-support.js';
export type { QualityReport, ColumnQuality } from './synth/fit/quality.js';
export { renderQualityReportHtml } from './synth/fit/report-html.js';
export { synthesizeStage, synthesizeFitStage } from './stages/synthesize.js';
export { SynthError } from './errors/synth-error.js';

// HTTP API and privacy center (issue 10): veil serve.
export { createVeilServer, logCodeChannel, type VeilServerOptions } from './server/app.js';
export type { CodeChannel } from './server/context.js';
export { ServerError } from './errors/server-error.js';

// Compliance and data-subject requests (issue 9): ComplianceManager, DsarManager, fulfilment.
export { ComplianceFramework, type FrameworkCatalogue, type CatalogueRequirement, type AutomatedCheckName } from './compliance/catalogue.js';
export { catalogues } from './compliance/catalogues/index.js';
export { ComplianceManager, sha256File } from './compliance/compliance-manager.js';
export type { ComplianceReport, RequirementAssessment, AutomatedCheck, ComplianceManagerOptions } from './compliance/compliance-manager.js';
export { ComplianceRequirementStatus, oscalImplementationStatus, type ComplianceRequirement, type Evidence } from './compliance/requirement.js';
export { renderHtml, renderMarkdown, renderOscal } from './compliance/report-render.js';
export { auditChainCheck, retentionPolicyCheck, keyRotationCheck, adminsHaveMfaCheck, noOverdueDsarCheck } from './compliance/checks.js';
export { ComplianceError } from './errors/compliance-error.js';
export { DsarManager, CODE_TTL_MS, MAX_CODE_ATTEMPTS } from './dsar/dsar-manager.js';
export { DsarType, DsarState, DenialReason, typesByJurisdiction, type DataSubjectRequest } from './dsar/request.js';
export { computeDeadlines, addCalendarMonths, addBusinessDays, type Jurisdiction, type Deadlines } from './dsar/deadline.js';
export { DatasetRegistry, type RegisteredDataset, type DatasetInput } from './dsar/dataset-registry.js';
export { exportSubjectData, rewriteSubjectData, collectSubjectRecords } from './dsar/fulfil.js';
export { enqueueFulfilment, JOB_FULFIL } from './dsar/queue.js';
export { DsarError } from './errors/dsar-error.js';
