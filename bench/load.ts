import http from 'node:http';

/** What one run of {@link drive} saw. Latencies are in milliseconds, to the microsecond. */
export interface LoadResult {
  p50: number;
  p99: number;
  /** Completed requests per second over the run. */
  rps: number;
  requests: number;
  /** Failed connections and answers that were not 2xx. */
  errors: number;
}

/** A request other than the default POST of a JSON body. */
export interface DriveRequest {
  method: 'GET' | 'POST';
  /** Path and query string (for GET). */
  path?: string;
  headers?: Record<string, string>;
  /** The one status counted as an answer (default: any 2xx). */
  status?: number;
}

/**
 * Sends the same request (a POST of `body`, unless `request` says otherwise) over
 * `connections` kept-alive connections, each sending its next request as soon as the last one
 * is answered, for `seconds`. Latency is timed with the monotonic clock to the microsecond:
 * autocannon rounds to whole milliseconds, which turns a 0.6 ms floor into "0" and its ratios
 * into noise.
 */
export async function drive(
  url: string,
  body: string,
  connections: number,
  seconds: number,
  request?: DriveRequest,
): Promise<LoadResult> {
  const target = new URL(url);
  const method = request?.method ?? 'POST';
  const ok = (status: number) =>
    request?.status !== undefined ? status === request.status : status >= 200 && status < 300;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const payload = Buffer.from(body);
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));

  const once = () =>
    new Promise<void>((resolve) => {
      const sent = process.hrtime.bigint();
      const outgoing = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: request?.path ?? target.pathname,
          method,
          agent,
          headers:
            method === 'POST'
              ? {
                  'content-type': 'application/json',
                  'content-length': payload.length,
                  ...request?.headers,
                }
              : { ...request?.headers },
        },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => {
            if (!ok(response.statusCode ?? 0)) errors += 1;
            else latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
            resolve();
          });
        },
      );
      outgoing.on('error', () => {
        errors += 1;
        resolve();
      });
      if (method === 'POST') outgoing.end(payload);
      else outgoing.end();
    });

  const worker = async () => {
    while (process.hrtime.bigint() < deadline) await once();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0
      ? NaN
      : (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number);
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    rps: latencies.length / elapsed,
    requests: latencies.length,
    errors,
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
