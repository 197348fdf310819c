/**
 * Requirement and evidence records, and the mapping of Veil's statuses to OSCAL's
 * implementation statuses (OSCAL 1.1 `implementation-status` state values).
 */
import type { AutomatedCheckName, ComplianceFramework } from './catalogue.js';

export enum ComplianceRequirementStatus {
  COMPLIANT = 'compliant',
  PARTIALLY_COMPLIANT = 'partially_compliant',
  NON_COMPLIANT = 'non_compliant',
  NOT_APPLICABLE = 'not_applicable',
  NOT_ASSESSED = 'not_assessed',
}

/** OSCAL implementation-status state for each Veil status. */
export const oscalImplementationStatus: Readonly<Record<ComplianceRequirementStatus, string>> = {
  [ComplianceRequirementStatus.COMPLIANT]: 'implemented',
  [ComplianceRequirementStatus.PARTIALLY_COMPLIANT]: 'partial',
  [ComplianceRequirementStatus.NON_COMPLIANT]: 'planned',
  [ComplianceRequirementStatus.NOT_APPLICABLE]: 'not-applicable',
  [ComplianceRequirementStatus.NOT_ASSESSED]: 'alternative',
};

export interface ComplianceRequirement {
  /** `FRAMEWORK:code`, unique across frameworks. */
  readonly id: string;
  readonly framework: ComplianceFramework;
  readonly code: string;
  readonly family: string;
  readonly title: string;
  readonly description: string;
  readonly status: ComplianceRequirementStatus;
  readonly responsibleParty: string | null;
  readonly notes: string | null;
  /** Required when the status is NOT_APPLICABLE. */
  readonly justification: string | null;
  readonly automatedCheck: AutomatedCheckName | null;
  /** True for requirements added by the user on top of a catalogue. */
  readonly custom: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type EvidenceKind = 'file' | 'link' | 'check';

export interface Evidence {
  readonly id: string;
  readonly requirementId: string;
  readonly kind: EvidenceKind;
  readonly description: string;
  /** Absolute path of an attached file (kind `file`). */
  readonly path: string | null;
  /** URL of a linked document (kind `link`). */
  readonly url: string | null;
  /** SHA-256 of the file at attachment time, hex; re-checked when a report is built. */
  readonly sha256: string | null;
  /** Result of an automated check (kind `check`). */
  readonly check: { readonly name: AutomatedCheckName; readonly passed: boolean; readonly detail: string } | null;
  readonly collectedAt: string;
  readonly expiresAt: string | null;
}

export function requirementId(framework: ComplianceFramework, code: string): string {
  return `${framework}:${code}`;
}
