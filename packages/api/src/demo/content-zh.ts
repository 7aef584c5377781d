import { type DemoBot } from "./script.ts";

/** The demo's Chinese bot: the same tea shop, its own knowledge and visitors. */
export const CHINESE_BOT: DemoBot = {
  name: "茶铺小助手",
  language: "zh",
  greeting: "您好！我是港叶茶铺的 AI 助手，订单、配送、退换货和冲泡方法都可以问我。",
  instructions: "回答简短亲切，只根据店铺的知识库回答。",
  brandColor: "#b45309",
  faq: [
    {
      question: "下单后多久发货？",
      alternatives: ["什么时候发货", "几天能到"],
      answer: "付款后 24 小时内发货，江浙沪一般次日送达，其他地区 2 到 4 天送达。",
    },
    {
      question: "运费怎么算？",
      alternatives: ["包邮吗", "邮费多少"],
      answer: "订单满 99 元包邮；不满 99 元收取 8 元运费。新疆、西藏等偏远地区另加 10 元。",
    },
    {
      question: "可以退换货吗？",
      alternatives: ["怎么退货", "不想要了能退吗"],
      answer: "未拆封的茶叶和茶具，签收后 7 天内可以无理由退换。请在“我的订单”中申请售后，我们会安排快递上门取件。",
    },
    {
      question: "退款多久到账？",
      alternatives: ["钱什么时候退回来"],
      answer: "我们收到退货并确认无误后 1 个工作日内退款，原路返回，一般 1 到 3 个工作日到账。",
    },
    {
      question: "怎么查物流？",
      alternatives: ["我的快递到哪了", "物流信息在哪看"],
      answer: "发货后会短信通知您快递单号，也可以在“我的订单”里查看实时物流。",
    },
    {
      question: "可以修改收货地址吗？",
      alternatives: ["地址填错了"],
      answer: "订单发货前可以修改：在“我的订单”中点击“修改地址”，或者直接联系人工客服。发货后就无法修改了。",
    },
    {
      question: "可以开发票吗？",
      alternatives: ["怎么开发票", "需要发票"],
      answer: "可以开电子普通发票或增值税专用发票。确认收货后在订单详情中申请，电子发票 3 个工作日内发到您的邮箱。",
    },
    {
      question: "茶叶怎么保存？",
      alternatives: ["茶叶放多久会坏", "茶叶要放冰箱吗"],
      answer: "茶叶要密封、避光、防潮、远离异味。绿茶建议放冰箱冷藏，半年内喝完；红茶、乌龙常温密封保存即可，普洱需要通风。",
    },
    {
      question: "会员积分怎么用？",
      alternatives: ["积分有什么用"],
      answer: "每消费 1 元积 1 分，100 积分可抵 5 元，下单时直接抵扣。积分有效期 12 个月。",
    },
  ],
  document: {
    title: "冲泡指南",
    content: `# 冲泡指南

## 绿茶
水温 75 到 80 度即可，不要用沸水，否则茶汤会发苦。150 毫升水放 2 克茶叶，浸泡 1 到 2 分钟，可以续泡两三次。

## 红茶
用刚烧开的水（95 到 100 度），200 毫升水放 2.5 克茶叶，浸泡 3 到 5 分钟。喜欢奶茶的话，泡好后再加牛奶。

## 乌龙茶
水温 90 到 95 度。先用热水温润泡一次，再泡 30 到 60 秒，之后每泡稍微延长时间。好的乌龙茶可以泡五次以上。

## 普洱茶
先用沸水洗茶两次，第一泡只需 10 到 20 秒。陈年普洱可以泡十次以上。
`,
  },
  rule: {
    name: "包裹破损：立即转人工",
    conditions: { all: [{ kind: "keyword", any: ["破损", "压坏", "摔坏", "漏了"] }] },
    actions: [{ kind: "handoff" }, { kind: "set_priority", priority: "high" }, { kind: "add_tags", tags: ["包裹破损"] }],
  },
  conversations: [
    {
      when: { daysAgo: 21, at: "09:30" },
      attributes: { city: "杭州" },
      steps: [{ ask: "下单后多久发货？" }, { vote: "up" }, { ask: "包邮吗" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 18, at: "21:15" },
      steps: [{ ask: "你们有礼品卡吗" }, { wait: 1 }, { human: true }, { wait: 3 }, { agent: "您好，我是客服小林。目前还没有礼品卡，不过可以选购礼盒并附上手写贺卡哦。" }, { wait: 4 }, { resolve: true }, { rate: 4, comment: "客服很耐心，希望以后能出礼品卡。" }],
    },
    {
      when: { daysAgo: 17, at: "10:05" },
      steps: [{ ask: "怎么退货" }, { vote: "down", reason: "incomplete", comment: "拆封了的茶叶能不能退没说清楚。" }],
    },
    {
      when: { daysAgo: 15, at: "14:48" },
      attributes: { membership: "金卡会员" },
      steps: [{ ask: "泡绿茶用多少度的水？" }, { vote: "up" }, { end: true }, { rate: 5, comment: "讲得很清楚，谢谢！" }],
    },
    {
      when: { daysAgo: 13, at: "16:22" },
      attributes: { order: "20261118-3305" },
      steps: [{ ask: "收到的茶叶罐被压坏了" }, { wait: 3 }, { agent: "非常抱歉！麻烦您拍张照片发给我们，我们今天就给您补发一罐新的。" }, { wait: 8 }, { agent: "已经为您补发，顺丰单号 SF1029384756，请注意查收。" }, { wait: 2 }, { resolve: true }, { rate: 5, comment: "处理得很快，点赞！" }],
    },
    {
      when: { daysAgo: 12, at: "11:11" },
      steps: [{ ask: "你们卖礼品卡吗" }],
    },
    {
      when: { daysAgo: 11, at: "20:40" },
      steps: [{ ask: "可以寄到香港吗" }, { ask: "有储值卡吗" }, { ask: "转人工" }, { wait: 15 }, { agent: "您好，香港可以寄，运费 25 元，一般 3 到 5 天送达。" }, { wait: 6 }, { resolve: true }, { rate: 3 }],
    },
    {
      when: { daysAgo: 9, at: "08:45" },
      steps: [{ ask: "我的快递到哪了" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 8, at: "13:36" },
      steps: [{ ask: "可以开发票吗？" }, { vote: "down", reason: "not_understood", comment: "我想问的是能不能开公司抬头。" }, { end: true }, { rate: 2, comment: "机器人没听懂我的问题。" }],
    },
    {
      when: { daysAgo: 7, at: "15:05" },
      steps: [{ ask: "积分" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 5, at: "19:50" },
      steps: [{ ask: "乌龙茶能泡几次？" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 4, at: "10:18" },
      steps: [{ ask: "公司团购有优惠吗" }, { human: true }, { wait: 10 }, { agent: "您好！团购满 20 份可以打八五折，我把报价单发到您留的邮箱了。" }, { wait: 5 }, { resolve: true }, { rate: 5, comment: "回复及时，很专业。" }],
    },
    {
      when: { daysAgo: 3, at: "22:05" },
      steps: [{ ask: "退款多久到账？" }, { vote: "up" }, { ask: "地址填错了" }, { vote: "up" }],
    },
    {
      when: { daysAgo: 2, at: "12:12" },
      steps: [{ ask: "礼品卡可以在线买吗" }],
    },
    {
      when: { daysAgo: 1, at: "09:58" },
      steps: [{ ask: "茶叶要放冰箱吗" }, { vote: "up" }],
    },
    // Waiting in the inbox right now.
    {
      when: { minutesAgo: 3 },
      attributes: { order: "20261201-0420" },
      steps: [{ ask: "怎么查物流？" }, { ask: "物流三天没更新了，我要找人工客服" }],
    },
  ],
};
