import { type DemoBot } from "./script.ts";

/** The demo's English bot: a tea shop's assistant, its knowledge and a few weeks of visitors. */
export const ENGLISH_BOT: DemoBot = {
  name: "Tea Shop Assistant",
  language: "en",
  greeting: "Hi! I'm the Harbor Leaf Tea assistant, an AI. Ask me about orders, delivery, returns or brewing.",
  instructions: "Answer briefly and warmly. Only answer from the shop's knowledge.",
  brandColor: "#0f766e",
  faq: [
    {
      question: "How long does shipping take?",
      alternatives: ["When will my order arrive?", "delivery time"],
      answer: "Orders leave our warehouse within one working day and arrive in 3 to 5 working days. Express delivery (1 to 2 days) can be chosen at checkout.",
    },
    {
      question: "How much is shipping?",
      alternatives: ["Is delivery free?", "shipping cost"],
      answer: "Shipping is free on orders over $49. Below that, standard delivery costs $5.90 and express $12.",
    },
    {
      question: "Can I return an item?",
      alternatives: ["What is your return policy?", "I want to send something back"],
      answer: "Yes. Unopened tea and teaware can be returned within 30 days for a full refund. Write to us with your order number and we send you a free return label.",
    },
    {
      question: "When will I get my refund?",
      alternatives: ["How long does a refund take?"],
      answer: "Refunds are paid to the original payment method within 5 working days after the return reaches us.",
    },
    {
      question: "How can I track my order?",
      alternatives: ["Where is my parcel?", "tracking number"],
      answer: "You get a tracking link by e-mail when the order ships. You can also find it under Account → Orders.",
    },
    {
      question: "Can I change my delivery address?",
      alternatives: ["I entered the wrong address"],
      answer: "Yes, as long as the order has not shipped: open it under Account → Orders and choose Edit address, or ask a person here.",
    },
    {
      question: "Which payment methods do you accept?",
      alternatives: ["Can I pay with PayPal?", "Do you take Alipay?"],
      answer: "We accept Visa, Mastercard, American Express, PayPal, Alipay and WeChat Pay.",
    },
    {
      question: "How should I store tea?",
      alternatives: ["How long does tea keep?"],
      answer: "Keep tea in an airtight tin, away from light, heat and strong smells. Green tea is best within 6 months; black tea and oolong keep for a year or more.",
    },
    {
      question: "Do you have a loyalty programme?",
      alternatives: ["How do points work?"],
      answer: "Every dollar you spend earns one leaf point; 100 points are worth $5 off your next order. Points are kept for 12 months.",
    },
  ],
  document: {
    title: "Brewing guide",
    content: `# Brewing guide

## Green tea
Use water at 75–80 °C, not boiling: boiling water makes green tea bitter. Use 2 g of leaves for 150 ml and steep for 1 to 2 minutes. The leaves can be steeped two or three times.

## Black tea
Use freshly boiled water (95–100 °C), 2.5 g of leaves for 200 ml, and steep for 3 to 5 minutes. Add milk after steeping if you like.

## Oolong
Use water at 90–95 °C. Rinse the leaves once with hot water, then steep for 30 to 60 seconds and lengthen each following steep a little. Good oolong gives five or more infusions.

## Pu-erh
Rinse twice with boiling water to wake the leaves, then steep for 10 to 20 seconds at first. Aged pu-erh can be steeped ten times or more.
`,
  },
  rule: {
    name: "Damaged parcel: hand to a person at once",
    conditions: { all: [{ kind: "keyword", any: ["damaged", "broken", "leaking", "crushed"] }] },
    actions: [{ kind: "handoff" }, { kind: "set_priority", priority: "high" }, { kind: "add_tags", tags: ["damaged-parcel"] }],
  },
  conversations: [
    {
      when: { daysAgo: 20, at: "10:12" },
      attributes: { country: "United Kingdom" },
      steps: [{ ask: "How long does shipping take?" }, { vote: "up" }, { ask: "Is delivery free?" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 19, at: "15:40" },
      steps: [{ ask: "Do you sell gift cards?" }, { wait: 1 }, { human: true }, { wait: 4 }, { agent: "Hi, I'm Mei from Harbor Leaf. We don't sell gift cards yet, but a gift box with a handwritten card is on the way for December." }, { wait: 3 }, { resolve: true }, { rate: 4, comment: "Friendly, shame there are no gift cards." }],
    },
    {
      when: { daysAgo: 17, at: "09:05" },
      steps: [{ ask: "Can I return an item?" }, { vote: "down", reason: "incomplete", comment: "What about tea I have already opened?" }],
    },
    {
      when: { daysAgo: 16, at: "20:31" },
      attributes: { plan: "loyalty" },
      steps: [{ ask: "How long does a refund take?" }, { vote: "up" }, { end: true }, { rate: 5, comment: "Exactly what I needed." }],
    },
    {
      when: { daysAgo: 14, at: "11:47" },
      attributes: { order: "#1007" },
      steps: [{ ask: "My parcel arrived damaged, the tin is crushed" }, { wait: 2 }, { agent: "I'm sorry about that! Could you send a photo of the tin to support@harborleaf.example? We'll ship a replacement today." }, { wait: 6 }, { agent: "Your replacement has shipped, tracking number HL-88213." }, { wait: 2 }, { resolve: true }, { rate: 5, comment: "Quick replacement, thank you!" }],
    },
    {
      when: { daysAgo: 13, at: "14:02" },
      steps: [{ ask: "Can I buy a gift card for my sister?" }],
    },
    {
      when: { daysAgo: 12, at: "08:55" },
      steps: [{ ask: "Do you ship to Canada?" }, { ask: "What about delivery to Toronto?" }, { ask: "Can I talk to a human please?" }, { wait: 9 }, { agent: "Hello! Yes, we ship to Canada: 7 to 10 working days, $15 flat." }, { wait: 5 }, { resolve: true }, { rate: 3 }],
    },
    {
      when: { daysAgo: 10, at: "16:20" },
      steps: [{ ask: "Where is my parcel?" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 9, at: "13:15" },
      steps: [{ ask: "Which payment methods do you accept?" }, { vote: "down", reason: "wrong", comment: "I asked about paying in instalments." }, { end: true }, { rate: 2, comment: "The bot did not understand me." }],
    },
    {
      when: { daysAgo: 7, at: "10:40" },
      steps: [{ ask: "green tea water temperature" }, { choose: "Green tea" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 6, at: "19:03" },
      steps: [{ ask: "How many times can I steep oolong leaves?" }, { choose: "Oolong" }, { vote: "up" }, { ask: "loyalty points" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 5, at: "12:30" },
      steps: [{ ask: "Do you offer wholesale prices for cafés?" }, { human: true }, { wait: 12 }, { agent: "Hi! Yes, cafés get 25% off from 5 kg a month. I've sent our wholesale list to the e-mail you gave us." }, { wait: 4 }, { resolve: true }, { rate: 5, comment: "Great, thanks Mei." }],
    },
    {
      when: { daysAgo: 3, at: "17:45" },
      steps: [{ ask: "When will I get my refund?" }, { vote: "up" }, { ask: "I entered the wrong address" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 2, at: "09:20" },
      steps: [{ ask: "Do you sell gift vouchers?" }, { ask: "Do you have a shop in London?" }],
    },
    {
      when: { daysAgo: 1, at: "15:10" },
      steps: [{ ask: "How should I store tea?" }, { vote: "up" }],
    },
    // Waiting in the inbox right now: nobody has answered yet.
    {
      when: { minutesAgo: 6 },
      attributes: { order: "#1042", email: "sam.taylor@example.com" },
      steps: [{ ask: "My order #1042 has not arrived after two weeks" }, { ask: "I'd like to speak to a person" }],
    },
  ],
};
