import { describe, expect, it } from "vitest";
import { normaliseUscc, usccCheckChar, usccProblem } from "../../workflows/uscc";

/*
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9A-HJ-NPQRTUWXY; the 18th is the check
 * character of the first 17 with weights 3^(i-1) mod 31. Real codes below are published on the
 * enterprises' own business licences and in the national enterprise credit information system.
 */

/** 华为技术有限公司 (Shenzhen) */
const HUAWEI = "914403001922038216";
/** 腾讯科技（深圳）有限公司 */
const TENCENT = "91440300708461136T";

describe("usccProblem on real public codes", () => {
  it.each([HUAWEI, TENCENT])("%s is valid", (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it("computes the check characters by hand: 6 for Huawei, T for Tencent", () => {
    // Huawei: Σ index(c_i)·3^(i-1) over 91440300192203821 = 831; 831 mod 31 = 25; 31 - 25 = 6
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const sum = (s: string) => [...s].reduce((acc, ch, i) => acc + charset.indexOf(ch) * weights[i], 0);
    const check = (s: string) => charset[(31 - (sum(s) % 31)) % 31];
    expect(check(HUAWEI.slice(0, 17))).toBe("6");
    expect(check(TENCENT.slice(0, 17))).toBe("T");
  });

  it("a check character of 0 comes from a sum divisible by 31 (31 - 0 wraps to 0)", () => {
    // 17 zeros sum to 0: the check character is "0", not the out-of-range index 31.
    expect(usccCheckChar("00000000000000000")).toBe("0");
    expect(usccProblem("000000000000000000")).toBeNull();
  });
});

describe("broken codes", () => {
  it("a wrong check character: uscc_check", () => {
    expect(usccProblem("914403001922038217")).toBe("uscc_check");
    expect(usccProblem("91440300708461136X")).toBe("uscc_check");
    // one digit of the body changed: the check character no longer fits
    expect(usccProblem("914403001922038316")).toBe("uscc_check");
    // two neighbours swapped: caught too (weights differ)
    expect(usccProblem("914403001922083216")).toBe("uscc_check");
  });

  it("a wrong length: uscc_length", () => {
    expect(usccProblem("91440300192203821")).toBe("uscc_length");
    expect(usccProblem("9144030019220382166")).toBe("uscc_length");
    expect(usccProblem("")).toBe("uscc_length");
    // an old 15-digit business registration number is not a credit code
    expect(usccProblem("440301103097413")).toBe("uscc_length");
  });

  it.each(["I", "O", "Z", "S", "V"])("the letter %s is not in the character set: uscc_charset", (letter) => {
    const code = `9144030019220382${letter}6`;
    expect(code).toHaveLength(18);
    expect(usccProblem(code)).toBe("uscc_charset");
  });

  it("punctuation, spaces inside and full-width digits: uscc_charset", () => {
    expect(usccProblem("91440300-922038216")).toBe("uscc_charset");
    expect(usccProblem("9144030 1922038216")).toBe("uscc_charset");
    expect(usccProblem("９１４４０３００１９２２０３８２１６")).toBe("uscc_charset");
  });

  it("the check character itself must be in the character set", () => {
    expect(usccProblem("91440300192203821O")).toBe("uscc_charset");
  });
});

describe("normalisation", () => {
  it("lower case is normalised to upper case before checking", () => {
    expect(usccProblem("91440300708461136t")).toBeNull();
    expect(normaliseUscc("91440300708461136t")).toBe(TENCENT);
  });

  it("surrounding white space is trimmed", () => {
    expect(usccProblem(`  ${HUAWEI}\n`)).toBeNull();
    expect(normaliseUscc(` ${HUAWEI} `)).toBe(HUAWEI);
  });

  it("lower-case letters outside the set stay refused after upper-casing", () => {
    expect(usccProblem("9144030019220382i6")).toBe("uscc_charset");
  });
});

describe("usccCheckChar makes valid codes from any 17 characters of the set", () => {
  it("round-trips for generated bodies", () => {
    const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 200; n++) {
      const body = Array.from({ length: 17 }, () => charset[next() % charset.length]).join("");
      const code = body + usccCheckChar(body);
      expect(usccProblem(code), code).toBeNull();
      // and any other 18th character is refused
      const wrong = charset[(charset.indexOf(code[17]) + 1) % charset.length];
      expect(usccProblem(body + wrong)).toBe("uscc_check");
    }
  });
});
