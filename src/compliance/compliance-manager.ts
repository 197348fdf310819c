/**
 * ComplianceManager: where a privacy team records its standing against GDPR, HIPAA, CCPA,
 * SOC 2 and PCI DSS. Requirements come from the shipped catalogues (plus custom ones), evidence
 * is attached as files (hashed, re-checked at report time), links or automated checks that Veil
 * evaluates from its own state, and reports are built from all of it.
 *
 * Stores (sub-databases of the shared LMDB environment): `compliance-requirements` keyed by
 * requirement id, `compliance-evidence` keyed by `[requirementId, evidenceId]` (ordered-binary
 * array keys, so one requirement's evidence is one range read), `compliance-settings`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { ComplianceError } from '../errors/compliance-error.js';
import { openSubDatabase } from '../store/environment.js';
import {
  ComplianceFramework,
  type AutomatedCheckName,
  type CatalogueRequirement,
} from './catalogue.js';
import { catalogues } from './catalogues/index.js';
import {
  ComplianceRequirementStatus,
  requirementId,
  type ComplianceRequirement,
  type Evidence,
} from './requirement.js';

/** An automated check: evaluated from Veil's own state, recorded as evidence. */
export type AutomatedCheck = () => Promise<{ passed: boolean; detail: string }>;

export interface ComplianceManagerOptions {
  readonly store: RootDatabase;
  /** Checks Veil can evaluate; build them with the factories in `checks.ts`. */
  readonly checks?: Partial<Record<AutomatedCheckName, AutomatedCheck>>;
  /** Records every change as an audit event when given. */
  readonly audit?: {
    logEvent(event: {
      type: string;
      userId?: string;
      resource?: string;
      action?: string;
      status?: string;
      details?: Record<string, unknown>;
    }): Promise<unknown>;
  };
  /** Clock, for tests of expiry. Default `Date.now`. */
  readonly now?: () => number;
}

export interface AddRequirementInput {
  readonly framework: ComplianceFramework;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly family?: string;
  readonly status?: ComplianceRequirementStatus;
  readonly responsibleParty?: string;
  readonly notes?: string;
  readonly justification?: string;
}

export interface UpdateRequirementInput {
  readonly status?: ComplianceRequirementStatus;
  readonly responsibleParty?: string | null;
  readonly notes?: string | null;
  readonly justification?: string | null;
}

export interface AttachEvidenceInput {
  readonly requirementId: string;
  readonly description: string;
  /** A file to attach: its SHA-256 is stored and re-checked at report time. */
  readonly file?: string;
  /** Or a link to a document kept elsewhere. */
  readonly url?: string;
  readonly collectedAt?: Date;
  readonly expiresAt?: Date;
}

/** How a requirement stands in a report. */
export interface RequirementAssessment {
  readonly requirement: ComplianceRequirement;
  readonly evidence: readonly (Evidence & { readonly state: 'valid' | 'expired' | 'tampered' | 'missing' })[];
  /** True when some evidence expired (or no longer matches its hash): someone must look again. */
  readonly needsReview: boolean;
  /** Latest automated check result, when the requirement has one. */
  readonly check: { readonly passed: boolean; readonly detail: string; readonly at: string } | null;
}

export interface ComplianceReport {
  readonly framework: ComplianceFramework;
  readonly name: string;
  readonly version: string;
  readonly generatedAt: string;
  /** 0..100: compliant = 1, partial = 0.5, others 0, over the applicable requirements. */
  readonly score: number;
  /** False when any attached file no longer matches its stored hash. */
  readonly evidenceIntact: boolean;
  readonly counts: Readonly<Record<ComplianceRequirementStatus, number>>;
  readonly families: readonly { readonly family: string; readonly counts: Readonly<Record<ComplianceRequirementStatus, number>> }[];
  readonly requirements: readonly RequirementAssessment[];
  /** Requirements needing attention: non-compliant, not assessed, failed checks, expired or tampered evidence. */
  readonly overdue: readonly { readonly id: string; readonly reason: string }[];
}

const ALL_STATUSES = Object.values(ComplianceRequirementStatus);

function emptyCounts(): Record<ComplianceRequirementStatus, number> {
  return Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<ComplianceRequirementStatus, number>;
}

function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new ComplianceError('VEIL_COMPLIANCE_INPUT', `${field}: expected a non-empty string`);
  }
  if (value.length > max) {
    throw new ComplianceError('VEIL_COMPLIANCE_INPUT', `${field}: longer than ${max} characters`);
  }
  return value.trim();
}

/** A patch field: undefined keeps the stored value, null clears it, a string is checked. */
function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  return value === undefined || value === null ? value : checkText(value, field, max);
}

function checkStatus(value: unknown): ComplianceRequirementStatus {
  if (!ALL_STATUSES.includes(value as ComplianceRequirementStatus)) {
    throw new ComplianceError(
      'VEIL_COMPLIANCE_INPUT',
      `status: expected one of ${ALL_STATUSES.join(', ')}`,
    );
  }
  return value as ComplianceRequirementStatus;
}

function checkFramework(value: unknown): ComplianceFramework {
  if (!Object.values(ComplianceFramework).includes(value as ComplianceFramework)) {
    throw new ComplianceError(
      'VEIL_COMPLIANCE_INPUT',
      `framework: expected one of ${Object.values(ComplianceFramework).join(', ')}`,
    );
  }
  return value as ComplianceFramework;
}

/** SHA-256 of a file, streamed (evidence can be large). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class ComplianceManager {
  readonly #requirements: Database<ComplianceRequirement, string>;
  readonly #evidence: Database<Evidence, [string, string]>;
  readonly #settings: Database<unknown, string>;
  readonly #checks: Partial<Record<AutomatedCheckName, AutomatedCheck>>;
  readonly #audit: ComplianceManagerOptions['audit'];
  readonly #now: () => number;

  constructor(options: ComplianceManagerOptions) {
    this.#requirements = openSubDatabase<ComplianceRequirement, string>(options.store, 'compliance-requirements');
    this.#evidence = openSubDatabase<Evidence, [string, string]>(options.store, 'compliance-evidence');
    this.#settings = openSubDatabase<unknown, string>(options.store, 'compliance-settings');
    this.#checks = { ...options.checks };
    this.#audit = options.audit;
    this.#now = options.now ?? Date.now;
  }

  /** Adds or replaces an automated check after construction (for example once a DSAR store exists). */
  setCheck(name: AutomatedCheckName, check: AutomatedCheck): void {
    this.#checks[name] = check;
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  async #record(action: string, resource: string, details: Record<string, unknown>): Promise<void> {
    await this.#audit?.logEvent({
      type: 'compliance_change',
      resource,
      action,
      status: 'success',
      details,
    });
  }

  /**
   * Loads a framework's catalogue: every requirement not yet present is added as NOT_ASSESSED.
   * Existing requirements keep their status and notes. Resolves with the number added.
   */
  async loadFramework(framework: ComplianceFramework): Promise<number> {
    const catalogue = catalogues[checkFramework(framework)];
    const now = this.#iso();
    const added = await this.#requirements.transaction(() => {
      let count = 0;
      for (const entry of catalogue.requirements) {
        const id = requirementId(framework, entry.code);
        if (this.#requirements.get(id) !== undefined) continue;
        this.#requirements.put(id, this.#fromCatalogue(framework, entry, now));
        count++;
      }
      return count;
    });
    await this.#record('load_framework', `compliance/${framework}`, { added });
    return added;
  }

  #fromCatalogue(framework: ComplianceFramework, entry: CatalogueRequirement, now: string): ComplianceRequirement {
    return {
      id: requirementId(framework, entry.code),
      framework,
      code: entry.code,
      family: entry.family,
      title: entry.title,
      description: entry.description,
      status: ComplianceRequirementStatus.NOT_ASSESSED,
      responsibleParty: null,
      notes: null,
      justification: null,
      automatedCheck: entry.automatedCheck ?? null,
      custom: false,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Adds a custom requirement on top of a framework's catalogue. */
  async addRequirement(input: AddRequirementInput): Promise<ComplianceRequirement> {
    const framework = checkFramework(input.framework);
    const code = checkText(input.code, 'code', 64);
    const status = input.status === undefined ? ComplianceRequirementStatus.NOT_ASSESSED : checkStatus(input.status);
    const justification = input.justification === undefined ? null : checkText(input.justification, 'justification', 4000);
    if (status === ComplianceRequirementStatus.NOT_APPLICABLE && justification === null) {
      throw new ComplianceError('VEIL_COMPLIANCE_INPUT', `requirement '${code}': not_applicable needs a justification`);
    }
    const now = this.#iso();
    const requirement: ComplianceRequirement = {
      id: requirementId(framework, code),
      framework,
      code,
      family: input.family === undefined ? 'Custom' : checkText(input.family, 'family', 200),
      title: checkText(input.title, 'title', 300),
      description: checkText(input.description, 'description', 4000),
      status,
      responsibleParty: input.responsibleParty === undefined ? null : checkText(input.responsibleParty, 'responsibleParty', 200),
      notes: input.notes === undefined ? null : checkText(input.notes, 'notes', 4000),
      justification,
      automatedCheck: null,
      custom: true,
      createdAt: now,
      updatedAt: now,
    };
    const inserted = await this.#requirements.ifNoExists(requirement.id, () => {
      this.#requirements.put(requirement.id, requirement);
    });
    if (!inserted) {
      throw new ComplianceError('VEIL_COMPLIANCE_INPUT', `requirement '${requirement.id}' already exists`);
    }
    await this.#record('add_requirement', requirement.id, { status });
    return requirement;
  }

  /** Changes status, responsible party, notes or justification. NOT_APPLICABLE needs a justification. */
  async updateRequirement(id: string, patch: UpdateRequirementInput): Promise<ComplianceRequirement> {
    const status = patch.status === undefined ? undefined : checkStatus(patch.status);
    const justification = optionalText(patch.justification, 'justification', 4000);
    const responsibleParty = optionalText(patch.responsibleParty, 'responsibleParty', 200);
    const notes = optionalText(patch.notes, 'notes', 4000);
    const updatedAt = this.#iso();

    // Read, merge and write in one write transaction: read outside one, two updates made
    // together (a status change and a note) both merged into the same old value, and the
    // second write dropped the first one's change.
    const outcome = await this.#requirements.transaction(() => {
      const current = this.#requirements.get(id);
      if (current === undefined) return 'not_found' as const;
      const next: ComplianceRequirement = {
        ...current,
        status: status ?? current.status,
        justification: justification === undefined ? current.justification : justification,
        responsibleParty: responsibleParty === undefined ? current.responsibleParty : responsibleParty,
        notes: notes === undefined ? current.notes : notes,
        updatedAt,
      };
      if (next.status === ComplianceRequirementStatus.NOT_APPLICABLE && next.justification === null) {
        return 'needs_justification' as const;
      }
      this.#requirements.put(id, next);
      return { from: current.status, next };
    });
    if (outcome === 'not_found') {
      throw new ComplianceError('VEIL_COMPLIANCE_NOT_FOUND', `requirement '${id}' not found`);
    }
    if (outcome === 'needs_justification') {
      throw new ComplianceError('VEIL_COMPLIANCE_INPUT', `requirement '${id}': not_applicable needs a justification`);
    }
    await this.#record('update_requirement', id, { from: outcome.from, to: outcome.next.status });
    return outcome.next;
  }

  getRequirement(id: string): ComplianceRequirement {
    const found = this.#requirements.get(id);
    if (found === undefined) {
      throw new ComplianceError('VEIL_COMPLIANCE_NOT_FOUND', `requirement '${id}' not found`);
    }
    return found;
  }

  listRequirements(filter: { framework?: ComplianceFramework; status?: ComplianceRequirementStatus } = {}): ComplianceRequirement[] {
    const out: ComplianceRequirement[] = [];
    const start = filter.framework === undefined ? undefined : `${filter.framework}:`;
    const range = start === undefined ? {} : { start, end: `${filter.framework}:\uffff` };
    for (const { value } of this.#requirements.getRange(range)) {
      if (filter.status !== undefined && value.status !== filter.status) continue;
      out.push(value);
    }
    return out;
  }

  /** Attaches a file (hashed now, re-checked at report time) or a link to a requirement. */
  async attachEvidence(input: AttachEvidenceInput): Promise<Evidence> {
    const requirement = this.getRequirement(input.requirementId);
    if ((input.file === undefined) === (input.url === undefined)) {
      throw new ComplianceError('VEIL_COMPLIANCE_INPUT', 'evidence: give exactly one of file or url');
    }
    let filePath: string | null = null;
    let sha256: string | null = null;
    if (input.file !== undefined) {
      filePath = path.resolve(input.file);
      try {
        const info = await stat(filePath);
        if (!info.isFile()) throw new Error('not a regular file');
        sha256 = await sha256File(filePath);
      } catch (error) {
        throw new ComplianceError('VEIL_COMPLIANCE_EVIDENCE', `evidence file '${filePath}' cannot be read`, { cause: error });
      }
    }
    let url: string | null = null;
    if (input.url !== undefined) {
      try {
        const parsed = new URL(input.url);
        if (!['https:', 'http:', 'file:'].includes(parsed.protocol)) throw new Error('scheme');
        url = parsed.toString();
      } catch {
        throw new ComplianceError('VEIL_COMPLIANCE_INPUT', 'evidence url: expected an http(s) or file URL');
      }
    }
    const evidence: Evidence = {
      id: randomUUID(),
      requirementId: requirement.id,
      kind: filePath === null ? 'link' : 'file',
      description: checkText(input.description, 'description', 2000),
      path: filePath,
      url,
      sha256,
      check: null,
      collectedAt: (input.collectedAt ?? new Date(this.#now())).toISOString(),
      expiresAt: input.expiresAt === undefined ? null : input.expiresAt.toISOString(),
    };
    await this.#evidence.put([requirement.id, evidence.id], evidence);
    await this.#record('attach_evidence', requirement.id, { evidenceId: evidence.id, kind: evidence.kind });
    return evidence;
  }

  listEvidence(id: string): Evidence[] {
    return [...this.#evidence.getRange({ start: [id], end: [id, '\uffff'] }).map(({ value }) => value)];
  }

  /**
   * Evaluates every automated check that the framework's requirements name (all frameworks when
   * none is given) and records each result as evidence with the time of the check. A requirement
   * whose check passes becomes COMPLIANT, one whose check fails NON_COMPLIANT. Checks Veil was not
   * given (no AuthManager, say) are skipped and reported as such.
   */
  async runAutomatedChecks(framework?: ComplianceFramework): Promise<{ evaluated: number; skipped: AutomatedCheckName[] }> {
    const requirements = this.listRequirements(framework === undefined ? {} : { framework }).filter(
      (r) => r.automatedCheck !== null && r.status !== ComplianceRequirementStatus.NOT_APPLICABLE,
    );
    const results = new Map<AutomatedCheckName, { passed: boolean; detail: string }>();
    const skipped = new Set<AutomatedCheckName>();
    let evaluated = 0;

    for (const requirement of requirements) {
      const name = requirement.automatedCheck as AutomatedCheckName;
      const check = this.#checks[name];
      if (check === undefined) {
        skipped.add(name);
        continue;
      }
      let result = results.get(name);
      if (result === undefined) {
        try {
          result = await check();
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          result = { passed: false, detail: `check failed to run (${typeof code === 'string' ? code : 'error'})` };
        }
        results.set(name, result);
      }
      const at = this.#iso();
      const evidence: Evidence = {
        id: randomUUID(),
        requirementId: requirement.id,
        kind: 'check',
        description: `automated check ${name}`,
        path: null,
        url: null,
        sha256: null,
        check: { name, passed: result.passed, detail: result.detail },
        collectedAt: at,
        expiresAt: null,
      };
      await this.#evidence.put([requirement.id, evidence.id], evidence);
      await this.#requirements.put(requirement.id, {
        ...requirement,
        status: result.passed ? ComplianceRequirementStatus.COMPLIANT : ComplianceRequirementStatus.NON_COMPLIANT,
        updatedAt: at,
      });
      evaluated++;
    }
    await this.#record('run_checks', framework === undefined ? 'compliance' : `compliance/${framework}`, {
      evaluated,
      skipped: [...skipped],
    });
    return { evaluated, skipped: [...skipped] };
  }

  /** Stores a compliance setting (for example the audit retention policy in days). */
  async setSetting(name: string, value: number | string | boolean): Promise<void> {
    await this.#settings.put(checkText(name, 'setting', 100), value);
  }

  getSetting(name: string): unknown {
    return this.#settings.get(name);
  }

  /**
   * Builds the report for one framework: per-requirement status and evidence (files re-hashed:
   * a changed file marks the evidence `tampered` and the report's `evidenceIntact` false), items
   * needing attention, a score and per-family counts.
   */
  async generateComplianceReport(options: { framework: ComplianceFramework }): Promise<ComplianceReport> {
    const framework = checkFramework(options.framework);
    const catalogue = catalogues[framework];
    const now = this.#now();
    const requirements = this.listRequirements({ framework });
    const counts = emptyCounts();
    const families = new Map<string, Record<ComplianceRequirementStatus, number>>();
    const assessments: RequirementAssessment[] = [];
    const overdue: { id: string; reason: string }[] = [];
    let evidenceIntact = true;

    for (const requirement of requirements) {
      counts[requirement.status]++;
      const familyCounts = families.get(requirement.family) ?? emptyCounts();
      familyCounts[requirement.status]++;
      families.set(requirement.family, familyCounts);

      const evidence: (Evidence & { state: 'valid' | 'expired' | 'tampered' | 'missing' })[] = [];
      let latestCheck: RequirementAssessment['check'] = null;
      for (const item of this.listEvidence(requirement.id)) {
        let state: 'valid' | 'expired' | 'tampered' | 'missing' = 'valid';
        if (item.kind === 'file' && item.path !== null) {
          try {
            if ((await sha256File(item.path)) !== item.sha256) state = 'tampered';
          } catch {
            state = 'missing';
          }
        }
        if (state === 'valid' && item.expiresAt !== null && Date.parse(item.expiresAt) <= now) state = 'expired';
        if (state === 'tampered' || state === 'missing') evidenceIntact = false;
        if (item.check !== null && (latestCheck === null || item.collectedAt >= latestCheck.at)) {
          latestCheck = { passed: item.check.passed, detail: item.check.detail, at: item.collectedAt };
        }
        evidence.push({ ...item, state });
      }

      const needsReview = evidence.some((e) => e.state !== 'valid');
      assessments.push({ requirement, evidence, needsReview, check: latestCheck });

      if (requirement.status === ComplianceRequirementStatus.NON_COMPLIANT) {
        overdue.push({ id: requirement.id, reason: 'non-compliant' });
      } else if (requirement.status === ComplianceRequirementStatus.NOT_ASSESSED) {
        overdue.push({ id: requirement.id, reason: 'not assessed' });
      }
      if (evidence.some((e) => e.state === 'tampered' || e.state === 'missing')) {
        overdue.push({ id: requirement.id, reason: 'evidence does not match its recorded hash' });
      } else if (needsReview) {
        overdue.push({ id: requirement.id, reason: 'evidence expired: needs review' });
      }
    }

    const applicable = requirements.length - counts[ComplianceRequirementStatus.NOT_APPLICABLE];
    const points = counts[ComplianceRequirementStatus.COMPLIANT] + 0.5 * counts[ComplianceRequirementStatus.PARTIALLY_COMPLIANT];
    const score = applicable === 0 ? 0 : Math.round((1000 * points) / applicable) / 10;

    return {
      framework,
      name: catalogue.name,
      version: catalogue.version,
      generatedAt: new Date(now).toISOString(),
      score,
      evidenceIntact,
      counts,
      families: [...families.entries()].map(([family, c]) => ({ family, counts: c })),
      requirements: assessments,
      overdue,
    };
  }
}
