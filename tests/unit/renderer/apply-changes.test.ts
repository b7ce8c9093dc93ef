import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '#shared/domain/change.ts';
import type { Customer } from '#shared/domain/customer.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { applyPage, collapse } from '../../../src-renderer/data/apply-changes.ts';
import { validateAndApplyCarried } from '../../../src-renderer/data/page-applier.ts';
import { databaseName, openDb, readMeta, type PromptlyDb } from '../../../src-renderer/data/db.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const customer = (over: Partial<Customer> = {}): Customer =>
  ({
    id: uid(),
    name: 'Grace Hopper',
    email: null,
    phone: null,
    timezone: null,
    company: null,
    notes: '',
    createdAt: 1,
    updatedAt: 1,
    ...over,
  }) as Customer;
const put = (seq: number, data: Customer): Change => ({ seq, entity: 'customer', op: 'put', data });

let db: PromptlyDb;
afterEach(async () => {
  await db?.delete();
});

describe('applyPage', () => {
  it('stores the page and the cursor together', async () => {
    db = openDb(`apply-${uid()}`);
    const a = customer();
    const b = customer({ name: 'Alan Turing' });
    await applyPage(db, [put(1, a), put(2, b)], 2, 99);
    expect(await db.customers.count()).toBe(2);
    expect(await readMeta(db, 'cursor')).toBe(2);
    expect(await readMeta(db, 'lastSyncAt')).toBe(99);
  });

  it('keeps the last write for an id and honours deletes', async () => {
    db = openDb(`apply-${uid()}`);
    const a = customer();
    const b = customer();
    await applyPage(
      db,
      [
        put(1, a),
        put(2, { ...a, name: 'Renamed' }),
        put(3, b),
        { seq: 4, entity: 'customer', op: 'delete', id: b.id },
      ],
      4,
      1,
    );
    expect((await db.customers.get(a.id))?.name).toBe('Renamed');
    expect(await db.customers.get(b.id)).toBeUndefined();
  });

  it('stores nothing and keeps the old cursor when any write in the page fails', async () => {
    db = openDb(`apply-${uid()}`);
    await applyPage(db, [put(1, customer())], 1, 1);
    const broken = {
      seq: 3,
      entity: 'customer',
      op: 'put',
      data: { name: 'no id' },
    } as unknown as Change;
    await expect(applyPage(db, [put(2, customer()), broken], 3, 2)).rejects.toThrow();
    expect(await db.customers.count()).toBe(1);
    expect(await readMeta(db, 'cursor')).toBe(1);
  });
});

describe('validateAndApplyCarried', () => {
  const poke = (after: number, seq: number, changes: Change[]) => ({
    seq,
    carried: { after, changes },
  });

  it('applies carried changes that continue the stored cursor, like a pulled page', async () => {
    db = openDb(`apply-${uid()}`);
    await applyPage(db, [put(1, customer())], 1, 1);
    const a = customer();
    const b = customer();
    const result = await validateAndApplyCarried(
      db,
      [poke(1, 3, [put(2, a)]), poke(3, 5, [put(5, b)])],
      7,
    );
    expect(result).toEqual({ cursor: 5, count: 2, needsPull: false });
    expect(await db.customers.count()).toBe(3);
    expect(await readMeta(db, 'cursor')).toBe(5);
    expect(await readMeta(db, 'lastSyncAt')).toBe(7);
  });

  it('asks for a pull, storing nothing, when the first poke does not continue the cursor', async () => {
    db = openDb(`apply-${uid()}`);
    await applyPage(db, [put(1, customer())], 1, 1);
    const result = await validateAndApplyCarried(db, [poke(2, 3, [put(3, customer())])], 7);
    expect(result).toEqual({ cursor: 1, count: 0, needsPull: true });
    expect(await db.customers.count()).toBe(1);
    expect(await readMeta(db, 'cursor')).toBe(1);
  });

  it('treats a poke that fails the contract as a plain one', async () => {
    db = openDb(`apply-${uid()}`);
    await applyPage(db, [put(1, customer())], 1, 1);
    const hostile = poke(1, 2, [
      { seq: 2, entity: 'customer', op: 'put', data: { id: 'x' } } as never,
    ]);
    const result = await validateAndApplyCarried(db, [hostile], 7);
    expect(result).toEqual({ cursor: 1, count: 0, needsPull: true });
    expect(await db.customers.count()).toBe(1);
  });

  it('never applies pushes onto an empty cache, which bootstraps from a snapshot', async () => {
    db = openDb(`apply-${uid()}`);
    const result = await validateAndApplyCarried(db, [poke(0, 1, [put(1, customer())])], 7);
    expect(result.needsPull).toBe(true);
    expect(await db.customers.count()).toBe(0);
  });
});

describe('collapse', () => {
  it('lets a later put revive a deleted id', () => {
    const a = customer();
    const { puts, deletes } = collapse([
      { seq: 1, entity: 'customer', op: 'delete', id: a.id },
      put(2, a),
    ]);
    expect(puts.get('customer')?.get(a.id)).toEqual(a);
    expect(deletes.get('customer')?.has(a.id)).toBe(false);
  });
});

describe('databaseName', () => {
  it('separates hubs and users', () => {
    const one = databaseName('http://127.0.0.1:4800', 'u1');
    expect(one).toMatch(/^promptly-[0-9a-f]{8}-u1$/);
    expect(databaseName('http://127.0.0.1:4801', 'u1')).not.toBe(one);
    expect(databaseName('http://127.0.0.1:4800', 'u2')).not.toBe(one);
  });
});
