import { describe, expect, it } from "vitest";
import { evaluateRules } from "../escalation";
import { clock, makeRule, makeState } from "../escalation/test-fixtures";
import { checkPrechatAnswers, pendingPrechat, prechatAnswerList, storedPrechatAnswers, withPrechatAnswers } from "./answers";
import { DEFAULT_PRECHAT_FORM, prechatFields, storedPrechatForm, verifiedKeys, ZPrechatForm, type PrechatForm } from "./form";

const form: PrechatForm = {
  enabled: true,
  name: "required",
  email: "optional",
  phone: "optional",
  customFields: [
    { key: "plan", label: "Your plan", type: "select", options: ["Free", "Pro"], required: true },
    { key: "order_number", label: "Order number", type: "text", options: [], required: false },
  ],
};

describe("pre-chat form config", () => {
  it("accepts a form with built-in and custom fields, and drops a text field's options", () => {
    const parsed = ZPrechatForm.parse({ ...form, customFields: [{ key: "topic", label: "Topic", type: "text", options: ["x"], required: false }] });
    expect(parsed.customFields[0]!.options).toEqual([]);
    expect(ZPrechatForm.parse(DEFAULT_PRECHAT_FORM)).toEqual(DEFAULT_PRECHAT_FORM);
  });

  it.each([
    ["six custom fields", { customFields: Array.from({ length: 6 }, (_, i) => ({ key: `f${i}`, label: "F", type: "text", required: false })) }],
    ["a duplicate key", { customFields: [form.customFields[0], { ...form.customFields[1], key: "plan" }] }],
    ["a built-in key", { customFields: [{ key: "email", label: "Mail", type: "text", required: false }] }],
    ["a key with capitals or spaces", { customFields: [{ key: "Order no", label: "Order", type: "text", required: false }] }],
    ["a select without options", { customFields: [{ key: "plan", label: "Plan", type: "select", options: [], required: false }] }],
    ["a select with the same option twice", { customFields: [{ key: "plan", label: "Plan", type: "select", options: ["A", "A"], required: false }] }],
    ["an empty label", { customFields: [{ key: "plan", label: " ", type: "text", required: false }] }],
    ["an enabled form that asks nothing", { name: "off", email: "off", phone: "off", customFields: [] }],
    ["an unknown mode", { name: "sometimes" }],
  ])("refuses %s", (_, change) => {
    expect(ZPrechatForm.safeParse({ ...form, ...change }).success).toBe(false);
  });

  it("reads a malformed stored form as no form", () => {
    expect(storedPrechatForm(null)).toBeNull();
    expect(storedPrechatForm({ enabled: true })).toBeNull();
    expect(storedPrechatForm(form)).toEqual(form);
  });

  it("lists the fields in order, leaving out what the website signed", () => {
    expect(prechatFields(form).map((f) => f.key)).toEqual(["name", "email", "phone", "plan", "order_number"]);
    expect(prechatFields({ ...form, enabled: false })).toEqual([]);
    const skip = verifiedKeys({ name: "Ada", email: "ada@example.com" }, true);
    expect(prechatFields(form, skip).map((f) => f.key)).toEqual(["phone", "plan", "order_number"]);
    expect(verifiedKeys({ name: "Ada" }, false).size).toBe(0);
  });
});

describe("checking a visitor's answers", () => {
  it("keeps valid answers, trimmed, and leaves out empty optional ones", () => {
    const check = checkPrechatAnswers(form, { name: "  Ada ", email: "ada@example.com", phone: "", plan: "Pro" });
    expect(check).toEqual({ ok: true, values: { name: "Ada", email: "ada@example.com", plan: "Pro" } });
  });

  it("names each refused field with its reason", () => {
    const check = checkPrechatAnswers(form, { email: "not-an-address", plan: "Enterprise", order_number: "x".repeat(201), extra: "1" });
    expect(check).toEqual({
      ok: false,
      errors: { name: "required", email: "invalid_email", plan: "not_an_option", order_number: "too_long", extra: "unknown_field" },
    });
  });

  it("refuses a second line and whitespace-only required answers", () => {
    expect(checkPrechatAnswers(form, { name: "Ada\nEvil", plan: "Pro" })).toEqual({ ok: false, errors: { name: "invalid_text" } });
    expect(checkPrechatAnswers(form, { name: "   ", plan: "Pro" })).toEqual({ ok: false, errors: { name: "required" } });
  });

  it("stores phone numbers in E.164, reading local numbers in the bot's country", () => {
    expect(checkPrechatAnswers(form, { name: "A", plan: "Free", phone: "+44 20 7946 0958" })).toMatchObject({ ok: true, values: { phone: "+442079460958" } });
    expect(checkPrechatAnswers(form, { name: "A", plan: "Free", phone: "138 0013 8000" }, { defaultCountry: "CN" })).toMatchObject({
      ok: true,
      values: { phone: "+8613800138000" },
    });
    expect(checkPrechatAnswers(form, { name: "A", plan: "Free", phone: "12345" })).toEqual({ ok: false, errors: { phone: "invalid_phone" } });
  });

  it("refuses a field the website signed, and anything when the form is off", () => {
    const skipKeys = new Set(["name"]);
    expect(checkPrechatAnswers(form, { name: "Mallory", plan: "Pro" }, { skipKeys })).toEqual({ ok: false, errors: { name: "unknown_field" } });
    expect(checkPrechatAnswers(form, { plan: "Pro" }, { skipKeys })).toEqual({ ok: true, values: { plan: "Pro" } });
    expect(checkPrechatAnswers(null, { name: "Ada" })).toEqual({ ok: false, errors: { name: "unknown_field" } });
  });

  it("knows when the form is still to be sent", () => {
    expect(pendingPrechat(form, null, new Set())?.fields.map((f) => f.key)).toEqual(["name", "email", "phone", "plan", "order_number"]);
    // The visitor's own form: without what the website signed.
    expect(pendingPrechat(form, null, new Set(["name"]))?.fields.map((f) => f.key)).toEqual(["email", "phone", "plan", "order_number"]);
    expect(pendingPrechat(form, {}, new Set())).toBeNull();
    expect(pendingPrechat({ ...form, enabled: false }, null, new Set())).toBeNull();
    const onlyName = { ...form, email: "off", phone: "off", customFields: [] } satisfies PrechatForm;
    expect(pendingPrechat(onlyName, null, new Set(["name"]))).toBeNull();
    expect(storedPrechatAnswers({ a: "x", b: 3 })).toEqual({ a: "x" });
  });
});

describe("answers as attributes", () => {
  it("fill keys the website did not give; the website's value wins", () => {
    expect(withPrechatAnswers({ plan: "Enterprise" }, { plan: "Free", name: "Ada" })).toEqual({
      attributes: { plan: "Enterprise", name: "Ada" },
      fromForm: ["name"],
    });
    expect(withPrechatAnswers({ a: 1 }, null)).toEqual({ attributes: { a: 1 }, fromForm: [] });
  });

  it("feed rules, but never a rule that needs verified attributes", () => {
    const pro = (verifiedOnly: boolean) =>
      makeRule("pro", 0, { all: [{ kind: "attribute", key: "plan", op: "eq", value: "Pro", verifiedOnly }] }, [{ kind: "handoff" }]);
    // The website signed its attributes (tier), the visitor typed their plan into the form.
    const { attributes, fromForm } = withPrechatAnswers({ tier: "gold" }, { plan: "Pro" });
    const state = makeState({ attributesVerified: true, unverifiedAttributeKeys: fromForm });
    expect(evaluateRules([pro(false)], state, attributes, clock).escalate).toBe(true);
    expect(evaluateRules([pro(true)], state, attributes, clock).escalate).toBe(false);
    expect(evaluateRules([pro(true)], makeState({ attributesVerified: true }), { plan: "Pro" }, clock).escalate).toBe(true);
  });
});

describe("answers as agents read them", () => {
  it("follow the form's order with its labels; answers to removed fields come last", () => {
    expect(prechatAnswerList(form, { old_field: "x", plan: "Pro", name: "Ada" })).toEqual([
      { key: "name", label: null, value: "Ada" },
      { key: "plan", label: "Your plan", value: "Pro" },
      { key: "old_field", label: null, value: "x" },
    ]);
    expect(prechatAnswerList(form, null)).toEqual([]);
  });
});
