/**
 * `fake`: replaces the entity with a realistic surrogate of the same type and format (a name by
 * a name, a phone by a valid phone of the same country and layout, a card by a Luhn-valid card
 * of the same network), chosen from HMAC-SHA-256 of the original under the referenced key, so
 * the same value always gets the same surrogate with one key and unlinkable ones across keys.
 * The surrogate logic lives in `src/synth/surrogate.ts`, shared with the `synthesize` stage.
 */
import { z } from 'zod';
import { secretReference } from '../../engine/secrets.js';
import { defineOperator } from '../operator.js';

/**
 * The locale codes of the installed faker (`Object.keys(allLocales)`), written out: every
 * anonymize stage loads this operator's schema, and importing faker for its list cost each
 * worker thread ~150 ms of CPU and its memory for all 77 locales, in pipelines that never fake.
 * test/anonymize/fake-locales.test.ts keeps the list equal to faker's.
 */
export const FAKER_LOCALES: ReadonlySet<string> = new Set([
  'af_ZA', 'ar', 'az', 'base', 'bn_BD', 'cs_CZ', 'cy', 'da', 'de', 'de_AT', 'de_CH', 'dv', 'el',
  'en', 'en_AU', 'en_AU_ocker', 'en_BORK', 'en_CA', 'en_GB', 'en_GH', 'en_HK', 'en_IE', 'en_IN',
  'en_NG', 'en_NP', 'en_US', 'en_ZA', 'eo', 'es', 'es_MX', 'fa', 'fi', 'fr', 'fr_BE', 'fr_CA',
  'fr_CH', 'fr_LU', 'fr_SN', 'he', 'hr', 'hu', 'hy', 'id_ID', 'it', 'ja', 'ka_GE', 'ko', 'ku_ckb',
  'ku_kmr_latin', 'lv', 'mk', 'mn_MN_cyrl', 'nb_NO', 'ne', 'nl', 'nl_BE', 'pl', 'pt_BR', 'pt_PT',
  'ro', 'ro_MD', 'ru', 'sk', 'sl_SI', 'sr_RS_latin', 'sv', 'ta_IN', 'th', 'tr', 'uk', 'ur',
  'uz_UZ_latin', 'vi', 'yo_NG', 'zh_CN', 'zh_TW', 'zu_ZA',
]);

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
        .refine((code) => FAKER_LOCALES.has(code), {
          error: 'unknown locale; use a faker locale code such as en, en_US, de, fr, es, it',
        })
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
    // Faker and the surrogate logic load only when a pipeline fakes (see FAKER_LOCALES).
    const { SurrogateGenerator } = await import('../../synth/surrogate.js');
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
