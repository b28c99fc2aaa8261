/**
 * The one place where an IPC call enters the main side, for both hosts:
 * the input is parsed with the contract's schema, the handler runs, and
 * whatever happens comes back as a Result — never as a thrown error.
 */
import { contract, type Channel, type ChannelResult, type ParsedInput } from '../../shared/contract';
import { err, ok, toAppError, type Result } from '../../shared/result';
import type { Logger } from '../log';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelResult<C>> | ChannelResult<C> };

export async function dispatch(handlers: Handlers, channel: unknown, rawInput: unknown, log: Logger): Promise<Result<unknown>> {
  if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(contract, channel)) {
    return err('invalid_input', `Unknown channel: ${String(channel).slice(0, 80)}`);
  }
  const c = channel as Channel;
  const parsed = contract[c].input.safeParse(rawInput);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err(
      'invalid_input',
      `invalid input for ${c}: ${first ? `${first.path.join('.') || 'input'}: ${first.message}` : 'rejected'}`,
    );
  }
  try {
    const handler = handlers[c] as (input: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (e) {
    const error = toAppError(e);
    if (error.code === 'internal') log.error(`${c} failed`, { error: error.message, stack: (e as Error)?.stack });
    return { ok: false, error };
  }
}
