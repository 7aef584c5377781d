// Porter (1980) stemmer, written from the published algorithm. Pure and deterministic.
// Input: one lower-case ASCII word. Words shorter than 3 letters are returned unchanged.

const STEP2: Readonly<Record<string, string>> = {
  ational: "ate",
  tional: "tion",
  enci: "ence",
  anci: "ance",
  izer: "ize",
  bli: "ble",
  alli: "al",
  entli: "ent",
  eli: "e",
  ousli: "ous",
  ization: "ize",
  ation: "ate",
  ator: "ate",
  alism: "al",
  iveness: "ive",
  fulness: "ful",
  ousness: "ous",
  aliti: "al",
  iviti: "ive",
  biliti: "ble",
  logi: "log",
};

const STEP3: Readonly<Record<string, string>> = {
  icate: "ic",
  ative: "",
  alize: "al",
  iciti: "ic",
  ical: "ic",
  ful: "",
  ness: "",
};

const c = "[^aeiou]"; // consonant
const v = "[aeiouy]"; // vowel
const C = `${c}[^aeiouy]*`; // consonant sequence
const V = `${v}[aeiou]*`; // vowel sequence

const MGR0 = new RegExp(`^(${C})?${V}${C}`); // m > 0
const MEQ1 = new RegExp(`^(${C})?${V}${C}(${V})?$`); // m == 1
const MGR1 = new RegExp(`^(${C})?${V}${C}${V}${C}`); // m > 1
const S_V = new RegExp(`^(${C})?${v}`); // contains a vowel
const CVC = new RegExp(`^${C}${v}[^aeiouwxy]$`);

const STEP1A_SSES = /^(.+?)(ss|i)es$/;
const STEP1A_S = /^(.+?)([^s])s$/;
const STEP1B_EED = /^(.+?)eed$/;
const STEP1B_EDING = /^(.+?)(ed|ing)$/;
const STEP1B_ATBLIZ = /(at|bl|iz)$/;
const STEP1B_DOUBLE = /([^aeiouylsz])\1$/;
const STEP1C = /^(.+?)y$/;
const STEP2_RE =
  /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const STEP3_RE = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
const STEP4_RE = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const STEP4_ION = /^(.+?)(s|t)(ion)$/;
const STEP5_E = /^(.+?)e$/;

/** Porter-stem one lower-case English word. */
export function porterStem(word: string): string {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  const startsWithY = w[0] === "y";
  if (startsWithY) w = `Y${w.slice(1)}`;

  // Step 1a
  let m = STEP1A_SSES.exec(w);
  if (m) w = `${m[1]}${m[2]}`;
  else if ((m = STEP1A_S.exec(w))) w = `${m[1]}${m[2]}`;

  // Step 1b
  if ((m = STEP1B_EED.exec(w))) {
    if (MGR0.test(m[1] ?? "")) w = w.slice(0, -1);
  } else if ((m = STEP1B_EDING.exec(w))) {
    const stem = m[1] ?? "";
    if (S_V.test(stem)) {
      w = stem;
      if (STEP1B_ATBLIZ.test(w)) w += "e";
      else if (STEP1B_DOUBLE.test(w)) w = w.slice(0, -1);
      else if (CVC.test(w)) w += "e";
    }
  }

  // Step 1c
  if ((m = STEP1C.exec(w))) {
    const stem = m[1] ?? "";
    if (S_V.test(stem)) w = `${stem}i`;
  }

  // Step 2
  if ((m = STEP2_RE.exec(w))) {
    const stem = m[1] ?? "";
    if (MGR0.test(stem)) w = stem + (STEP2[m[2] ?? ""] ?? "");
  }

  // Step 3
  if ((m = STEP3_RE.exec(w))) {
    const stem = m[1] ?? "";
    if (MGR0.test(stem)) w = stem + (STEP3[m[2] ?? ""] ?? "");
  }

  // Step 4
  if ((m = STEP4_RE.exec(w))) {
    const stem = m[1] ?? "";
    if (MGR1.test(stem)) w = stem;
  } else if ((m = STEP4_ION.exec(w))) {
    const stem = `${m[1] ?? ""}${m[2] ?? ""}`;
    if (MGR1.test(stem)) w = stem;
  }

  // Step 5a
  if ((m = STEP5_E.exec(w))) {
    const stem = m[1] ?? "";
    if (MGR1.test(stem) || (MEQ1.test(stem) && !CVC.test(stem))) w = stem;
  }
  // Step 5b
  if (/ll$/.test(w) && MGR1.test(w)) w = w.slice(0, -1);

  if (startsWithY) w = `y${w.slice(1)}`;
  return w;
}
