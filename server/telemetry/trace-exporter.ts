/**
 * Which span exporter the standard OpenTelemetry variables ask for. Unlike the SDK's default (OTLP
 * whether or not a collector listens), poolchaos exports spans only when asked: OTEL_TRACES_EXPORTER
 * names an exporter, or an OTLP endpoint variable is set. Front and workers read the same
 * environment (workers inherit it), so both sides of a trace go to the same place.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace';
import { serverError } from '../errors.ts';

/** The exporter kinds poolchaos knows; `none` means no spans are created at all. */
export type TraceExporterKind = 'otlp' | 'console' | 'none';

/** Reads OTEL_TRACES_EXPORTER (first entry) and the OTLP endpoint variables; throws ERR_TELEMETRY_EXPORTER on an unknown name. */
export function chooseTraceExporter(env: Readonly<Record<string, string | undefined>>): TraceExporterKind {
  const named = (env['OTEL_TRACES_EXPORTER'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  if (named === '') {
    // An empty variable counts as unset (OpenTelemetry configuration spec).
    const hasEndpoint = [env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'], env['OTEL_EXPORTER_OTLP_ENDPOINT']].some(
      (value) => (value ?? '').trim() !== '',
    );
    return hasEndpoint ? 'otlp' : 'none';
  }
  if (named === 'otlp' || named === 'console' || named === 'none') return named;
  throw serverError('ERR_TELEMETRY_EXPORTER', [named]);
}

/** Creates the exporter `kind` names (OTLP over HTTP reads its endpoint and headers from OTEL_* itself). */
export function createTraceExporter(kind: Exclude<TraceExporterKind, 'none'>): SpanExporter {
  return kind === 'otlp' ? new OTLPTraceExporter() : new ConsoleSpanExporter();
}
