import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { GraphExecutor } from '../graph/executor';
import { ResponseCache } from './response-cache';

/** Most distinct operation names kept as label values; the rest count as "other". */
const MAX_OPERATION_LABELS = 200;

/** The Prometheus metrics of one server. */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly requests = new Counter({
    name: 'diplograph_graphql_requests_total',
    help: 'GraphQL requests, by operation name and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly duration = new Histogram({
    name: 'diplograph_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly roundTrips = new Histogram({
    name: 'diplograph_graphql_neo4j_round_trips',
    help: 'Neo4j round trips per GraphQL request.',
    buckets: [0, 1, 2, 3, 4, 5, 8, 13, 21],
    registers: [this.registry],
  });

  readonly cached = new Counter({
    name: 'diplograph_graphql_cached_answers_total',
    help: 'Reads answered without running: from the response cache (hit) or as 304 Not Modified (not-modified).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly neo4jDuration = new Histogram({
    name: 'diplograph_neo4j_transaction_duration_seconds',
    help: 'Duration of Neo4j transactions, by access mode.',
    labelNames: ['mode'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly neo4jErrors = new Counter({
    name: 'diplograph_neo4j_errors_total',
    help: 'Failed Neo4j transactions, by our error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(executor: GraphExecutor) {
    collectDefaultMetrics({ register: this.registry, prefix: 'diplograph_' });
    this.detach = executor.observeQueries((mode, ms, code) => {
      this.neo4jDuration.observe({ mode }, ms / 1000);
      if (code) this.neo4jErrors.inc({ code });
    });
  }

  /** Reports the response cache's size: its entries and the bytes they are counted for. */
  watchCache(cache: ResponseCache): void {
    new Gauge({
      name: 'diplograph_response_cache_bytes',
      help: 'Bytes the response cache holds (API_RESPONSE_CACHE_MB is its bound).',
      registers: [this.registry],
      collect() {
        this.set(cache.stats().bytes);
      },
    });
    new Gauge({
      name: 'diplograph_response_cache_entries',
      help: 'Answers the response cache holds.',
      registers: [this.registry],
      collect() {
        this.set(cache.stats().entries);
      },
    });
  }

  /** Stops observing the executor (when the server stops). */
  readonly detach: () => void;

  /** A label for an operation name: client-chosen, so bounded in form and number. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }
}
