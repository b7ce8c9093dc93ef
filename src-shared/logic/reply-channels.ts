import type { Channel } from '../domain/conversation.ts';
import type { IdentityKind } from '../domain/identity.ts';

/** What a reply channel needs the customer to have. Calls carry no text, so they are not one. */
const NEEDS: Partial<Record<Channel, readonly IdentityKind[]>> = {
  email: ['email'],
  sms: ['phone'],
  whatsapp: ['phone'],
  chat: ['chat_visitor'],
};

export interface Reachability {
  /** The customer's record fields that double as identities. */
  email: string | null;
  phone: string | null;
  /** Kinds of the customer's identities. */
  identityKinds: readonly IdentityKind[];
}

/**
 * The channels an agent may reply on, the conversation's own first. Email, SMS, WhatsApp and chat
 * need a matching address; an API conversation can only be answered through the API; a phone
 * call is answered by call, so by text only on another channel.
 */
export function replyChannels(conversationChannel: Channel, customer: Reachability): Channel[] {
  const kinds = new Set<IdentityKind>(customer.identityKinds);
  if (customer.email) kinds.add('email');
  if (customer.phone) kinds.add('phone');
  const reachable = (ch: Channel) => (NEEDS[ch] ?? []).some((k) => kinds.has(k));
  const others = (['email', 'sms', 'whatsapp', 'chat'] as const).filter(
    (ch) => ch !== conversationChannel && reachable(ch),
  );
  const own = conversationChannel === 'phone' ? [] : [conversationChannel];
  return [...own, ...others];
}
