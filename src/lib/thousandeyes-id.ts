// What a ThousandEyes test or account-group id looks like where Earshot writes one itself: in its
// URLs and in the upstream paths it asks for. (Ids read from upstream bodies are checked more
// tolerantly, by UPSTREAM_ID_PATTERN in common/result-rows/row-fields.ts.)

const THOUSANDEYES_ID = /^\d{1,19}$/;

/** Digits only, at most 19 (v7 sends ids as strings of digits, v6 as numbers). */
export function isThousandEyesId(value: string): boolean {
  return THOUSANDEYES_ID.test(value);
}
