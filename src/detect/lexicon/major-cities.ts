/**
 * Major cities of the world that the generated place list (./data/places.ts, Faker's pools of
 * invented addresses) lacks, with their English, German, French, Spanish and Italian names where
 * those differ ("Warsaw", "Warschau", "Varsovie", "Varsovia", "Varsavia"). Lower-case; several
 * words joined by single spaces. Left out: names that are mainly given names or surnames
 * ("Sofia", "Florence", "Santiago", "Lima") or English words, which a cue must settle.
 */
export const MAJOR_CITIES: readonly string[] = [
  // British Isles
  'leeds', 'glasgow', 'edinburgh', 'sheffield', 'newcastle', 'cardiff', 'belfast',
  // Germany, Austria, Switzerland
  'munich', 'munchen', 'muenchen', 'münchen', 'koeln', 'köln', 'cologne', 'frankfurt',
  'dusseldorf', 'düsseldorf', 'hanover', 'hannover', 'nuremberg', 'nürnberg', 'vienna', 'wien',
  'vienne', 'viena', 'geneva', 'genf', 'genève', 'ginebra', 'zurich', 'zürich', 'zurigo',
  'basilea',
  // Benelux
  'rotterdam', 'the hague', 'den haag', 'eindhoven', 'antwerp', 'antwerpen', 'anvers',
  'amberes', 'anversa', 'brussels', 'brüssel', 'bruxelles', 'bruselas', 'bruges', 'brügge',
  'ghent',
  // Central and Eastern Europe
  'warsaw', 'warschau', 'varsovie', 'varsovia', 'varsavia', 'warszawa', 'krakow', 'kraków',
  'cracow', 'krakau', 'cracovie', 'cracovia', 'gdansk', 'gdańsk', 'danzig', 'wroclaw',
  'wrocław', 'breslau', 'poznan', 'poznań', 'prague', 'prag', 'praga', 'praha', 'bratislava',
  'budapest', 'bucharest', 'bukarest', 'bucarest', 'belgrade', 'belgrad', 'belgrado',
  'ljubljana', 'sarajevo', 'vilnius', 'riga', 'tallinn', 'kyiv', 'kiev', 'kiew', 'kharkiv',
  'lviv', 'lemberg', 'odesa', 'odessa', 'minsk', 'moscow', 'moskau', 'moscou', 'moscú',
  'saint petersburg', 'sankt petersburg',
  // Southern Europe
  'naples', 'neapel', 'nápoles', 'napoli', 'milan', 'mailand', 'milano', 'turin', 'turín',
  'torino', 'florenz', 'firenze', 'venice', 'venedig', 'venise', 'venecia', 'venezia', 'genoa',
  'genua', 'gênes', 'génova', 'genova', 'bolonia', 'lisbon', 'lissabon', 'lisbonne', 'lisboa',
  'oporto', 'barcelone', 'seville', 'sevilla', 'séville', 'siviglia', 'malaga', 'málaga',
  'marseille', 'marseilles', 'marsiglia', 'lyon', 'lyons', 'lione', 'athens', 'athen',
  'athènes', 'atenas', 'atene', 'thessaloniki', 'istanbul', 'izmir',
  // Nordic
  'copenhagen', 'kopenhagen', 'copenhague', 'copenaghen', 'gothenburg', 'göteborg',
  // Africa and the Middle East
  'cairo', 'kairo', 'le caire', 'el cairo', 'il cairo', 'casablanca', 'marrakesh', 'marrakech', 'algiers', 'abuja', 'accra',
  'nairobi', 'addis ababa', 'kapstadt', 'kinshasa', 'dubai', 'abu dhabi', 'doha', 'riyadh',
  'jeddah', 'tehran', 'teheran', 'baghdad', 'bagdad', 'beirut', 'beyrouth', 'amman',
  'damascus', 'damaskus', 'jerusalem', 'tel aviv',
  // Asia and Oceania
  'karachi', 'lahore', 'islamabad', 'bombay', 'bangalore', 'dhaka', 'bangkok', 'saigon',
  'manila', 'kuala lumpur', 'shanghai', 'shenzhen', 'guangzhou', 'peking', 'pékin', 'pekín',
  'pechino', 'seoul', 'busan', 'osaka', 'kyoto', 'yokohama', 'taipei', 'brisbane', 'auckland',
  // The Americas
  'montréal', 'mexico city', 'bogotá', 'bogota', 'buenos aires', 'sao paulo', 'são paulo',
  'caracas', 'quito', 'havana', 'la habana', 'montevideo',
];
