/**
 * The entity types a set of detection options adds to the built-in ones: its custom recognizers'
 * types and its deny lists' types. The `detect` stage declares them to the stages after it; the
 * `anonymize` stage adds those of its own inline detection.
 */
import type { DetectionOptions } from '../detect/config.js';

export function declaredEntityTypes(options: DetectionOptions | undefined): string[] {
  return [
    ...(options?.custom_recognizers ?? []).map((c) => c.type),
    ...Object.keys(options?.deny ?? {}),
  ];
}
