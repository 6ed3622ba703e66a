/** Message dispatch through a handler map (contract/messages.ts `MessageHandlers`), for both sides of postMessage. */
import type { MessageHandlers } from '../contract/messages';

/** Calls the handler of `message`'s type. */
export function dispatch<M extends { type: string }, R>(handlers: MessageHandlers<M, R>, message: M): R {
  return (handlers[message.type as M['type']] as (m: M) => R)(message);
}
