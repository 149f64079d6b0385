import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadBalancerCapabilities } from '../config/settings.ts';
import type { RejectReason } from '../pool/reasons.ts';

/** Header naming why the front refused a request, so load drivers can count rejections by reason. */
export const REJECT_REASON_HEADER = 'x-poolchaos-reject';

const BODY = 'HTTP Error 503. The service is unavailable.\n';

/**
 * Refuses a request on purpose: a 503 that keeps the connection open (HttpLevel), or a TCP reset with
 * no HTTP bytes (TcpLevel), for L4 balancers that read any 503 as a healthy node.
 */
export function rejectRequest(
  req: IncomingMessage,
  res: ServerResponse,
  reason: RejectReason,
  capabilities: LoadBalancerCapabilities,
): '503' | 'reset' {
  if (capabilities === 'TcpLevel') {
    req.socket.resetAndDestroy();
    return 'reset';
  }
  // Unread request bodies would be taken for the next request on this connection.
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  res.writeHead(503, {
    'content-type': 'text/plain; charset=us-ascii',
    'content-length': Buffer.byteLength(BODY),
    [REJECT_REASON_HEADER]: reason,
    ...(hasBody ? { connection: 'close' } : {}),
  });
  res.end(BODY);
  return '503';
}
