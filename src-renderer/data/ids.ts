import { formatUuidV7 } from '#shared/logic/ids.ts';

let last = 0;

/**
 * UUIDv7 from this desktop, strictly increasing: ids minted in the same millisecond still sort in
 * the order they were made, so a burst of replies keeps its order on the hub.
 */
export function newId(): string {
  last = Math.max(Date.now(), last + 1);
  return formatUuidV7(last, crypto.getRandomValues(new Uint8Array(10)));
}
