/**
 * A pipeline written in TypeScript: the same schema as the YAML files, fully typed.
 * Run: veil run pipelines/customers.ts --input customers.ndjson --output out/customers.ndjson
 */
import { definePipeline } from '../src/engine/pipeline.js';

export default definePipeline({
  name: 'customers',
  input: { format: 'ndjson' },
  output: { format: 'ndjson' },
  on_error: 'reject',
  stages: [
    {
      type: 'pseudonymize',
      key: 'env:VEIL_PSEUDONYM_KEY',
      prefix: 'cust_',
      fields: [
        'customer_id',
        // One context for both email fields: the same address gets the same pseudonym.
        { path: 'email', context: 'email' },
        { path: 'contacts[].email', context: 'email' },
      ],
    },
    { type: 'drop', fields: ['ssn'] },
  ],
});
