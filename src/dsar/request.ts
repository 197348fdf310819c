/**
 * Data-subject requests: their types per law, their states, and the only transitions allowed
 * between states. Final states (completed, denied, cancelled) are immutable.
 */
import type { Jurisdiction } from './deadline.js';

/** Request types: GDPR rights, CCPA rights (know/delete/correct/opt-out), HIPAA rights. */
export const DsarType = {
  ACCESS: 'access',
  ERASURE: 'erasure',
  RECTIFICATION: 'rectification',
  PORTABILITY: 'portability',
  RESTRICTION: 'restriction',
  OBJECTION: 'objection',
  KNOW: 'know',
  DELETE: 'delete',
  CORRECT: 'correct',
  OPT_OUT: 'opt-out',
  AMENDMENT: 'amendment',
} as const;
export type DsarType = (typeof DsarType)[keyof typeof DsarType];

/** Which request types each law knows. */
export const typesByJurisdiction: Readonly<Record<Jurisdiction, readonly DsarType[]>> = {
  GDPR: ['access', 'erasure', 'rectification', 'portability', 'restriction', 'objection'],
  CCPA: ['know', 'delete', 'correct', 'opt-out', 'access', 'portability'],
  HIPAA: ['access', 'amendment'],
};

/** What fulfilment does for each type: export data, erase it, patch it, or record a flag. */
export function fulfilmentKind(type: DsarType): 'export' | 'erase' | 'patch' | 'flag' {
  switch (type) {
    case 'access':
    case 'know':
    case 'portability':
      return 'export';
    case 'erasure':
    case 'delete':
      return 'erase';
    case 'rectification':
    case 'correct':
    case 'amendment':
      return 'patch';
    default:
      return 'flag';
  }
}

export const DsarState = {
  RECEIVED: 'received',
  IDENTITY_UNVERIFIED: 'identity_unverified',
  VERIFIED: 'verified',
  IN_PROGRESS: 'in_progress',
  EXTENDED: 'extended',
  COMPLETED: 'completed',
  DENIED: 'denied',
  CANCELLED: 'cancelled',
} as const;
export type DsarState = (typeof DsarState)[keyof typeof DsarState];

/** Legal transitions. Anything not listed is refused. */
export const transitions: Readonly<Record<DsarState, readonly DsarState[]>> = {
  received: ['identity_unverified', 'denied', 'cancelled'],
  identity_unverified: ['identity_unverified', 'verified', 'denied', 'cancelled'],
  verified: ['in_progress', 'extended', 'denied', 'cancelled'],
  in_progress: ['in_progress', 'extended', 'completed', 'denied', 'cancelled'],
  extended: ['in_progress', 'completed', 'denied', 'cancelled'],
  completed: [],
  denied: [],
  cancelled: [],
};

export const FINAL_STATES: ReadonlySet<DsarState> = new Set(['completed', 'denied', 'cancelled']);

/** Reason codes for a denial (recorded, and told to the subject). */
export const DenialReason = {
  IDENTITY_NOT_VERIFIED: 'identity_not_verified',
  MANIFESTLY_UNFOUNDED: 'manifestly_unfounded',
  EXCESSIVE: 'excessive',
  LEGAL_OBLIGATION: 'legal_obligation',
  NO_DATA_HELD: 'no_data_held',
  EXEMPTION: 'exemption',
} as const;
export type DenialReason = (typeof DenialReason)[keyof typeof DenialReason];

/** Identifiers that find a subject's records in registered datasets (clear values). */
export type SubjectIdentifiers = Readonly<Record<string, string>>;

/** Longest identifier value a request accepts, in UTF-16 code units. */
export const MAX_IDENTIFIER_LENGTH = 512;

// What shows nothing: white space, control characters and format characters (\p{Cf}: zero-width
// space, joiners, word joiner, BOM, soft hyphen, U+180E Mongolian vowel separator, ...).
const INVISIBLE = /[\s\p{Cc}\p{Cf}\u180e]/gu;

/**
 * True when `value` has no visible character: empty, or only white space, control and format
 * characters. `"\u200b"` is as blank as `" "`; a record field like that identifies nobody.
 */
export function isBlankText(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

/**
 * The reason an identifier value is refused, or undefined when it is usable. A value with no
 * visible character would match every record whose field is empty or blank (matching compares
 * trimmed values), so an erasure would delete records of nobody in particular; a zero-width
 * space or BOM survives trim() and is refused the same way. The reason never quotes the value.
 */
export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'expected a string';
  if (isBlankText(value)) {
    return 'expected a non-empty string (it is empty or only whitespace or invisible characters)';
  }
  if (value.length > MAX_IDENTIFIER_LENGTH) return `expected at most ${MAX_IDENTIFIER_LENGTH} characters`;
  return undefined;
}

/** The first identifier of a stored request that {@link identifierProblem} refuses, with why. */
export function unusableIdentifier(identifiers: SubjectIdentifiers): { name: string; problem: string } | undefined {
  for (const [name, value] of Object.entries(identifiers)) {
    const problem = identifierProblem(value);
    if (problem !== undefined) return { name, problem };
  }
  return undefined;
}

export interface DataSubjectRequest {
  readonly id: string;
  readonly requestType: DsarType;
  readonly jurisdiction: Jurisdiction;
  readonly state: DsarState;
  /** Identifiers of the subject. Held only until the request is final, then dropped. */
  readonly identifiers: SubjectIdentifiers;
  readonly notes: string | null;
  readonly receivedAt: string;
  /** Current deadline day (`YYYY-MM-DD`, end of day UTC). */
  readonly dueDate: string;
  readonly acknowledgeBy: string | null;
  readonly extension: { readonly reason: string; readonly noticeSentAt: string } | null;
  readonly denial: { readonly reason: DenialReason; readonly detail: string | null } | null;
  /** A patch for rectification requests: field name -> new value. */
  readonly patch: Readonly<Record<string, string>> | null;
  readonly verifiedAt: string | null;
  readonly completedAt: string | null;
  /** Progress and result written by fulfilment. */
  readonly progress: { readonly datasetsDone: number; readonly datasetsTotal: number } | null;
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly history: readonly { readonly from: DsarState | null; readonly to: DsarState; readonly at: string; readonly actor: string | null }[];
}
