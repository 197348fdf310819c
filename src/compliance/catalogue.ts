/**
 * Requirement catalogues: each framework ships as data in `catalogues/`, one file per framework,
 * with codes, titles and short descriptions written for Veil (paraphrases, not quotations of the
 * legal texts). `automatedCheck` names a check Veil can evaluate from its own state.
 */

export enum ComplianceFramework {
  GDPR = 'GDPR',
  HIPAA = 'HIPAA',
  CCPA = 'CCPA',
  SOC2 = 'SOC2',
  PCI_DSS = 'PCI_DSS',
}

/** Checks Veil evaluates from its own stores (see the compliance checks module). */
export type AutomatedCheckName =
  | 'audit-chain-verifies'
  | 'audit-retention-policy-set'
  | 'keys-rotated-within-policy'
  | 'admins-have-mfa'
  | 'no-overdue-dsar';

export interface CatalogueRequirement {
  /** Stable code within the framework, e.g. `Art.32` or `164.312(b)` or `CC6.1`. */
  readonly code: string;
  /** Group used for report charts (chapter, safeguard, criteria series). */
  readonly family: string;
  readonly title: string;
  readonly description: string;
  readonly automatedCheck?: AutomatedCheckName;
}

export interface FrameworkCatalogue {
  readonly framework: ComplianceFramework;
  readonly name: string;
  /** Version or edition of the text the catalogue follows. */
  readonly version: string;
  readonly requirements: readonly CatalogueRequirement[];
}
