/**
 * Cues strong enough to make a listed given name and the capitalized word after it a person's
 * name even where both are English words ("Dear Bill Gates", "Name: Mark Green", "Customer Grace
 * Hope wants a refund"), and labels after which the capitalized words are a place ("City:
 * Leeds"). The general rules of ./entity-scanner.ts need a surname of the name lists for such a
 * pair, as two English words with no cue ("Hope Grant and Trace Grant approved it") are as often
 * a phrase as a name. Lower-case.
 */

/** Words right before the pair: greetings and the roles of one person. */
export const STRONG_PERSON_CUES: readonly string[] = [
  'dear', 'hi', 'hello', 'hey', 'hallo', 'hola', 'bonjour', 'ciao', 'buongiorno', 'liebe',
  'lieber', 'cher', 'chère', 'querido', 'querida', 'caro', 'cara', 'customer', 'client',
  'patient', 'employee', 'kunde', 'kundin', 'cliente', 'candidate', 'applicant', 'tenant',
];

/** Labels of ticket and mail fields before a colon and a person's name. */
export const PERSON_FIELD_LABELS: readonly string[] = [
  'assignee', 'assigned', 'owner', 'reporter', 'reviewer', 'requester', 'requestor', 'approver',
  'submitter', 'creator', 'sender', 'recipient', 'cc', 'bcc', 'caller', 'handler', 'tenant',
  'applicant', 'candidate', 'passenger', 'guest', 'beneficiary', 'payee', 'witness', 'driver',
  'holder', 'cardholder', 'student', 'member', 'attendee', 'organizer', 'organiser',
];

/** Phrases right before the pair. */
export const STRONG_NAME_PHRASES: readonly string[] = [
  'my name is', 'name is', 'call me', 'mein name ist', "je m'appelle", 'me llamo',
  'mi nombre es', 'mi chiamo', 'forward this to', 'forward it to', 'forwarded to', 'send this to',
  'send it to', 'assigned to', 'reassigned to', 'escalated to', 'approved by', 'reported by',
  'raised by', 'created by', 'submitted by', 'requested by', 'signed by', 'spoke to',
  'spoke with', 'speak to', 'talked to',
];

/** Verbs after the pair (and after its e-mail address in angle brackets): "X wrote:". */
export const WROTE_VERBS: readonly string[] = ['wrote', 'writes', 'schrieb', 'replied'];

/**
 * Capitalized words after a given name that make a team, a place of work or a heading rather
 * than a surname ("Dear Grace Church", "Hi May Team").
 */
export const NOT_SURNAMES_AFTER_CUE: readonly string[] = [
  'team', 'teams', 'service', 'services', 'support', 'department', 'dept', 'desk', 'office',
  'group', 'staff', 'members', 'committee', 'board', 'club', 'church', 'chapel', 'school',
  'college', 'university', 'hospital', 'clinic', 'center', 'centre', 'bank', 'store', 'shop',
  'hotel', 'company', 'account', 'accounts', 'status', 'order', 'orders', 'sales', 'care',
  'family', 'friends', 'community', 'foundation', 'fund', 'trust', 'day', 'week', 'month',
  'year', 'period', 'date', 'time', 'street', 'road', 'avenue', 'lane', 'park', 'house',
  'hall', 'project', 'program', 'programme', 'payment', 'payments', 'invoice', 'report',
  'sale', 'offer', 'deal', 'discount', 'update', 'edition', 'collection', 'festival', 'season',
  'holiday', 'event', 'newsletter', 'special', 'campaign',
];

/** Labels before a colon after which the capitalized words are a place ("City: Leeds"). */
export const PLACE_LABELS: readonly string[] = [
  'city', 'town', 'village', 'location', 'residence', 'hometown', 'birthplace', 'ort',
  'wohnort', 'geburtsort', 'stadt', 'wohnsitz', 'ville', 'localité', 'domicile', 'ciudad',
  'localidad', 'residencia', 'domicilio', 'municipio', 'città', 'citta', 'località', 'comune',
  'residenza',
];

/** Labels of several words, as `PLACE_LABELS` ("Place of birth: Naples"). */
export const PLACE_LABEL_PHRASES: readonly string[] = [
  'place of birth', 'city of birth', 'place of residence', 'city of residence',
  'lieu de naissance', 'lieu de résidence', 'lugar de nacimiento', 'lugar de residencia',
  'luogo di nascita', 'luogo di residenza',
];
