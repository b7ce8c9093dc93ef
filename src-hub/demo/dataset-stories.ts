/**
 * Conversation templates for the demo dataset. The fictional merchant is "Brightside", an online
 * shop for home and outdoor gear with a paid "Brightside Plus" membership.
 *
 * A story is an ordered list of steps: `c` = the customer writes (inbound), `a` = an agent replies
 * (outbound), `n` = an internal note. Each step has several wordings (`say`); `email` holds longer
 * e-mail wordings (paragraphs separated by a blank line) and `phone` wordings for call transcripts.
 * Steps sharing an `opt` group are kept or dropped together, so threads vary in length (2–8) without
 * a question ever being left hanging in a resolved thread. Variants of one step are written so they
 * read naturally after any variant of the step before.
 *
 * Placeholders, filled per conversation: {first} customer's first name, {agent} the agent's first
 * name, {order} {order2} {amount} {fee} {product} {carrier} {tracking} {day} {days} {city} {last4}
 * {invoice} {plan} {code} {device} {browser} {appver} {bugno} {sku} {ticket} {feature} {billto}
 * {email} {phone} {tz}.
 */
import type { Channel } from '#shared/domain/conversation.ts';
import type { TeamKey } from './dataset-people.ts';

export type StepBy = 'c' | 'a' | 'n';
export type AttachKind = 'screenshot' | 'receipt' | 'invoice' | 'photos' | 'statement';

export interface StoryStep {
  readonly by: StepBy;
  readonly say: readonly string[];
  readonly email?: readonly string[];
  readonly phone?: readonly string[];
  /** Optional group id: all steps with the same id are kept or dropped together. */
  readonly opt?: number;
  /** E-mail only: the message carries attachments of this kind. */
  readonly attach?: AttachKind;
  /** Phone only: this step is a voicemail (never merged into a live call). */
  readonly voicemail?: boolean;
  /** The customer confirms it's solved: open threads are never cut at or after this step. */
  readonly done?: boolean;
}

export interface Story {
  readonly key: string;
  readonly team: TeamKey;
  readonly weight: number;
  readonly subjects: readonly string[];
  readonly tags: readonly string[];
  /** Each is added with some probability. */
  readonly extraTags: readonly string[];
  readonly channels: Partial<Record<Channel, number>>;
  /** 0..1: how much more often this topic is high/urgent. */
  readonly urgency?: number;
  /** {product} is drawn from the electronics subset. */
  readonly electronics?: boolean;
  /** Sanitizer exercise: the first inbound e-mail may carry hostile markup (see dataset.ts). */
  readonly hostile?: 'onerror' | 'script';
  readonly steps: readonly StoryStep[];
}

export const STORIES: readonly Story[] = [
  {
    key: 'delayed-order',
    team: 'support',
    weight: 14,
    subjects: [
      "Order #{order} hasn't arrived",
      'Where is my order?',
      'Delivery delayed — order #{order}',
      'Still waiting for my parcel',
    ],
    tags: ['shipping', 'delay'],
    extraTags: ['carrier', 'repeat-contact'],
    channels: { chat: 4, email: 3, whatsapp: 3, sms: 1, phone: 1, api: 0.3 },
    steps: [
      {
        by: 'c',
        say: [
          "My order #{order} was supposed to arrive on {day} and it still hasn't shown up. Can you check where it is?",
          "My parcel (order #{order}) is {days} days late. The tracking page hasn't changed since last week.",
          "Any idea where order #{order} is? It says 'in transit' but nothing is moving.",
          'Still no sign of my {product}. Order #{order}. Could you look into it please?',
        ],
        email: [
          "I placed order #{order} almost two weeks ago and the confirmation said it would arrive by {day}. The tracking link still shows 'label created' and nothing since.\n\nI need the {product} before the weekend, so I'd appreciate it if you could look into this.",
          'My order #{order} ({product}) was due {days} days ago. I have checked with my neighbours and the building reception, and nobody has seen it.\n\nCould you tell me what is going on and whether it has actually been sent?',
        ],
        phone: ["I'm calling about order #{order}, it was due on {day} and I still don't have it."],
      },
      {
        by: 'a',
        say: [
          'Thanks for your patience, {first}. I can see order #{order} left our warehouse and was handed to {carrier}; it looks stuck at their depot. Let me chase them for you.',
          "Sorry about the wait! I've checked with {carrier}: your parcel is at their regional hub and hasn't been scanned for a few days. I'm opening a trace now.",
          "I'm sorry it's late, {first}. The parcel is with {carrier} but tracking has stalled, so I've asked them to investigate.",
        ],
        phone: [
          "I can see the parcel is stuck at the {carrier} depot. I'll chase them today and call you back.",
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          '{carrier} tracking {tracking}: no scan for 4 days. Opened a trace with their business desk.',
          'Carrier backlog at the {city} depot this week — several similar tickets today.',
          'Trace opened with {carrier}, ref {ticket}. Offer a reship if nothing moves by {day}.',
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: [
          'Okay, thanks. Is there anything I can do on my side?',
          'Great, thank you. Please keep me posted.',
          "That's frustrating, but thanks for checking.",
        ],
      },
      {
        by: 'a',
        opt: 2,
        say: [
          "Nothing needed from you for now — I'll update you as soon as {carrier} replies.",
          "I'll keep an eye on it and message you the moment it moves.",
        ],
      },
      {
        by: 'a',
        say: [
          "{carrier} confirmed it's out for delivery tomorrow. Here's the tracking number if you want to follow along: {tracking}.",
          'Good news: the parcel was rescanned this morning and is scheduled for delivery on {day}. Tracking: {tracking}.',
          "Update: {carrier} found the parcel. It's back on the van and should reach you within 1–2 days.",
        ],
      },
      {
        by: 'c',
        opt: 3,
        say: [
          'It arrived today, thank you for your help!',
          'Got it this morning. Thanks {agent}!',
          'Received. Appreciate you chasing it.',
        ],
        done: true,
      },
    ],
  },
  {
    key: 'double-charge',
    team: 'billing',
    weight: 8,
    subjects: [
      'Charged twice for order #{order}',
      'Double payment on my card',
      'Duplicate charge of {amount}',
    ],
    tags: ['billing', 'refund'],
    extraTags: ['payments'],
    channels: { email: 4, chat: 3, phone: 2, whatsapp: 1 },
    urgency: 0.5,
    steps: [
      {
        by: 'c',
        say: [
          "I've been charged twice for order #{order}: two payments of {amount} on my card ending {last4}.",
          'My bank shows the same payment of {amount} twice today. I only placed one order (#{order}).',
          'Why did you take {amount} from my account two times?? Order #{order}.',
        ],
        email: [
          'I just checked my bank statement and there are two identical charges of {amount} from Brightside on the same day, both on my card ending {last4}. I only placed one order, #{order}.\n\nI have attached a screenshot of the statement. Please refund the duplicate as soon as possible.',
          'There is a duplicate charge on my account for order #{order} ({amount}, card ending {last4}). The statement is attached.\n\nI would like the second payment refunded, please.',
        ],
        attach: 'statement',
      },
      {
        by: 'a',
        say: [
          "I'm sorry about that, {first}. Let me look at the payment records for order #{order}.",
          'Thanks for flagging this. I can see two authorisations on your card — give me a moment to check whether both were actually captured.',
        ],
      },
      {
        by: 'n',
        say: [
          'Payment provider shows 2 captures, 3 seconds apart — the checkout retry bug from last week. Refund the second one.',
          'Duplicate capture confirmed in the payment dashboard. Lin approved refund of the second charge.',
        ],
      },
      {
        by: 'a',
        say: [
          "You're right — the second charge went through by mistake. I've refunded {amount} to the card ending {last4}; it usually shows within 3–5 business days.",
          'Confirmed: one of the two payments was a duplicate. The refund of {amount} is on its way and should appear within 5 business days.',
        ],
        phone: [
          "I can confirm the second payment was a duplicate. I've refunded {amount} just now; it should reach your account in 3–5 business days.",
        ],
      },
      {
        by: 'c',
        opt: 1,
        say: [
          'Thank you. Will I get a confirmation email?',
          'Okay. Will I get something in writing for my bank?',
        ],
      },
      {
        by: 'a',
        opt: 1,
        say: [
          "Yes, you'll receive a refund confirmation by email within the hour.",
          'Yes — a refund receipt is on its way to {email}; your bank can use the reference on it.',
        ],
      },
    ],
  },
  {
    key: 'refund-request',
    team: 'billing',
    weight: 8,
    subjects: [
      'Refund for returned {product}',
      'Where is my refund?',
      'Return sent back — order #{order}',
    ],
    tags: ['refund', 'returns'],
    extraTags: ['billing'],
    channels: { email: 4, chat: 3, whatsapp: 2, sms: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "I sent back the {product} from order #{order} two weeks ago and haven't received my refund yet.",
          'I returned my order #{order} on {day}. When will I get my money back?',
          'Return for #{order} was delivered to you {days} days ago according to tracking. No refund yet.',
        ],
        email: [
          'I returned the {product} (order #{order}) using the prepaid label on {day}, and the tracking shows it was delivered to your warehouse. I have not received the refund of {amount} yet.\n\nThe receipt from the drop-off point is attached.',
          'Two weeks ago I sent back order #{order}. Your website says refunds take 5 days, but nothing has arrived.\n\nPlease find the postage receipt attached.',
        ],
        attach: 'receipt',
      },
      {
        by: 'a',
        say: [
          'Thanks {first}. Let me check the status of your return.',
          "I'm looking into the return for order #{order} now.",
          'Sorry for the wait on this, {first}. Checking with the returns team.',
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          "Return scanned at the warehouse {days} days ago but stuck in 'inspection'. Asked ops to release it.",
          "Return received and inspected. Refund wasn't triggered automatically — issuing it manually.",
        ],
      },
      {
        by: 'a',
        say: [
          'Your return has been processed and a refund of {amount} has been issued to your original payment method. Please allow 3–5 business days for it to appear.',
          "The warehouse has checked your return, so I've released the refund of {amount}. You'll get an email confirmation shortly.",
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: ['Perfect, thanks!', "Thanks, that's all I needed.", 'Great, thank you {agent}.'],
        done: true,
      },
    ],
  },
  {
    key: 'password-reset',
    team: 'support',
    weight: 9,
    subjects: ["Can't reset my password", 'Password reset problem', "Can't log in"],
    tags: ['login'],
    extraTags: ['account', 'web'],
    channels: { chat: 4, email: 3, sms: 2, whatsapp: 1, api: 1 },
    steps: [
      {
        by: 'c',
        say: [
          'I requested a password reset three times but the email never arrives.',
          'The reset link says it has expired every time I click it.',
          "Can't log in and the 'forgot password' email isn't coming through.",
        ],
        email: [
          "I'm trying to log in to my account ({email}) but I've forgotten my password. I've requested the reset email three times today and nothing has arrived, not even in spam.\n\nCould you help?",
        ],
      },
      {
        by: 'a',
        say: [
          'Sorry about that, {first}. Could you check your spam or promotions folder? Reset emails come from no-reply@brightside.example.',
          'Reset links expire after 30 minutes — could you request a new one and open it straight away?',
        ],
      },
      {
        by: 'c',
        say: [
          'Nothing in spam either.',
          "Tried again, same error: 'This link is no longer valid'.",
          'Still nothing, sorry.',
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Mail provider is soft-bouncing our mail (see bounce log). Sent the link manually.',
          'Customer has two accounts with the same email in different case. Merged them.',
        ],
      },
      {
        by: 'a',
        say: [
          "I've sent a fresh reset link manually — it's valid for the next hour. Let me know if it works.",
          'I found the problem on our side and fixed it. Please try the reset link once more.',
        ],
      },
      {
        by: 'c',
        say: [
          "That worked, I'm back in. Thanks!",
          'Got it, all sorted now.',
          'Yes! Logged in. Thank you.',
        ],
        done: true,
      },
      {
        by: 'a',
        opt: 2,
        say: [
          'Great! For extra security, you can turn on two-step sign-in under Settings → Security.',
        ],
      },
    ],
  },
  {
    key: 'wrong-item',
    team: 'support',
    weight: 6,
    subjects: [
      'Wrong item in order #{order}',
      "Received someone else's order?",
      "This isn't what I ordered",
    ],
    tags: ['returns', 'wrong-item'],
    extraTags: ['shipping', 'warehouse'],
    channels: { email: 3, chat: 3, whatsapp: 2 },
    steps: [
      {
        by: 'c',
        say: [
          'I ordered the {product} but the box contained something completely different.',
          "Order #{order} arrived today but the item inside isn't mine — it's a different product altogether.",
        ],
        email: [
          'Order #{order} arrived this morning, but instead of the {product} the box contains something I did not order. The packing slip even has a different order number on it.\n\nI have attached photos of the item and the slip.',
        ],
        attach: 'photos',
      },
      {
        by: 'a',
        say: [
          "I'm so sorry, {first}! Could you tell me what's printed on the packing slip so I can trace the mix-up?",
          'Apologies for the mix-up. Can you tell me the SKU on the label inside the box?',
        ],
      },
      {
        by: 'c',
        say: ['The label says SKU {sku}.', 'The slip shows order #{order2} and SKU {sku}.'],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Packing error: orders #{order} and #{order2} were swapped at the packing station. Other customer contacted too.',
          'Warehouse confirmed a mis-pick on SKU {sku}. Reship approved.',
        ],
      },
      {
        by: 'a',
        say: [
          "Thanks. I've sent the correct {product} by express shipping — it should arrive within 2 days — and emailed you a prepaid return label for the wrong item.",
          'Found it: the orders were swapped at packing. Your {product} ships today by express, and a free return label is in your inbox.',
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: ['Brilliant, thank you!', "Thanks, I'll drop the other one off tomorrow."],
        done: true,
      },
    ],
  },
  {
    key: 'address-change',
    team: 'support',
    weight: 6,
    subjects: [
      'Change delivery address for #{order}',
      'Address change',
      'Can I update my shipping address?',
    ],
    tags: ['shipping', 'address-change'],
    extraTags: [],
    channels: { chat: 3, whatsapp: 3, sms: 2, email: 2, phone: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "Can I still change the delivery address for order #{order}? I've just moved to a new place in {city}.",
          'I typed the wrong house number on order #{order}. Can you fix it before it ships?',
        ],
        phone: ['Calling to change the delivery address on order #{order} — I moved last week.'],
      },
      {
        by: 'a',
        say: [
          'Let me check whether it has shipped yet, {first}.',
          "One moment — I'm checking if the order has left the warehouse.",
        ],
      },
      {
        by: 'c',
        opt: 1,
        say: [
          'The new address is already saved in my profile.',
          'It should be number 14, not 41. Everything else is correct.',
        ],
      },
      {
        by: 'a',
        say: [
          "Good timing — it hadn't been packed yet, so I've updated the address. You'll get a new confirmation email.",
          "It had already shipped, so I've asked {carrier} to redirect it to the new address. This can add a day to the delivery.",
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: ['Thank you so much!', 'Great, thanks for the quick help.'],
        done: true,
      },
    ],
  },
  {
    key: 'cancel-subscription',
    team: 'billing',
    weight: 6,
    subjects: ['Cancel my Plus membership', 'Please cancel my subscription', 'How do I cancel?'],
    tags: ['cancellation', 'subscription'],
    extraTags: ['retention'],
    channels: { email: 4, chat: 3, phone: 2, whatsapp: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "I'd like to cancel my Brightside Plus membership, please. I don't use it enough.",
          "How do I cancel my subscription? I can't find the button in the app.",
          'Please cancel my {plan} plan before the next renewal.',
        ],
      },
      {
        by: 'a',
        say: [
          "Sorry to see you go, {first}. Before I cancel — would pausing for up to 3 months help instead? If not, I'll cancel right away.",
          "I can do that for you. Just so you know, you'd keep your Plus benefits until the end of the current billing period. Shall I go ahead?",
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Member for 2+ years. Offered the pause option per the retention playbook.',
          'Eligible for the 50% loyalty offer — mentioned it, customer not interested.',
        ],
      },
      { by: 'c', say: ['No thanks, please go ahead and cancel.', "I'm sure, please cancel it."] },
      {
        by: 'a',
        say: [
          "Done — your membership is cancelled and you won't be charged again. Your benefits stay active until {day}.",
          "All set: the subscription is cancelled and you'll receive a confirmation email shortly.",
        ],
      },
      { by: 'c', opt: 2, say: ['Thanks for making it easy.', 'Appreciated, thanks.'], done: true },
    ],
  },
  {
    // Sanitizer exercise: some first inbound e-mails paste raw markup, `<img src=x onerror=alert(1)>`.
    key: 'bug-report',
    team: 'support',
    weight: 7,
    subjects: [
      'Bug report',
      "Something's broken",
      'Problem since the last update',
      'Error message — please help',
    ],
    tags: ['bug'],
    extraTags: ['mobile-app', 'web'],
    channels: { email: 4, chat: 3, api: 1.5, whatsapp: 1 },
    hostile: 'onerror',
    steps: [
      {
        by: 'c',
        say: [
          "The app crashes every time I open 'My orders'. I'm on {device}, app version {appver}.",
          "The checkout button doesn't do anything in {browser}. I've tried three times.",
          'Saving my address gives an error and the page goes blank ({browser}).',
        ],
        email: [
          "Since the last update, the app closes immediately when I tap 'My orders'. I'm using {device} with app version {appver}; I've already tried reinstalling.\n\nScreenshot attached — it shows the error message right before the crash.",
          "When I try to save a new address on the website, I get an error box and then a blank page. This is in {browser} on a laptop; I've tried clearing cookies.\n\nA screenshot is attached.",
        ],
        attach: 'screenshot',
      },
      {
        by: 'a',
        say: [
          'Thanks for the detailed report, {first}! Could you tell me roughly when it started, and whether it happens on Wi-Fi and mobile data?',
          'Sorry about that. Could you try clearing the app cache and let me know if the problem continues?',
        ],
      },
      {
        by: 'c',
        say: [
          "It started after Tuesday's update. Happens on both.",
          'Cleared the cache, still the same.',
        ],
      },
      {
        by: 'n',
        say: [
          'Reproduced on staging with {device}. Filed as BUG-{bugno} and linked this ticket.',
          'Known issue from release {appver}; fix is in review (BUG-{bugno}). Tagged for follow-up.',
        ],
      },
      {
        by: 'a',
        say: [
          'Thanks — our developers reproduced it and a fix is scheduled for the next update. In the meantime you can see your orders at brightside.example/orders.',
          "Good news: we've found the cause and a fix is on the way. I'll let you know as soon as it's released.",
        ],
      },
      {
        by: 'a',
        opt: 1,
        say: [
          'Quick update: the fix is live in version 4.13. Updating the app should solve it.',
          'The fix is now live — could you give it another try?',
        ],
      },
      {
        by: 'c',
        opt: 1,
        say: ['Updated and it works now. Thanks!', 'Yes, it works now. Cheers.'],
        done: true,
      },
    ],
  },
  {
    key: 'invoice-request',
    team: 'billing',
    weight: 6,
    subjects: [
      'Invoice for order #{order}',
      'Need a VAT invoice',
      'Invoice with company details please',
    ],
    tags: ['invoice', 'billing'],
    extraTags: ['b2b'],
    channels: { email: 6, chat: 2, whatsapp: 0.5 },
    steps: [
      {
        by: 'c',
        say: [
          'Could you send me an invoice for order #{order}? I need it for my expense report.',
          'I need a VAT invoice with our company name on it for order #{order}.',
        ],
      },
      {
        by: 'a',
        say: [
          'Of course, {first}. Should the invoice be addressed to you personally or to a company?',
          'Happy to help. Which name and billing address should appear on the invoice?',
        ],
      },
      {
        by: 'c',
        say: [
          'Please address it to {billto} — the VAT number is in my account settings.',
          'To {billto}, same address as the delivery.',
        ],
      },
      {
        by: 'a',
        say: [
          'Your invoice {invoice} for order #{order} is ready under Orders → Invoices. Let me know if you need any changes.',
          "Done: invoice {invoice} is addressed to {billto}. You'll find it under Orders → Invoices, and a copy is on its way to {email}.",
        ],
        email: [
          "Here's your invoice {invoice} for order #{order}, attached as a PDF. Let me know if you need any changes.",
          "I've attached invoice {invoice}, addressed to {billto}.\n\nYou can also download it any time under Orders → Invoices.",
        ],
        attach: 'invoice',
      },
      {
        by: 'c',
        opt: 1,
        say: ['Received, thanks!', 'Perfect, that works for our accounts team.'],
        done: true,
      },
    ],
  },
  {
    key: 'feature-question',
    team: 'support',
    weight: 5,
    subjects: ['Question: can I {feature}?', 'Feature request', 'Is it possible to {feature}?'],
    tags: ['feature-request'],
    extraTags: ['question', 'mobile-app'],
    channels: { chat: 4, email: 3, whatsapp: 1, api: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "Is there a way to {feature}? I couldn't find it anywhere.",
          'Quick question: can I {feature}?',
        ],
      },
      {
        by: 'a',
        say: [
          "Good question, {first}! That isn't possible yet, but I've passed your request to our product team.",
          "Not at the moment, I'm afraid — but you're not the first to ask, and I've added your vote to the request.",
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Logged on feature request FR-{bugno} (now 30+ votes).',
          'Added to the product feedback board under FR-{bugno}.',
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: ['Thanks. Any idea when it might be available?', 'Okay. Is it on the roadmap at all?'],
      },
      {
        by: 'a',
        opt: 2,
        say: [
          "I can't promise a date, but it's planned for this year. I'll let you know when it ships.",
          "It's on the roadmap, though without a date yet. I've subscribed you to updates on it.",
        ],
      },
      { by: 'c', opt: 3, say: ['Great, thanks!', 'Fair enough, thanks for checking.'], done: true },
    ],
  },
  {
    key: 'damaged-delivery',
    team: 'support',
    weight: 6,
    subjects: ['{product} arrived damaged', 'Broken item in order #{order}', 'Damaged parcel'],
    tags: ['damaged', 'shipping'],
    extraTags: ['returns', 'carrier'],
    channels: { email: 4, whatsapp: 3, chat: 2 },
    urgency: 0.2,
    steps: [
      {
        by: 'c',
        say: [
          'My {product} arrived damaged — the box was crushed and the item is cracked.',
          'Order #{order} came today and it is broken. Very disappointed.',
        ],
        email: [
          'My order #{order} arrived today and the {product} is damaged. The outer box was crushed on one corner and the item itself is cracked.\n\nWhat are my options? I would rather not wait another two weeks for a replacement.',
        ],
      },
      {
        by: 'a',
        say: [
          "Oh no, I'm sorry, {first}! Could you send a couple of photos of the item and the box?",
          "That's not the condition it should arrive in — sorry! Could you share a photo of the damage so I can file a claim?",
        ],
      },
      {
        by: 'c',
        say: ['Sure, sent them just now.', 'Here you go.', 'Just sent two photos.'],
        email: [
          'Photos attached — you can see the crushed corner of the box and the crack.',
          'Here are the photos of the item and the packaging.',
        ],
        attach: 'photos',
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Photos show transit damage. Filing a claim with {carrier}, ref {ticket}.',
          'Third damaged delivery via {carrier} this week on this route. Flagged to logistics.',
        ],
      },
      {
        by: 'a',
        say: [
          "Thanks for the photos. I've arranged a free replacement — it ships today — and you don't need to return the damaged one.",
          "I've issued a full refund of {amount}; there's no need to send the damaged item back.",
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: ["Thank you, that's really kind.", 'Thanks for sorting it out so quickly.'],
        done: true,
      },
    ],
  },
  {
    key: 'account-locked',
    team: 'support',
    weight: 5,
    subjects: ['Account locked', "Can't sign in — account locked", 'Security lock on my account'],
    tags: ['login', 'security'],
    extraTags: ['account'],
    channels: { email: 3, chat: 3, phone: 2, sms: 1 },
    urgency: 0.6,
    steps: [
      {
        by: 'c',
        say: [
          "My account was locked after too many sign-in attempts and now I can't place an order.",
          "I got an email saying my account is locked for security reasons. I didn't do anything!",
        ],
        phone: ['My account is locked and I need to order something today. Can you unlock it?'],
      },
      {
        by: 'a',
        say: [
          "I can help unlock it, {first}. To verify it's you, could you confirm the number of your most recent order?",
          'Happy to help. For security, can you tell me your last order number and the city it was delivered to?',
        ],
      },
      {
        by: 'c',
        say: [
          'Sure — my last order was #{order}, delivered to {city}.',
          'Of course. The last order number is #{order}.',
        ],
      },
      {
        by: 'n',
        say: [
          'Lock triggered by 11 failed logins from an unknown IP. Identity verified via order details; forced a password reset.',
          'Verified via last order. No suspicious orders on the account. Unlocked.',
        ],
      },
      {
        by: 'a',
        say: [
          "Thanks, you're verified. I've unlocked the account and sent a password reset link — please pick a password you haven't used before.",
          'All done: your account is unlocked. As a precaution, please change your password the next time you sign in.',
        ],
      },
      {
        by: 'c',
        opt: 1,
        say: ["I'm back in, thanks!", 'Works now. Thanks for the quick help.'],
        done: true,
      },
    ],
  },
  {
    key: 'callback-request',
    team: 'support',
    weight: 5,
    subjects: ['Please call me back', 'Callback request', 'Phone call about order #{order}'],
    tags: ['callback'],
    extraTags: ['shipping'],
    channels: { phone: 7, email: 1, chat: 1, sms: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "Could someone call me back about order #{order}? It's easier to explain on the phone.",
          "Please call me back on {phone} when you have a minute — it's about a delivery.",
        ],
        phone: [
          'Hi, this is {first}. Could someone call me back about order #{order}? My number is {phone}. Thanks.',
          "Hello, it's {first} calling about a delivery. Please call me back on {phone} when you can.",
        ],
        voicemail: true,
      },
      {
        by: 'a',
        say: [
          'Of course, {first}. What time suits you best?',
          'Happy to call you. When is a good time?',
        ],
        phone: [
          "Hi {first}, this is {agent} from Brightside returning your call. Sorry I missed you — let us know a good time and I'll call again.",
        ],
        voicemail: true,
      },
      {
        by: 'c',
        say: ['After 2pm my time works best.', 'Any time tomorrow morning.'],
        phone: [
          'Sorry I missed you. After 2pm my time is best, thanks.',
          "It's {first} again — any time tomorrow morning works.",
        ],
        voicemail: true,
      },
      {
        by: 'n',
        say: [
          "Callback booked for {day} afternoon, customer's local time ({tz}).",
          'Reminder set: call back {day} around 14:00 {tz}.',
        ],
      },
      {
        by: 'a',
        say: [
          'Thanks for your time on the phone, {first} — as discussed, your delivery for order #{order} is booked for {day}.',
          'Good to speak with you just now. To confirm: the delivery slot for #{order} is moved to {day}, and {carrier} will text you on the day.',
        ],
        phone: [
          "Thanks for your time, {first}. I've moved the delivery for #{order} to {day}, and {carrier} will text you on the day.",
        ],
      },
      {
        by: 'c',
        opt: 1,
        say: ['Thanks again!', 'Perfect, thank you.'],
        phone: ["Hi, it's {first} — just calling to say the delivery arrived. Thanks!"],
        voicemail: true,
        done: true,
      },
    ],
  },
  {
    key: 'plan-upgrade',
    team: 'billing',
    weight: 4,
    subjects: [
      'Switching to Plus Family',
      'Question about upgrading my plan',
      'Upgrade from {plan}',
    ],
    tags: ['subscription', 'upgrade'],
    extraTags: ['sales'],
    channels: { chat: 4, email: 3, phone: 1, whatsapp: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "What's the difference between Plus and Plus Family? Can I switch mid-month?",
          "I'm on {plan} and would like to add my partner. Is there a family option?",
        ],
      },
      {
        by: 'a',
        say: [
          'Plus Family covers up to 5 people in one household and costs {fee} a month. If you switch now, we prorate the difference.',
          'Yes! Plus Family is {fee} a month for up to 5 people at the same address. Switching mid-month is fine — you only pay the difference.',
        ],
      },
      { by: 'c', say: ['Sounds good, please switch me over.', "Great, let's do it."] },
      {
        by: 'a',
        say: [
          "Done! You're on Plus Family from today; the prorated amount will show on your next invoice.",
          'All set. You can invite your family from Settings → Membership.',
        ],
      },
      { by: 'c', opt: 1, say: ['Thanks!', 'Lovely, thank you.'], done: true },
    ],
  },
  {
    key: 'promo-code',
    team: 'billing',
    weight: 5,
    subjects: ['Discount code {code}', 'Promo code question', 'Missing discount on #{order}'],
    tags: ['promo', 'checkout'],
    extraTags: ['marketing'],
    channels: { chat: 4, email: 2, whatsapp: 2, sms: 1 },
    steps: [
      {
        by: 'c',
        say: [
          "The code {code} says it's invalid at checkout, but your email says it's valid until Sunday.",
          'I forgot to enter {code} on order #{order}. Can you still apply it?',
        ],
      },
      {
        by: 'a',
        say: ['Let me check the code for you, {first}.', "I'll take a look — one moment."],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          "{code} was restricted to app orders; the campaign email didn't say so. Marketing informed.",
          'Goodwill: apply the discount manually, approved by Lin.',
        ],
      },
      {
        by: 'a',
        say: [
          "The code was limited to app orders by mistake. I've applied the discount to order #{order} manually — you'll see a refund of {amount} in a few days.",
          "No problem — I've applied {code} to order #{order}, and the difference of {amount} is on its way back to your card.",
        ],
      },
      { by: 'c', opt: 2, say: ['Amazing, thanks!', 'Thank you, much appreciated.'], done: true },
    ],
  },
  {
    // Sanitizer exercise: some first inbound e-mails forward a newsletter containing `<script>`,
    // an `<iframe>`, a `javascript:` link, an inline event handler and a tracking pixel.
    key: 'newsletter-unsubscribe',
    team: 'support',
    weight: 3,
    subjects: ['Unsubscribe me please', 'Still getting marketing emails', 'Stop the newsletters'],
    tags: ['unsubscribe', 'marketing'],
    extraTags: ['gdpr'],
    channels: { email: 6, chat: 1 },
    hostile: 'script',
    steps: [
      {
        by: 'c',
        say: [
          "Please remove me from your marketing emails. I've clicked 'unsubscribe' twice and I still get them.",
          'I keep getting newsletters even though I unsubscribed. Please stop.',
        ],
        email: [
          'I keep getting your newsletters even though I unsubscribed last month. The latest one is forwarded below.\n\nPlease remove {email} from all marketing lists.',
          'This is the third time I am asking. Your unsubscribe link does not work; see the forwarded email below.\n\nRemove {email} from every list, please.',
        ],
      },
      {
        by: 'a',
        say: [
          "Sorry about that, {first}. I've removed {email} from all marketing lists; it can take up to 48 hours for already-scheduled sends to stop.",
          "Apologies! You're now unsubscribed from everything except order and account emails.",
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Unsubscribe link in the spring campaign pointed to the wrong list. Reported to marketing.',
        ],
      },
      { by: 'c', opt: 2, say: ['Thanks. Please also delete the personal data you hold on me.'] },
      {
        by: 'a',
        opt: 2,
        say: [
          "Of course. I've opened a data deletion request; you'll get a confirmation within 30 days.",
        ],
      },
    ],
  },
  {
    key: 'payment-declined',
    team: 'billing',
    weight: 5,
    subjects: ['Card declined at checkout', 'Payment keeps failing', "Can't pay for my order"],
    tags: ['payments', 'checkout'],
    extraTags: ['billing'],
    channels: { chat: 3, email: 2, whatsapp: 2, sms: 1, phone: 1 },
    urgency: 0.3,
    steps: [
      {
        by: 'c',
        say: [
          'My card keeps getting declined at checkout even though it works everywhere else.',
          'Payment failed three times for the same basket. Is something wrong on your side?',
        ],
      },
      {
        by: 'a',
        say: [
          'Sorry about that, {first}. Do you see an error message? And is it a debit or a credit card?',
          'Let me check. Could you tell me the exact message you see?',
        ],
      },
      {
        by: 'c',
        say: [
          "It just says 'Payment could not be processed'. Debit card ending {last4}.",
          'Error says try another payment method. Card ends in {last4}.',
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          "Gateway logs: the bank's 3-D Secure check timed out on all three attempts.",
          'No block on our side; issuer declined with code 05.',
        ],
      },
      {
        by: 'a',
        say: [
          "Your bank's security check is timing out. Please try again and approve the payment in your banking app when asked — or use PayPal instead.",
          'The decline comes from your bank, not us. A quick call to them usually fixes it; PayPal also works in the meantime.',
        ],
      },
      {
        by: 'c',
        say: ['That worked, the order went through. Thanks!', 'Used PayPal, all good now.'],
        done: true,
      },
    ],
  },
  {
    key: 'warranty-claim',
    team: 'support',
    weight: 4,
    subjects: ['Warranty claim: {product}', '{product} stopped working', 'Faulty {product}'],
    tags: ['warranty'],
    extraTags: ['returns'],
    channels: { email: 4, chat: 2, phone: 1, whatsapp: 1 },
    electronics: true,
    steps: [
      {
        by: 'c',
        say: [
          'My {product} stopped working after 8 months. Is it still under warranty?',
          'The {product} I bought in spring has died. What can I do?',
        ],
        email: [
          'I bought a {product} from you about eight months ago (order #{order}) and it has stopped working completely.\n\nThe receipt is attached. Is this covered by the warranty?',
        ],
        attach: 'receipt',
      },
      {
        by: 'a',
        say: [
          'Yes — everything we sell has a 2-year warranty. Could you describe what happens when you use it?',
          "Sorry to hear that, {first}. It's covered. What exactly happens when you switch it on?",
        ],
      },
      {
        by: 'c',
        say: [
          "It won't turn on at all, even after charging overnight.",
          'It makes a clicking noise and then switches off.',
        ],
      },
      {
        by: 'n',
        opt: 1,
        say: [
          'Known fault with an early production batch. Approve replacement without return.',
          'Serial number is in the affected range — replacement approved.',
        ],
      },
      {
        by: 'a',
        say: [
          "Thanks, {first}. I've approved a warranty replacement; it ships within 2 business days. No need to return the faulty one.",
          "That's a known fault — a replacement {product} is on its way, and you can recycle the old one.",
        ],
      },
      {
        by: 'c',
        opt: 2,
        say: ['Excellent service, thank you.', 'Thanks, that was easy.'],
        done: true,
      },
    ],
  },
];

/** Follow-ups from a customer nobody has answered yet. */
export const NUDGES = {
  chat: [
    'Hello? Is anyone there?',
    'Any update on this?',
    'Still waiting for a reply…',
    'Hi again — just following up on my message above.',
  ],
  email: [
    'Just following up on my email below — could someone get back to me?',
    "Hello, I haven't heard back yet. Could you please give me an update?",
    'Resending in case this got lost. I would appreciate a reply.',
  ],
  sms: ['Any update?', 'Hi, following up on my last message', 'Hello? Still waiting to hear back'],
  phone: [
    "Hi, it's {first} again — I left a message earlier about order #{order}. Please call me back on {phone}.",
  ],
} as const;

/** How a customer opens a chat-style conversation. A trailing comma means "lower-case what follows". */
export const CHAT_OPENERS: readonly string[] = [
  '',
  '',
  'Hi! ',
  'Hello, ',
  'Hi there, ',
  'Good morning! ',
  'Hey, ',
];
export const AGENT_CHAT_OPENERS: readonly string[] = [
  '',
  'Hi {first}! ',
  'Hi {first}, thanks for reaching out. ',
  'Hello {first}, {agent} here. ',
];
export const WHATSAPP_EMOJI: readonly string[] = [' 🙏', ' 😊', ' 👍', ' 🙂'];

export const EMAIL_GREETINGS_FIRST: readonly string[] = [
  'Hello,',
  'Hi there,',
  'Dear Brightside team,',
  'Good morning,',
  'Hi,',
  'Dear Sir or Madam,',
];
export const EMAIL_GREETINGS_REPLY: readonly string[] = [
  'Hi {agent},',
  'Hello {agent},',
  'Dear {agent},',
  'Hi,',
  'Hi again {agent},',
];
export const EMAIL_CLOSINGS: readonly string[] = [
  'Thanks,',
  'Many thanks,',
  'Best regards,',
  'Kind regards,',
  'Cheers,',
  'Thank you,',
  'Best,',
];
export const AGENT_GREETINGS: readonly string[] = [
  'Hi {first},',
  'Hello {first},',
  'Dear {first},',
];
export const AGENT_CLOSINGS: readonly string[] = [
  'Best regards,',
  'Kind regards,',
  'Best wishes,',
  'All the best,',
];

export interface ProductSeed {
  readonly name: string;
  readonly price: number;
  readonly electronics?: boolean;
}

export const PRODUCTS: readonly ProductSeed[] = [
  { name: 'Aero 2 wireless headphones', price: 149, electronics: true },
  { name: 'Nimbus robot vacuum', price: 329, electronics: true },
  { name: 'Kettle Pro 1.7L', price: 69, electronics: true },
  { name: 'Lumen desk lamp', price: 59, electronics: true },
  { name: 'Pulse fitness watch', price: 199, electronics: true },
  { name: 'Arc smart speaker', price: 119, electronics: true },
  { name: 'Brewmaster espresso machine', price: 289, electronics: true },
  { name: 'Trailhead 40L backpack', price: 89 },
  { name: 'merino base layer (M)', price: 65 },
  { name: 'cast-iron skillet 28cm', price: 54 },
  { name: 'linen duvet cover (king)', price: 139 },
  { name: 'ceramic pour-over set', price: 42 },
  { name: 'standing desk frame', price: 349 },
  { name: 'two-person tent', price: 229 },
  { name: 'set of 4 stoneware bowls', price: 38 },
  { name: 'insulated water bottle', price: 29 },
];

export const FEATURES: readonly string[] = [
  'schedule deliveries for a specific day',
  'add gift wrapping to an order',
  'use dark mode in the app',
  'share my wishlist with family',
  'split a payment between two cards',
  'get invoices emailed automatically',
  'pause my membership for a month',
];

export const DEVICES: readonly string[] = [
  'an iPhone 15',
  'a Pixel 8',
  'a Samsung Galaxy S23',
  'an iPad Air',
  'a Xiaomi Redmi Note 12',
  'an iPhone SE',
];
export const BROWSERS: readonly string[] = ['Chrome', 'Safari', 'Firefox', 'Edge'];
export const PROMO_CODES: readonly string[] = [
  'SPRING15',
  'WELCOME10',
  'PLUSDAY',
  'OUTDOOR20',
  'THANKYOU5',
];
export const PLANS: readonly string[] = ['Plus monthly', 'Plus annual', 'Plus Student'];
export const WEEKDAYS: readonly string[] = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
