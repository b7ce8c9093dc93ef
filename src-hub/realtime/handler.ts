import type { Socket } from 'socket.io';
import { z } from 'zod';
import {
  clientEvents,
  type ClientEventArgs,
  type ClientEventName,
  type ClientEventResult,
} from '#shared/contracts/socket.ts';
import { describeIssues, PromptlyError, type Ack, type AckError } from '#shared/logic/ack.ts';
import { viewerOf, type Viewer } from '../domain/viewer.ts';

export type Handler<E extends ClientEventName> = (
  args: ClientEventArgs<E>,
  viewer: Viewer,
) => Promise<ClientEventResult<E>>;

type AckFn = (response: Ack<unknown>) => void;

export function toAckError(error: unknown, log: (e: unknown) => void): AckError {
  if (error instanceof PromptlyError)
    return { ok: false, code: error.code, message: error.message };
  if (error instanceof z.ZodError) {
    return { ok: false, code: 'invalid_input', message: describeIssues(error) };
  }
  log(error);
  return {
    ok: false,
    code: 'internal',
    message: 'Something went wrong on the hub. It has been logged.',
  };
}

/**
 * The only way a socket handler is registered: it parses the arguments with the contract's schema,
 * runs the handler, and always acks `{ok:true,value}` or `{ok:false,code,message}`, so a hostile
 * or buggy client can never crash the hub or leave a caller hanging.
 */
export function handle<E extends ClientEventName>(
  socket: Socket,
  event: E,
  handler: Handler<E>,
  log: (e: unknown) => void,
) {
  const schema = clientEvents[event].args;
  // Widened to string: socket.io's typed overloads only accept listeners for known event maps.
  const name: string = event;
  socket.on(name, async (...params: unknown[]) => {
    const ack = params[params.length - 1];
    if (typeof ack !== 'function') return; // Every client event is request/response; no ack, no work.
    const reply = ack as AckFn;
    const parsed = schema.safeParse(params.length > 1 ? params[0] : undefined);
    if (!parsed.success) {
      reply({ ok: false, code: 'invalid_input', message: describeIssues(parsed.error) });
      return;
    }
    try {
      const viewer = viewerOf(socket);
      reply({ ok: true, value: await handler(parsed.data as ClientEventArgs<E>, viewer) });
    } catch (error) {
      reply(toAckError(error, log));
    }
  });
}

/** Unknown events with an ack get a typed refusal rather than silence. */
export function refuseUnknownEvents(socket: Socket) {
  socket.onAny((event: unknown, ...params: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(clientEvents, event)) return;
    // A packet with no event name puts the ack callback where the name should be.
    const ack =
      typeof event === 'function' && params.length === 0 ? event : params[params.length - 1];
    if (typeof ack !== 'function') return;
    const message =
      typeof event === 'string'
        ? `Unknown event: ${event.slice(0, 64)}`
        : 'Every event needs a name (a string) as its first element.';
    (ack as AckFn)({ ok: false, code: 'invalid_input', message });
  });
}
