/**
 * A small English shop FAQ (question, other phrasings, answer) with two phrasings an entry: enough
 * entries for the knowledge base to be calibrated (knowledge/calibration.ts), shared by the
 * integration and browser tests so both measure the same knowledge.
 */
export const SHOP_FAQ: readonly (readonly [question: string, alternatives: readonly string[], answer: string])[] = [
  ["How do I get a refund for my order?", ["I want my money back"], "Open the order and choose Refund."],
  ["How long does shipping take?", ["When will my parcel arrive"], "Parcels arrive in 3 to 5 working days."],
  ["I forgot my password", ["How can I reset my password?"], "Use the reset link on the sign-in page."],
  ["Can I get an invoice for my purchase?", ["Where do I download invoices"], "Invoices are under Account, Orders."],
  ["How do I cancel my subscription?", ["Stop my monthly plan"], "Cancel it under Account, Plan."],
  ["How do I change my delivery address?", ["Update shipping address"], "Edit the address before the order ships."],
  ["Which payment methods do you accept?", ["Can I pay with a credit card"], "Cards, PayPal and bank transfer."],
  ["How can I contact customer support?", ["Talk to a person"], "Write to support@example.com."],
];
