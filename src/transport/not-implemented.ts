// Tells "this target does not implement the operation" apart from "it implements it wrongly". Emulators
// answer unknown operations in their own ways: HTTP 501, an InvalidAction or NotImplemented error, or a
// framework's HTML error page (moto's server answers HTTP 500 with an HTML page).
import type { Exchange } from './exchange';

const NOT_IMPLEMENTED_CODES = new Set(['InvalidAction', 'NotImplemented', 'NotImplementedException', 'UnknownOperation', 'UnknownOperationException', 'UnsupportedOperation', 'UnsupportedOperationException']);

export function notImplementedReason(x: Exchange): string | undefined {
  const r = x.response;
  if (!r) return undefined;
  const type = r.headers['content-type'] ?? '';
  const code = x.error?.code;
  if (r.status === 501) return `HTTP 501${code ? ` ${code}` : ''}`;
  if (code && NOT_IMPLEMENTED_CODES.has(code)) return `HTTP ${r.status} ${code}`;
  if (r.status >= 500 && (/text\/html/i.test(type) || /^\s*<(!doctype html|html)/i.test(r.body))) return `HTTP ${r.status} with an HTML error page instead of an awsQuery answer`;
  if (/not (been )?implemented/i.test(x.error?.message ?? '') && r.status >= 400) return `HTTP ${r.status}: ${x.error!.message.slice(0, 120)}`;
  return undefined;
}
