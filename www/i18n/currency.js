// The currency money is shown in before the user chooses one: the currency of the region of the browser's
// first language that names (or implies) a region. A sales file does not say its currency, so this is a
// display choice only — the numbers never change — and the settings' "None (plain numbers)" stays one
// click away and is remembered once chosen.
//
// The region comes from the tag itself (`pt-BR` → BR) or from Intl's likely subtags (`cs` → cs-Latn-CZ,
// `en` → en-Latn-US). The currencies are ISO 4217 as of 2026 (Bulgaria in the euro area since 1 January
// 2026; Croatia since 2023).

/** Euro area members and the states that use the euro by agreement. */
const EURO = 'AT BE BG CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK AD MC SM VA ME XK GF GP MQ RE YT PM BL MF';

/** Other regions → their currency (the most common shop locations; any other region gets none). */
const OTHER = {
  GB: 'GBP', IM: 'GBP', JE: 'GBP', GG: 'GBP',
  US: 'USD', PR: 'USD', EC: 'USD', SV: 'USD', PA: 'USD',
  BR: 'BRL', CZ: 'CZK', RU: 'RUB', TW: 'TWD',
  CH: 'CHF', LI: 'CHF', PL: 'PLN', SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK', HU: 'HUF', RO: 'RON',
  RS: 'RSD', UA: 'UAH', BY: 'BYN', KZ: 'KZT', TR: 'TRY', IL: 'ILS', AE: 'AED', SA: 'SAR', EG: 'EGP',
  ZA: 'ZAR', NG: 'NGN', KE: 'KES', MA: 'MAD',
  CA: 'CAD', MX: 'MXN', AR: 'ARS', CL: 'CLP', CO: 'COP', PE: 'PEN', UY: 'UYU',
  AU: 'AUD', NZ: 'NZD', JP: 'JPY', CN: 'CNY', HK: 'HKD', MO: 'MOP', SG: 'SGD', KR: 'KRW', IN: 'INR',
  ID: 'IDR', MY: 'MYR', TH: 'THB', VN: 'VND', PH: 'PHP',
};

/** The ISO 4217 code of a two-letter region, or '' when it is not known here. */
export function currencyOfRegion(region) {
  const r = String(region ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(r)) return '';
  if (EURO.split(' ').includes(r)) return 'EUR';
  return OTHER[r] ?? '';
}

/**
 * The currency for a list of BCP 47 tags (navigator.languages): the first tag whose region (written or
 * likely) has a known currency; '' (plain numbers) when none has.
 */
export function currencyOf(tags) {
  for (const raw of tags ?? []) {
    let region = '';
    try {
      const loc = new Intl.Locale(String(raw));
      region = loc.region ?? loc.maximize().region ?? '';
    } catch {
      continue; // not a well-formed tag
    }
    const code = currencyOfRegion(region);
    if (code) return code;
  }
  return '';
}
