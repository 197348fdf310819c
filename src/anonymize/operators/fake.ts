/**
 * `fake`: replaces the entity with a realistic surrogate of the same type and format (a name by
 * a name, a phone by a valid phone of the same country and layout, a card by a Luhn-valid card
 * of the same network), chosen from HMAC-SHA-256 of the original under the referenced key, so
 * the same value always gets the same surrogate with one key and unlinkable ones across keys.
 * The surrogate logic lives in `src/synth/surrogate.ts`, shared with the `synthesize` stage.
 */
import { allLocales } from '@faker-js/faker';
import { z } from 'zod';
import { secretReference } from '../../engine/secrets.js';
import { SurrogateGenerator } from '../../synth/surrogate.js';
import { defineOperator } from '../operator.js';

export const fakeOperator = defineOperator({
  name: 'fake',
  description: 'Replace with a realistic surrogate of the same type and format, keyed and consistent.',
  reversible: false,
  options: z
    .object({
      /** Key reference for the HMAC that picks surrogates: `env:NAME`, `file:PATH` or `keyring:NAME`. */
      key: secretReference(),
      /** Faker locale for names, places and companies. */
      locale: z
        .string()
        .refine((code) => Object.hasOwn(allLocales, code), { error: 'unknown locale' })
        .default('en'),
      /** Largest date shift in days, either way (dates move by one offset per data subject). */
      maxDays: z.number().int().min(1).max(3650).default(30),
      /** Read ambiguous numeric dates (01/02/2024) day first. */
      dayFirst: z.boolean().default(false),
      /** Region tried first for phone numbers without a country code. */
      defaultRegion: z.string().regex(/^[A-Z]{2}$/).default('US'),
      /** `example` domains reach nobody (default); `free` uses real free-mail domains. */
      emailDomains: z.enum(['example', 'free']).default('example'),
    })
    .strict(),
  async create(options, env) {
    const key = await env.secrets.resolve(options.key);
    const surrogates = new SurrogateGenerator(key, {
      locale: options.locale,
      maxShiftDays: options.maxDays,
      dayFirst: options.dayFirst,
      defaultRegion: options.defaultRegion,
      emailDomains: options.emailDomains,
    });
    return {
      anonymize: (value, finding, context) => surrogates.surrogate(value, finding.type, { subject: context.subject }),
    };
  },
});
