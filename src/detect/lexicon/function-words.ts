/**
 * Words of German, French, Spanish, Italian and Turkish business mail that are capitalized where
 * a name would be ("Ihre Anfrage", "Vielen Dank", "Servizio Clienti", "Partita IVA", "bis
 * Montag"): common words, so that the name rules drop them as they drop "Your Order". The
 * English list of the gazetteer (wink-lexicon) and HAND_COMMON lacked them, and two capitalized
 * words of no list read as a name. Lower-case. Left out: words that are also frequent given
 * names ("Domingo", "Julio", "Mai") or surnames of the lists ("Kunde": a label before an
 * honorific is dropped by the scan instead).
 */
export const FOREIGN_FUNCTION_WORDS: readonly string[] = [
  // German: pronouns, greetings and the nouns of customer service
  'ihre', 'ihrer', 'ihren', 'ihrem', 'ihres', 'unsere', 'unser', 'unserer', 'unseren',
  'unserem', 'meine', 'mein', 'meinen', 'meinem', 'deine', 'dein', 'vielen', 'dank',
  'herzlichen', 'freundlichen', 'besten', 'damen', 'herren', 'geehrter', 'anfrage', 'bestellung',
  'kundennummer', 'bestellnummer', 'rechnungsnummer', 'auftragsnummer', 'rechnung', 'lieferung',
  'rücksendung', 'rückerstattung', 'nachricht', 'antwort', 'vertrag', 'konto', 'zahlung',
  'auftrag', 'zimmer', 'vom', 'bis', 'anbei', 'betreff',
  // Weekdays and months that no name list holds as a given name
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'sonnabend',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'lunes', 'martes',
  'miércoles', 'jueves', 'viernes', 'sábado', 'lunedì', 'martedì', 'mercoledì', 'giovedì',
  'venerdì', 'januar', 'februar', 'märz', 'oktober', 'dezember', 'janvier', 'février',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre', 'enero', 'febrero',
  'marzo', 'septiembre', 'octubre', 'noviembre', 'diciembre', 'gennaio', 'febbraio', 'giugno',
  'luglio', 'settembre', 'ottobre', 'dicembre', 'mon', 'tue', 'thu', 'fri',
  // French, Spanish, Italian
  'ville', 'atención', 'servicio', 'clientes', 'cliente', 'muchas', 'servizio', 'clienti',
  'egregio', 'spettabile', 'gentilissimo', 'gentilissima', 'buongiorno', 'buonasera', 'mi',
  'partita', 'iva', 'codice', 'fiscale',
  // Turkish identity card, banks; the street abbreviation of "5th Ave" (no given name there)
  'kimlik', 'bic', 'ave',
  // German doctoral degrees after "Dr." ("Dr. med.", "Dr. rer. pol."; not "nat" or "phil",
  // which are given names)
  'med', 'rer', 'dent', 'oec',
];
