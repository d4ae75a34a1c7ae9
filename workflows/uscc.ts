/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from
 * `0-9A-HJ-NPQRTUWXY`; the last is a check character computed from the first 17 with weights
 * 3^(i-1) mod 31.
 */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

export type UsccProblem = "uscc_length" | "uscc_charset" | "uscc_check";

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

/** null when the code is well-formed and its check character is right. */
export function usccProblem(raw: string): UsccProblem | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return "uscc_length";
  for (const ch of code) if (!CHARSET.includes(ch)) return "uscc_charset";
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : "uscc_check";
}

export function normaliseUscc(raw: string): string {
  return raw.trim().toUpperCase();
}
