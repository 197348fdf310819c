import { SurrogateGenerator } from '../src/synth/surrogate.ts';
const g = new SurrogateGenerator(new Uint8Array(32).fill(7), { locale: 'en' });
const g2 = new SurrogateGenerator(new Uint8Array(32).fill(8), { locale: 'en' });
for (const [v, t] of [['John Smith', 'PERSON'], ['Smith', 'PERSON'], ['JOHN', 'PERSON'], ['john.doe@example.com', 'EMAIL_ADDRESS'], ['(555) 123-4567', 'PHONE_NUMBER'], ['+44 20 7946 0958', 'PHONE_NUMBER'], ['+49 30 901820', 'PHONE_NUMBER'], ['4111 1111 1111 1111', 'CREDIT_CARD'], ['DE89 3704 0044 0532 0130 00', 'IBAN_CODE'], ['FR1420041010050500013M02606', 'IBAN_CODE'], ['123-45-6789', 'US_SSN'], ['2024-03-05', 'DATE_TIME'], ['03/05/2024 10:00', 'DATE_TIME'], ['192.168.1.1', 'IP_ADDRESS'], ['Berlin', 'LOCATION'], ['Acme Corp', 'ORGANIZATION'], ['AB-123-cd', 'ID']] as const) {
  console.log(v, '->', g.surrogate(v, t, { subject: 'p1' }), '|', g2.surrogate(v, t, { subject: 'p1' }));
}
let t = performance.now(); for (let i = 0; i < 20000; i++) g.surrogate(`Person${i} Name`, 'PERSON'); console.log('person us', (performance.now() - t) / 20);
t = performance.now(); for (let i = 0; i < 5000; i++) g.surrogate(`(555) 123-${String(i).padStart(4, '0')}`, 'PHONE_NUMBER'); console.log('phone us', (performance.now() - t) / 5);
