import { describe, expect, it } from "vitest";
import { BUILTIN_PII_KINDS, detectPii } from "./detect";

/**
 * A labelled corpus of visitor messages in Chinese and English: personal data to find, and near
 * misses that must be left alone (order numbers, prices, dates, versions, hotlines, numbers whose
 * checksum fails). Prints precision and recall per kind and holds them above floors.
 *
 * Decided here: "version 1.2.3.4" / "版本 1.2.3.4" / "v1.2.3.4" is a version, not an IP address;
 * 400/800 hotlines are the business's numbers, not a person's; a 16-digit number right after
 * "order"/"订单" is an order number even when its Luhn digit happens to pass.
 */
type Case = [text: string, expected: [kind: string, value: string][]];

const POSITIVES: Case[] = [
  // E-mail
  ["My email is john.smith@example.com, please reply there.", [["EMAIL", "john.smith@example.com"]]],
  ["邮箱：ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", [["EMAIL", "ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"]]],
  ["我的邮箱是zhangsan_88@qq.com，谢谢", [["EMAIL", "zhangsan_88@qq.com"]]],
  ["Send it to a.b-c+tag@mail.example.co.uk.", [["EMAIL", "a.b-c+tag@mail.example.co.uk"]]],
  ["联系：LI.Wei@Company.COM.CN 或者电话", [["EMAIL", "LI.Wei@Company.COM.CN"]]],
  ["emails: x@y.io and support2@shop-online.net", [["EMAIL", "x@y.io"], ["EMAIL", "support2@shop-online.net"]]],
  // CN mobile
  ["我的手机号是13812345678，请回电", [["PHONE", "13812345678"]]],
  ["电话 138 1234 5678", [["PHONE", "138 1234 5678"]]],
  ["call me on +86 139-0000-1111 tomorrow", [["PHONE", "+86 139-0000-1111"]]],
  ["手机：+8615912345678", [["PHONE", "+8615912345678"]]],
  ["号码18600001234和17712345678都可以", [["PHONE", "18600001234"], ["PHONE", "17712345678"]]],
  ["You can text 19912345678.", [["PHONE", "19912345678"]]],
  // CN landline
  ["座机010-12345678，工作日可打", [["PHONE", "010-12345678"]]],
  ["office (0755) 2345 6789? no: (0755)23456789", [["PHONE", "(0755)23456789"]]],
  ["请拨打021 64567890转123", [["PHONE", "021 64567890转123"]]],
  ["我家电话是057188776655", [["PHONE", "057188776655"]]],
  ["Tel: +86 10 6552 9988", [["PHONE", "+86 10 6552 9988"]]],
  ["全角手机号１３８１２３４５６７８", [["PHONE", "１３８１２３４５６７８"]]],
  // A national number of another country without its country code is not looked for (known miss).
  ["US office (415) 555-2671", [["PHONE", "(415) 555-2671"]]],
  // International
  ["Call me at +1 415-555-2671 after 5pm", [["PHONE", "+1 415-555-2671"]]],
  ["My UK number is +44 20 7946 0958.", [["PHONE", "+44 20 7946 0958"]]],
  ["日本の番号 +81 3-1234-5678 です", [["PHONE", "+81 3-1234-5678"]]],
  ["香港电话 +852 9123 4567", [["PHONE", "+852 9123 4567"]]],
  // Resident ID
  ["身份证号11010519491231002X", [["ID_NUMBER", "11010519491231002X"]]],
  ["my ID is 44030419900307123x ok", [["ID_NUMBER", "44030419900307123x"]]],
  ["身份证：310115198511205614，姓名张三", [["ID_NUMBER", "310115198511205614"]]],
  ["证件号 510107197202292112（1972年闰日）", [["ID_NUMBER", "510107197202292112"]]],
  ["ID 330102 19881015 7343", [["ID_NUMBER", "330102 19881015 7343"]]],
  ["身份证110101200002290018", [["ID_NUMBER", "110101200002290018"]]],
  // Bank cards
  ["银行卡号6222021234567890128，开户行工行", [["BANK_CARD", "6222021234567890128"]]],
  ["card 4532 0151 1283 0366 exp 12/28", [["BANK_CARD", "4532 0151 1283 0366"]]],
  ["Mastercard 5105-1051-0510-5100", [["BANK_CARD", "5105-1051-0510-5100"]]],
  ["Amex 3782 822463 10005", [["BANK_CARD", "3782 822463 10005"]]],
  ["卡号：6217 0012 3456 7893", [["BANK_CARD", "6217 0012 3456 7893"]]],
  ["退款到6011111111111117就行", [["BANK_CARD", "6011111111111117"]]],
  ["JCB 3566002020360505", [["BANK_CARD", "3566002020360505"]]],
  // Passports
  ["护照号码E12345678", [["PASSPORT", "E12345678"]]],
  ["passport G87654321 expires 2030", [["PASSPORT", "G87654321"]]],
  ["新版护照EA1234567", [["PASSPORT", "EA1234567"]]],
  ["My passport number is 123456789.", [["PASSPORT", "123456789"]]],
  ["UK passport no. 502135326", [["PASSPORT", "502135326"]]],
  ["German passport: C01X00T47", [["PASSPORT", "C01X00T47"]]],
  ["护照 K1234567 (外国)", [["PASSPORT", "K1234567"]]],
  // IP addresses
  ["My IP is 203.0.113.45, blocked?", [["IP", "203.0.113.45"]]],
  ["我的IP地址是192.168.1.10。", [["IP", "192.168.1.10"]]],
  ["server 10.0.0.1 and 8.8.8.8", [["IP", "10.0.0.1"], ["IP", "8.8.8.8"]]],
  ["IPv6 2001:db8:85a3::8a2e:370:7334 cannot connect", [["IP", "2001:db8:85a3::8a2e:370:7334"]]],
  ["地址 fe80::1ff:fe23:4567:890a 是本机", [["IP", "fe80::1ff:fe23:4567:890a"]]],
  ["mapped ::ffff:192.0.2.128 shows", [["IP", "::ffff:192.0.2.128"]]],
  ["full 2001:0db8:0000:0000:0000:ff00:0042:8329 here", [["IP", "2001:0db8:0000:0000:0000:ff00:0042:8329"]]],
  // Mixed
  [
    "我叫王芳，手机13912345678，邮箱wangfang@163.com，身份证330102198810157343",
    [["PHONE", "13912345678"], ["EMAIL", "wangfang@163.com"], ["ID_NUMBER", "330102198810157343"]],
  ],
  ["Refund card 5105105105105100 to jane@doe.org, phone +44 20 7946 0958", [["BANK_CARD", "5105105105105100"], ["EMAIL", "jane@doe.org"], ["PHONE", "+44 20 7946 0958"]]],
];

const NEGATIVES: string[] = [
  // Order numbers, tracking numbers, SKUs
  "我的订单号是202612031234567，什么时候发货？",
  "Order #2026120312345678 has not arrived",
  "订单号 6200123456789010 还没到",
  "运单号SF1234567890123查不到",
  "tracking number 1Z999AA10123456784",
  "SKU 88001234 is out of stock",
  // Dates and times
  "I ordered on 2026-12-03 at 14:30:15",
  "2026年12月3日下午3点",
  "会议时间 12:30:45 到 13:00",
  "Date 20261203, ref 19900307",
  // Prices and quantities
  "价格是1299.00元，优惠后999元",
  "It costs $1,234.56 or ¥8888",
  "weight 12.5kg, size 30x40x50",
  // Versions that look like IP addresses
  "Please update to version 1.2.3.4 first",
  "固件版本 2.10.3.1 有问题",
  "App v4.5.6.7 crashes on launch",
  "build 10.0.19045.3803",
  // Checksum failures
  "身份证号110105194912310021",
  "证件 110105194902301234",
  "号码110105194913311235",
  "990105194912311237 is not an ID",
  "card 6222021234567891 was declined",
  "4532015112830367 failed",
  // Phone look-alikes
  "客服热线 400-820-8820，全国免费",
  "toll free 800-123-4567",
  "The code is 12345678901 (not a phone)",
  "序列号 02012345678 在机身背面",
  "短号 10086",
  "quantity 13800",
  // Passport look-alikes without the keyword
  "model number 123456789 of the fridge",
  "coupon E1234567890 expired",
  "产品编号 G123456789",
  // Other text
  "My name is Li Lei and I live in Shanghai",
  "email me at the address on file",
  "ratio 1:2:3 and time 10:20",
  "C++ std::vector<int> is fine",
  "The answer is [PHONE_1] placeholder text",
  "编号 ABC-123-456 的商品",
  "score 99.9.9 invalid",
  "IP 999.1.1.1 is not valid",
];

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function score() {
  const tally = new Map<string, Tally>(BUILTIN_PII_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const misses: string[] = [];
  const cases: Case[] = [...POSITIVES, ...NEGATIVES.map((text): Case => [text, []])];
  for (const [text, expected] of cases) {
    const found = detectPii(text).map((s) => `${s.kind}\u0000${s.value}`);
    const wanted = expected.map(([kind, value]) => `${kind}\u0000${value}`);
    for (const f of found) {
      const kind = f.split("\u0000")[0]!;
      if (wanted.includes(f)) tally.get(kind)!.tp++;
      else {
        tally.get(kind)!.fp++;
        misses.push(`false positive ${f.replace("\u0000", " ")} in: ${text}`);
      }
    }
    for (const w of wanted) {
      if (!found.includes(w)) {
        tally.get(w.split("\u0000")[0]!)!.fn++;
        misses.push(`missed ${w.replace("\u0000", " ")} in: ${text}`);
      }
    }
  }
  return { tally, misses };
}

describe("PII detection corpus (zh + en)", () => {
  const { tally, misses } = score();
  const rows = [...tally].map(([kind, t]) => {
    const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
    const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
    return { kind, ...t, precision: Number(precision.toFixed(3)), recall: Number(recall.toFixed(3)) };
  });
  console.log(`PII corpus: ${POSITIVES.length} messages with personal data, ${NEGATIVES.length} near misses`);
  console.table(rows);
  if (misses.length) console.log(misses.join("\n"));

  it.each(rows)("$kind: precision and recall at or above their floors", (row) => {
    expect(row.tp).toBeGreaterThan(0);
    expect(row.precision).toBeGreaterThanOrEqual(0.95);
    expect(row.recall).toBeGreaterThanOrEqual(0.9);
  });
});
