/**
 * Small hand-written word lists: cue words, honorifics, street and company vocabulary, and
 * nationalities/religions/political groups. Lower-case. The large lists (names, places, common
 * words) are generated into ./data/ instead.
 */

/** Function words and other capitalizable words of English, German, French, Spanish, Italian. */
export const HAND_COMMON: readonly string[] = [
  // English
  'i', 'im', 'ive', 'id', 'me', 'my', 'mine', 'we', 'us', 'our', 'you', 'your', 'he', 'him', 'his',
  'she', 'her', 'they', 'them', 'their', 'it', 'its', 'this', 'that', 'these', 'those', 'the', 'a',
  'an', 'and', 'or', 'but', 'if', 'so', 'hi', 'hello', 'hey', 'dear', 'thanks', 'thank', 'please',
  'yes', 'no', 'ok', 'okay', 'sir', 'madam', 'mr', 'mrs', 'ms', 'dr', 'miss', 'prof', 'name',
  'bot', 'user', 'date', 'phone', 'email', 'e-mail', 'website', 'address', 'fax', 'office',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january',
  'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'god', 'christmas', 'easter', 'internet', 'tv', 'id', 'pm', 'am',
  'zip', 'iban', 'ssn', 'atm', 'usd', 'eur', 'gbp', 'ceo', 'cto', 'hr', 'it', 'ip', 'url', 'pdf',
  'apt', 'suite', 'info', 'personal', 'fan', 'street', 'road',
  // German
  'der', 'die', 'das', 'und', 'oder', 'ein', 'eine', 'ich', 'sie', 'wir', 'ihr', 'mit', 'von',
  'für', 'auf', 'ist', 'nicht', 'herr', 'frau', 'hallo', 'liebe', 'lieber', 'sehr', 'geehrte',
  'ihr', 'termin', 'habe', 'hat', 'sind', 'war', 'wird', 'kann', 'bitte', 'danke', 'heute',
  // French
  'le', 'la', 'les', 'un', 'une', 'et', 'ou', 'je', 'nous', 'vous', 'il', 'elle', 'ils', 'de',
  'du', 'des', 'pour', 'avec', 'bonjour', 'monsieur', 'madame', 'cher', 'chère', 'est', 'suis',
  'ai', 'avons', 'sont', 'merci', 'rendez-vous', 'demain', 'aujourd',
  // Spanish
  'el', 'los', 'las', 'y', 'o', 'yo', 'usted', 'con', 'para', 'hola', 'señor', 'señora',
  'estimado', 'estimada', 'es', 'soy', 'hablé', 'tengo', 'tiene', 'gracias', 'ayer', 'hoy',
  // Italian
  'il', 'lo', 'gli', 'e', 'io', 'noi', 'voi', 'con', 'per', 'ciao', 'signor', 'signora', 'gentile',
  'ho', 'ha', 'hanno', 'sono', 'è', 'grazie', 'oggi', 'ieri', 'parlato',
];

/** Honorifics that precede a person's name; the TITLE recognizer reports them. */
export const HONORIFICS: readonly string[] = [
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'dame', 'lord', 'lady',
  'herr', 'frau', 'monsieur', 'madame', 'mme', 'mlle', 'señor', 'señora', 'sr', 'sra', 'srta',
  'signor', 'signora', 'sig', 'sig.ra', 'dott', 'dottssa',
];

/** Words right before a name that mark a person (lower-case, single words). */
export const PERSON_CUES_BEFORE: readonly string[] = [
  'dear', 'hi', 'hello', 'hey', 'thanks', 'signed', 'sincerely', 'regards', 'cheers', 'called',
  'named', 'by', 'with', 'kid', 'son', 'daughter', 'wife', 'husband', 'brother', 'sister',
  'mother', 'father', 'mom', 'dad', 'friend', 'colleague', 'uncle', 'aunt', 'cousin', 'patient',
  'customer', 'client', 'employee', 'manager', 'director', 'author', 'singer', 'actor', 'actress',
  'player', 'president', 'minister', 'senator', 'says', 'said', 'told', 'tell', 'ask', 'asked',
  'contact', 'meet', 'met', 'add', 'name:', 'liebe', 'lieber', 'cher', 'chère', 'querido',
  'querida', 'caro', 'cara', 'starring', 'featuring', 'ex-zombie', 'given', 'gave', 'shouted',
  'calls', 'thank',
];

/** Multi-word phrases right before a name that mark a person. */
export const PERSON_PHRASES_BEFORE: readonly string[] = [
  'my name is', 'name is', 'i am', "i'm", 'this is', 'it is', 'call me', 'name on the account',
  'last name', 'first name', 'full name', 'maiden name', 'directed by', 'written by', 'signed by',
  'mein name ist', 'ich bin', 'je suis', "je m'appelle", 'me llamo', 'mi nombre es', 'mi chiamo',
  'sono', 'change it to', 'correct it to', 'your name', 'last name is', 'everyone calls me', 'follow up with',
];

/** Words right after a name that mark a person. */
export const PERSON_CUES_AFTER: readonly string[] = [
  'says', 'said', 'told', 'asked', 'wrote', 'lives', 'works', 'is', 'was', 'has', 'had', 'and',
  'flew', 'went', 'died', 'born', 'shouted', 'spent', 'began', 'will', 'can', 'could', 'would',
  'did', 'does', 'gave', 'wants', 'needs', 'loves', 'likes', 'thinks', 'knows', 'replied',
];

/** Words right before a name that mark a place. */
export const LOCATION_CUES_BEFORE: readonly string[] = [
  'in', 'to', 'from', 'near', 'at', 'visit', 'visited', 'visiting', 'city', 'town', 'village',
  'country', 'state', 'province', 'region', 'capital', 'via', 'into', 'towards', 'across',
  'around', 'outside', 'inside', 'nach', 'aus', 'à', 'desde', 'hacia',
  'serving', 'southern', 'northern', 'eastern', 'western', 'central',
];

/** Words right before a name that mark an organization. */
export const ORG_CUES_BEFORE: readonly string[] = [
  'for', 'at', 'joined', 'join', 'company', 'firm', 'employer', 'bank', 'support', 'of',
];

export const ORG_PHRASES_BEFORE: readonly string[] = [
  'work for', 'worked for', 'working for', 'work at', 'works at', 'works for', 'employed by',
  'employed at', 'address of', 'support', 'to support', 'according to the', 'brainchild',
];

/** Last words of an organization's name (beyond the legal forms in ./data/). */
export const HAND_COMPANY_SUFFIXES: readonly string[] = [
  'inc', 'inc.', 'incorporated', 'corp', 'corp.', 'corporation', 'co', 'co.', 'company', 'ltd',
  'ltd.', 'limited', 'llc', 'llp', 'plc', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'spa', 'srl', 'bv',
  'nv', 'ab', 'oy', 'as', 'group', 'holdings', 'associates', 'partners', 'technologies',
  'technology', 'solutions', 'software', 'systems', 'services', 'capital', 'insurance',
  'investments', 'markets', 'bank', 'university', 'institute', 'foundation', 'labs', 'analytics',
  'global', 'international', 'consulting', 'media', 'networks', 'health', 'bioscience',
  'pharmaceuticals', 'energy', 'finance', 'financial', 'resources', 'transit', 'orchestra',
  'insights', 'explorer', 'club', 'agency', 'council', 'ministry', 'department', 'authority',
  'hospital', 'school', 'college', 'airlines', 'motors', 'industries', 'enterprises',
];

/** Street types written after the street's name ("Crown Street", "Hoog St"). */
export const HAND_STREET_SUFFIXES: readonly string[] = [
  'street', 'st', 'st.', 'avenue', 'ave', 'ave.', 'av', 'road', 'rd', 'rd.', 'boulevard', 'blvd',
  'blvd.', 'lane', 'ln', 'drive', 'dr', 'court', 'ct', 'place', 'pl', 'square', 'sq', 'terrace',
  'way', 'highway', 'hwy', 'parkway', 'pkwy', 'crescent', 'close', 'squares', 'mews', 'row',
  'straße', 'strasse', 'str', 'str.', 'weg', 'gasse', 'platz', 'allee', 'ring', 'straat', 'laan',
  'plein', 'gracht', 'kade', 'vej', 'gade', 'gatan', 'vägen', 'veien', 'gata', 'katu', 'kuja',
  'tie', 'polku', 'utca', 'út', 'ulica', 'cesta', 'ulice',
];

/** Street types written before the street's name ("Rue de Piétrain", "ul. Więckowskiego"). */
export const STREET_PREFIXES: readonly string[] = [
  'rue', 'avenue', 'boulevard', 'chemin', 'place', 'allée', 'impasse', 'route', 'quai', 'via',
  'viale', 'piazza', 'corso', 'largo', 'vicolo', 'strada', 'calle', 'avenida', 'paseo', 'plaza',
  'camino', 'carrera', 'rua', 'travessa', 'praça', 'ul', 'ul.', 'al', 'al.', 'os', 'pl', 'cite',
  'cité', 'rambla', 'ronda', 'carretera', 'travesía', 'passeig',
];

/**
 * Endings of one-word street names in Germanic, Nordic and Finnic languages
 * ("Hammarvägen", "Brixtonlaan", "Harjukuja"), checked against the word's end.
 */
export const STREET_ENDINGS: readonly string[] = [
  'straße', 'strasse', 'str.', 'weg', 'gasse', 'platz', 'allee', 'damm', 'ufer', 'ring', 'straat',
  'laan', 'plein', 'gracht', 'kade', 'singel', 'dreef', 'vej', 'gade', 'vænget', 'gatan', 'vägen',
  'gränd', 'backen', 'veien', 'gata', 'gate', 'stien', 'vegen', 'katu', 'kuja', 'tie', 'polku',
  'kaari', 'rinne', 'utca', 'stræde', 'torget', 'torg', 'lei', 'hof', 'stieg', 'steig', 'pfad',
];

/** Secondary address units: "Apt. 839", "Suite 727". */
export const ADDRESS_UNITS: readonly string[] = [
  'apt', 'apartment', 'suite', 'ste', 'unit', 'floor', 'fl', 'room', 'rm', 'building', 'bldg',
  'box', 'po', 'psc', 'apo', 'fpo', 'dpo', 'wohnung', 'etage', 'piso', 'puerta', 'appartement',
  'interno', 'scala', 'lgh',
];

/** Extra place names: continents and regions missing from the city/country lists. */
export const HAND_PLACES: readonly string[] = [
  'europe', 'asia', 'africa', 'north america', 'south america', 'latin america', 'oceania',
  'antarctica', 'middle east', 'scandinavia', 'the netherlands', 'united states', 'usa', 'u.s.',
  'united kingdom', 'uk', 'england', 'scotland', 'wales', 'northern ireland', 'new zealand',
  'south africa', 'czech republic', 'greenland', 'iceland', 'faroe islands', 'london', 'paris',
  'berlin', 'rome', 'madrid', 'amsterdam', 'new york', 'tokyo', 'beijing', 'moscow',
  'european union',
];

/** Nationalities and demonyms (adjective and people forms), lower-case. */
export const NATIONALITIES: readonly string[] = [
  'afghan', 'albanian', 'algerian', 'american', 'andorran', 'angolan', 'argentine', 'argentinian',
  'armenian', 'australian', 'austrian', 'azerbaijani', 'bahamian', 'bahraini', 'bangladeshi',
  'barbadian', 'belarusian', 'belgian', 'belizean', 'belizian', 'beninese', 'bhutanese',
  'bolivian', 'bosnian', 'brazilian', 'british', 'bruneian', 'bulgarian', 'burmese', 'burundian',
  'cambodian', 'cameroonian', 'canadian', 'chadian', 'chilean', 'chinese', 'colombian',
  'congolese', 'croatian', 'cuban', 'cypriot', 'czech', 'danish', 'dominican', 'dutch',
  'ecuadorian', 'ecuadorean', 'egyptian', 'emirati', 'english', 'eritrean', 'estonian',
  'ethiopian', 'fijian', 'filipino', 'finnish', 'french', 'gabonese', 'gambian', 'georgian',
  'german', 'ghanaian', 'greek', 'greenlander', 'greenlandic', 'guatemalan', 'guinean',
  'guyanese', 'haitian', 'honduran', 'hungarian', 'icelandic', 'indian', 'indonesian', 'iranian',
  'iraqi', 'irish', 'israeli', 'italian', 'ivorian', 'jamaican', 'japanese', 'jordanian',
  'kazakh', 'kenyan', 'korean', 'kosovar', 'kuwaiti', 'kyrgyz', 'lao', 'laotian', 'latvian',
  'lebanese', 'liberian', 'libyan', 'lithuanian', 'luxembourgish', 'macedonian', 'malagasy',
  'malawian', 'malaysian', 'maldivian', 'malian', 'maltese', 'mauritanian', 'mauritian',
  'mexican', 'moldovan', 'monegasque', 'mongolian', 'montenegrin', 'moroccan', 'mozambican',
  'namibian', 'nepalese', 'nepali', 'nicaraguan', 'nigerian', 'nigerien', 'norwegian', 'omani',
  'pakistani', 'palestinian', 'panamanian', 'paraguayan', 'peruvian', 'polish', 'portuguese',
  'qatari', 'romanian', 'russian', 'rwandan', 'salvadoran', 'samoan', 'saudi', 'scottish',
  'senegalese', 'serbian', 'sierra leonean', 'singaporean', 'slovak', 'slovakian', 'slovenian',
  'somali', 'south african', 'spanish', 'sri lankan', 'sudanese', 'surinamese', 'swedish',
  'swiss', 'syrian', 'taiwanese', 'tajik', 'tanzanian', 'thai', 'togolese', 'tongan',
  'trinidadian', 'tunisian', 'turkish', 'turkmen', 'ugandan', 'ukrainian', 'uruguayan', 'uzbek',
  'venezuelan', 'vietnamese', 'welsh', 'yemeni', 'zambian', 'zimbabwean', 'chechen', 'basque',
  'catalan', 'kurdish', 'tibetan', 'flemish', 'walloon', 'bavarian', 'sicilian', 'corsican',
  'inuit', 'maori', 'aboriginal', 'hispanic', 'latino', 'latina', 'arab', 'arabic', 'african',
  'asian', 'european', 'caucasian', 'englishman', 'englishwoman', 'frenchman', 'frenchwoman',
  'scotsman', 'irishman', 'dutchman', 'brit', 'brits', 'swede', 'swedes', 'dane', 'danes',
  'finn', 'finns', 'pole', 'poles', 'turk', 'turks', 'scot', 'scots', 'swiss', 'deutsch',
  'deutsche', 'deutscher', 'français', 'française', 'español', 'española', 'italiano',
  'italiana',
];

/** Religions and their adherents. */
export const RELIGIONS: readonly string[] = [
  'christian', 'christians', 'catholic', 'catholics', 'protestant', 'protestants', 'orthodox',
  'evangelical', 'evangelicals', 'lutheran', 'lutherans', 'methodist', 'methodists', 'baptist',
  'baptists', 'anglican', 'anglicans', 'mormon', 'mormons', 'jewish', 'jew', 'jews', 'muslim',
  'muslims', 'moslem', 'islamic', 'sunni', 'sunnis', 'shia', 'shiite', 'shiites', 'shii', 'shiis',
  'hindu', 'hindus', 'buddhist', 'buddhists', 'sikh', 'sikhs', 'jain', 'jains', 'taoist',
  'atheist', 'atheists', 'agnostic', 'agnostics', 'quaker', 'quakers', 'amish', 'jehovah',
];

/** Political groups and affiliations. */
export const POLITICAL: readonly string[] = [
  'democrat', 'democrats', 'republican', 'republicans', 'conservative', 'conservatives',
  'liberal', 'liberals', 'labour', 'socialist', 'socialists', 'communist', 'communists',
  'libertarian', 'libertarians', 'tory', 'tories', 'green party', 'greens', 'social democrat',
  'social democrats', 'christian democrat', 'christian democrats', 'marxist', 'marxists',
  'anarchist', 'anarchists', 'nationalist', 'nationalists', 'populist', 'populists',
];

/** Head nouns of job titles: "Technical writer", "Leasing consultant", "nurse". */
export const JOB_HEADS: readonly string[] = [
  'accountant', 'administrator', 'analyst', 'architect', 'assistant', 'attendant', 'auditor',
  'baker', 'banker', 'cashier', 'chef', 'cinematographer', 'cleaner', 'clerk', 'coach',
  'consultant', 'controller', 'coordinator', 'counselor', 'designer', 'developer', 'director',
  'distributor', 'doctor', 'driver', 'echocardiographer', 'economist', 'editor', 'electrician',
  'engineer', 'examiner', 'executive', 'fumigator', 'inspector', 'installer', 'instructor',
  'journalist', 'lawyer', 'librarian', 'machinist', 'manager', 'mechanic', 'midwife', 'nurse',
  'officer', 'operator', 'packager', 'paralegal', 'pharmacist', 'photographer', 'physician',
  'physicist', 'pilot', 'plumber', 'programmer', 'psychologist', 'receptionist', 'repairer',
  'representative', 'researcher', 'salesperson', 'scientist', 'secretary', 'singer', 'soldier',
  'specialist', 'supervisor', 'surgeon', 'surveyor', 'teacher', 'technician', 'technologist',
  'therapist', 'translator', 'veterinarian', 'waiter', 'waitress', 'worker', 'writer',
];
