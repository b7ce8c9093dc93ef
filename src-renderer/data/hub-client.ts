import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  AGENT_NAMESPACE,
  clientEvents,
  serverEvents,
  type ClientEventArgs,
  type ClientEventName,
  type ClientEventResult,
} from '#shared/contracts/socket.ts';
import { API_PREFIX, LoginResponse, type LoginBody } from '#shared/contracts/http.ts';
import { ackSchema, HttpErrorBody, PromptlyError } from '#shared/logic/ack.ts';

export type HubSocket = Socket;

export function connectAgentSocket(hubUrl: string, token: string): HubSocket {
  return io(new URL(AGENT_NAMESPACE, hubUrl).toString(), {
    transports: ['websocket'],
    auth: { token },
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });
}

/**
 * Request/response over the socket with a timeout, validating the hub's answer against the same
 * contract the hub validated our request with.
 */
export async function call<E extends ClientEventName>(
  socket: HubSocket,
  event: E,
  args: ClientEventArgs<E>,
  timeoutMs = 15_000,
): Promise<ClientEventResult<E>> {
  let raw: unknown;
  try {
    raw = await socket.timeout(timeoutMs).emitWithAck(event, args);
  } catch {
    throw new PromptlyError('unavailable', 'The hub did not answer in time.');
  }
  const ack = ackSchema(clientEvents[event].ack).safeParse(raw);
  if (!ack.success)
    throw new PromptlyError('internal', `The hub sent an unexpected reply to ${event}.`);
  if (!ack.data.ok) throw new PromptlyError(ack.data.code, ack.data.message);
  return ack.data.value as ClientEventResult<E>;
}

/** Subscribes to a hub push, dropping payloads that do not match the contract. */
export function onServerEvent<E extends keyof typeof serverEvents>(
  socket: HubSocket,
  event: E,
  listener: (payload: z.infer<(typeof serverEvents)[E]>) => void,
): () => void {
  const handler = (payload: unknown) => {
    const parsed = serverEvents[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as z.infer<(typeof serverEvents)[E]>);
  };
  const name: string = event;
  socket.on(name, handler);
  return () => void socket.off(name, handler);
}

async function httpError(response: Response): Promise<PromptlyError> {
  const body = HttpErrorBody.safeParse(await response.json().catch(() => null));
  if (body.success) return new PromptlyError(body.data.error.code, body.data.error.message);
  return new PromptlyError('internal', `The hub answered ${response.status}.`);
}

export async function login(hubUrl: string, body: LoginBody): Promise<LoginResponse> {
  let response: Response;
  try {
    response = await fetch(new URL(`${API_PREFIX}/auth/login`, hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new PromptlyError('unavailable', 'Cannot reach the hub. Check your connection.');
  }
  if (!response.ok) throw await httpError(response);
  return LoginResponse.parse(await response.json());
}

export async function logout(hubUrl: string, token: string): Promise<void> {
  await fetch(new URL(`${API_PREFIX}/auth/logout`, hubUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  }).catch(() => undefined);
}

/**
 * An authenticated REST call; the answer is validated against `schema`, and a refusal comes back
 * as the hub's own typed error so the UI can show its message.
 */
export async function hubRequest<T>(
  session: { hubUrl: string; token: string },
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(`${API_PREFIX}${path}`, session.hubUrl), {
      method,
      headers: {
        authorization: `Bearer ${session.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new PromptlyError('unavailable', 'Cannot reach the hub. Check your connection.');
  }
  if (!response.ok) throw await httpError(response);
  return schema.parse(await response.json());
}
