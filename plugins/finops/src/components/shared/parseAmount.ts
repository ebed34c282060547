/** An amount as typed, read: the plain decimal string to send, or why it is not one. */
export type ParsedAmount =
  | { value: string; error?: undefined }
  | { value?: undefined; error: string };

// Spaces people and locales group digits with: space, no-break space, narrow no-break space, thin.
const GROUP_SPACES = /[\u0020\u00a0\u202f\u2009]/g;

/**
 * Reads an amount the way people type it: `5000`, `5,000`, `5 000`, `5000.50`, `$5,000`,
 * `USD 5,000.50`. Commas and spaces are accepted only as thousands separators (groups of three
 * digits), the point is the decimal mark; the currency's code or sign (any of `$ € £` without a
 * currency) may come before or after. Answers the plain decimal string (`5000.50`), or an
 * error that says what is accepted. An empty text is `required`.
 */
export function parseAmount(
  text: string,
  options: { currency?: string; maxDecimals?: number } = {},
): ParsedAmount {
  const { currency, maxDecimals } = options;
  let rest = text.trim();
  if (rest === '') {
    return { error: 'Enter an amount' };
  }
  // A currency sign or code before or after the number: $5,000, 5,000 USD, USD 5,000.
  const codes = (
    currency ? [currency, symbolOf(currency)] : ['$', '€', '£']
  ).map(code => code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const sign = new RegExp(
    `^(?:${codes.join('|')})|(?:${codes.join('|')})$`,
    'i',
  );
  rest = rest.replace(sign, '').trim().replace(sign, '').trim();
  const compact = rest.replace(GROUP_SPACES, ' ');
  const grouped = /^\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?$/.test(
    compact,
  );
  const plain = /^\d+(?:\.\d+)?$/.test(compact);
  if (!grouped && !plain) {
    return {
      error: /^-/.test(compact)
        ? 'Enter a positive amount'
        : 'Enter a number such as 5000, 5,000 or 5000.50',
    };
  }
  const value = compact.replace(/[, ]/g, '');
  const decimals = value.split('.')[1]?.length ?? 0;
  if (maxDecimals !== undefined && decimals > maxDecimals) {
    return {
      error:
        maxDecimals === 0
          ? 'Enter a whole amount'
          : `At most ${maxDecimals} decimals`,
    };
  }
  return { value };
}

/** The sign of a currency as `en-US` writes it (`$`, `€`, `CHF`), or the code. */
export function symbolOf(currency: string): string {
  try {
    return (
      new Intl.NumberFormat('en-US', { style: 'currency', currency })
        .formatToParts(0)
        .find(part => part.type === 'currency')?.value ?? currency
    );
  } catch {
    return currency;
  }
}
