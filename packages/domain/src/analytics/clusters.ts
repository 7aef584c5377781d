// Question clusters: visitors' questions grouped so that paraphrases count as one question.
//
// Each distinct question (normalised text) becomes a sparse TF-IDF vector over the same index
// terms the knowledge search uses (`tokenize` with the built-in service synonyms, so "money back"
// is "refund" and 退钱 is 退款), minus the words that say what kind of question it is rather than
// what it is about (how, my, 怎么, 能 …). Leader clustering then visits the questions most frequent
// first and puts each one into the most similar cluster (cosine against the cluster's centroid,
// candidates found through an inverted index of centroid terms) or opens a new one. Cost grows with
// the number of clusters sharing a term, not with all pairs: 10k questions take well under a second.
import { fnv1a32 } from "../retrieval/hash";
import { porterStem } from "../text/porter";
import { BUILTIN_SYNONYMS, hasCjk, normalizeText, tokenize } from "../text/tokenize";
import { type Synonyms } from "../text/synonyms";

export interface ClusterItem {
  id: string;
  text: string;
  at: Date;
  /** How many times it was asked (default 1): items may be distinct texts with their counts. */
  count?: number;
}

export interface QuestionCluster {
  /** Stable while the cluster's main terms stay the same (hash of its top centroid terms). */
  key: string;
  /** The member question closest to the cluster's centroid (a real question, as asked). */
  label: string;
  count: number;
  lastAt: Date;
  /** Members, newest first. */
  itemIds: string[];
}

export interface ClusterOptions {
  /** Cosine to a cluster's centroid needed to join it (default 0.4). */
  threshold?: number;
  /** Synonym sets (default: the built-in customer-service sets). */
  synonyms?: Synonyms;
}

export const DEFAULT_CLUSTER_THRESHOLD = 0.4;

// Question, pronoun and request words: they make "how do I get a refund" and "money back please"
// look different while both are about a refund. English ones are stemmed as `tokenize` stems them.
const GENERIC = new Set(
  (
    "how what when where why which who whom whose can could would should will shall may might must " +
    "i me my mine you your yours we us our he she they them their want need get got help know tell like " +
    "hi hello hey thank thanks ok okay yes sure wonder anyone someone now still again " +
    "怎么 什么 为什么 哪里 多久 什么时候 能 会 需要 应该 吗 您好 你好 谢谢 知道 告诉 问 问题 一下 现在 可能 什么样 哪个 哪些 怎么回事 几 多少"
  )
    .split(" ")
    .filter(Boolean)
    .map((w) => (/\p{Script=Han}/u.test(w) ? w : porterStem(w))),
);
const HAN = /\p{Script=Han}/u;
const PII_PLACEHOLDER = /\[[a-z][a-z_]*(?:_\d+)?\]/giu;

type Vector = Map<string, number>;

interface Distinct {
  text: string;
  norm: string;
  ids: string[];
  ats: Date[];
  count: number;
  lastAt: Date;
  terms: string[];
}

/**
 * Index terms of one question for clustering: content words, plus for Chinese the character
 * bigrams of the content that remains (the segmenter splits 发货 into 发 / 货 in some sentences).
 */
function questionTerms(text: string, synonyms: Synonyms): string[] {
  // Masked personal data ("[EMAIL]", "[PHONE_1]") says nothing about what was asked.
  const unmasked = text.replace(PII_PLACEHOLDER, " ");
  const words = tokenize(unmasked, { cjkBigrams: false, synonyms }).filter((w) => !GENERIC.has(w));
  if (!hasCjk(unmasked)) return words;
  const out: string[] = [];
  let run = "";
  const flush = (): void => {
    const chars = [...run];
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
    run = "";
  };
  for (const w of words) {
    if (HAN.test(w) && [...w].every((c) => HAN.test(c))) {
      run += w;
      if (w.length > 2) out.push(w);
    } else {
      flush();
      out.push(w);
    }
  }
  flush();
  return out;
}

function unitVector(terms: readonly string[], idf: Map<string, number>): Vector {
  // Binary term frequency: in a one-line question a repeated word is not more of its topic.
  const v: Vector = new Map();
  for (const t of terms) v.set(t, idf.get(t) ?? 1);
  let norm = 0;
  for (const w of v.values()) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

interface Cluster {
  members: number[]; // indexes into distinct
  centroid: Vector; // sum of members' unit vectors, weighted by their counts
  normSq: number;
  count: number;
}

function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) s += w * o;
  }
  return s;
}

/**
 * Groups questions so that paraphrases (in Chinese and in English) fall into one cluster.
 * Deterministic: the same items give the same clusters, whatever their order. Clusters come
 * most frequent first, then most recent; items whose text has no characters are left out.
 */
export function clusterQuestions(items: readonly ClusterItem[], opts: ClusterOptions = {}): QuestionCluster[] {
  const threshold = opts.threshold ?? DEFAULT_CLUSTER_THRESHOLD;
  const synonyms = opts.synonyms ?? BUILTIN_SYNONYMS;

  // 1. Identical questions once (after normalisation), in an order independent of the input's.
  const byNorm = new Map<string, Distinct>();
  for (const item of items) {
    const norm = normalizeText(item.text).replace(/[\s\p{P}]+$/u, "");
    if (!norm) continue;
    let d = byNorm.get(norm);
    if (!d) {
      d = { text: item.text.trim(), norm, ids: [], ats: [], count: 0, lastAt: item.at, terms: [] };
      byNorm.set(norm, d);
    } else if (item.text.trim() < d.text) d.text = item.text.trim(); // input order must not matter
    d.ids.push(item.id);
    d.ats.push(item.at);
    d.count += Math.max(1, item.count ?? 1);
    if (item.at > d.lastAt) d.lastAt = item.at;
  }
  const distinct = [...byNorm.values()];
  for (const d of distinct) d.terms = questionTerms(d.norm, synonyms);
  // Leaders first: the most asked, then the ones with the fewest content words (they state the
  // topic alone; a longer question then joins it rather than lend it its extra words).
  const termCount = (d: Distinct) => new Set(d.terms).size;
  distinct.sort(
    (a, b) =>
      b.count - a.count ||
      termCount(a) - termCount(b) ||
      b.lastAt.getTime() - a.lastAt.getTime() ||
      (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0),
  );

  // 2. Smoothed inverse document frequency over the distinct questions.
  const df = new Map<string, number>();
  for (const d of distinct) for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = distinct.length;
  const idf = new Map<string, number>();
  for (const [t, f] of df) idf.set(t, Math.log((n + 1) / (f + 1)) + 1);
  const vectors = distinct.map((d) => unitVector(d.terms, idf));

  // 3. Leader clustering through an inverted index of centroid terms.
  const clusters: Cluster[] = [];
  const postings = new Map<string, number[]>();
  const byTextOnly = new Map<string, number>(); // questions with no content terms: exact text only
  distinct.forEach((d, i) => {
    const v = vectors[i]!;
    const weight = d.count;
    if (v.size === 0) {
      const existing = byTextOnly.get(d.norm);
      if (existing === undefined) {
        byTextOnly.set(d.norm, clusters.length);
        clusters.push({ members: [i], centroid: new Map(), normSq: 0, count: weight });
      }
      return;
    }
    const seen = new Set<number>();
    let best = -1;
    let bestScore = 0;
    for (const t of v.keys()) {
      for (const c of postings.get(t) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        const cl = clusters[c]!;
        const score = dot(v, cl.centroid) / Math.sqrt(cl.normSq);
        if (score >= threshold && (best === -1 || score > bestScore || (score === bestScore && c < best))) {
          best = c;
          bestScore = score;
        }
      }
    }
    if (best === -1) {
      best = clusters.length;
      clusters.push({ members: [], centroid: new Map(), normSq: 0, count: 0 });
    }
    const cl = clusters[best]!;
    cl.members.push(i);
    cl.count += weight;
    for (const [t, w] of v) {
      const before = cl.centroid.get(t);
      if (before === undefined) {
        const list = postings.get(t);
        if (list) list.push(best);
        else postings.set(t, [best]);
      }
      const after = (before ?? 0) + w * weight;
      cl.centroid.set(t, after);
      cl.normSq += after * after - (before ?? 0) * (before ?? 0);
    }
  });

  // 4. Label, key, members.
  const result = clusters.map((cl): QuestionCluster => {
    let label = cl.members[0]!;
    let labelScore = -1;
    for (const m of cl.members) {
      const score = cl.normSq > 0 ? dot(vectors[m]!, cl.centroid) / Math.sqrt(cl.normSq) : 1;
      const cur = distinct[label]!;
      const cand = distinct[m]!;
      // Closest to the centroid; ties go to the more frequent, then the shorter phrasing.
      if (
        score > labelScore + 1e-9 ||
        (Math.abs(score - labelScore) <= 1e-9 && (cand.count > cur.count || (cand.count === cur.count && cand.norm.length < cur.norm.length)))
      ) {
        label = m;
        labelScore = score;
      }
    }
    const top = [...cl.centroid.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([t]) => t)
      .sort();
    const signature = top.length ? top.join(" ") : distinct[label]!.norm;
    const pairs: { id: string; at: Date }[] = [];
    let lastAt = distinct[cl.members[0]!]!.lastAt;
    for (const m of cl.members) {
      const d = distinct[m]!;
      d.ids.forEach((id, k) => pairs.push({ id, at: d.ats[k]! }));
      if (d.lastAt > lastAt) lastAt = d.lastAt;
    }
    pairs.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      key: `q${fnv1a32(signature).toString(36)}${fnv1a32(signature, 0x9747b28c).toString(36)}`,
      label: distinct[label]!.text,
      count: cl.count,
      lastAt,
      itemIds: pairs.map((p) => p.id),
    };
  });
  return result.sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
