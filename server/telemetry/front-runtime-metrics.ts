/**
 * Runtime metrics of the front process: the event loop, V8 heap and GC from
 * @opentelemetry/instrumentation-runtime-node (`nodejs_eventloop_*`, `v8js_*`), plus the process's
 * CPU time and resident memory under their semantic-convention names (`process.cpu.time`,
 * `process.memory.usage`). Workers report their own figures over IPC instead.
 */
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';

/** Event-loop delay sampling resolution of the runtime instrumentation. */
const MONITORING_PRECISION_MS = 10;

export class FrontRuntimeMetrics {
  readonly #runtime: RuntimeNodeInstrumentation;

  constructor(meterProvider: MeterProvider) {
    this.#runtime = new RuntimeNodeInstrumentation({ monitoringPrecision: MONITORING_PRECISION_MS });
    this.#runtime.setMeterProvider(meterProvider);
    this.#runtime.enable();
    const meter = meterProvider.getMeter('poolchaos');
    const cpuTime = meter.createObservableCounter('process.cpu.time', {
      unit: 's',
      description: 'CPU time of the front process, by mode.',
    });
    const memory = meter.createObservableGauge('process.memory.usage', {
      unit: 'By',
      description: 'Resident set size of the front process.',
    });
    meter.addBatchObservableCallback(
      (result) => {
        const cpu = process.cpuUsage();
        result.observe(cpuTime, cpu.user / 1e6, { 'cpu.mode': 'user' });
        result.observe(cpuTime, cpu.system / 1e6, { 'cpu.mode': 'system' });
        result.observe(memory, process.memoryUsage.rss());
      },
      [cpuTime, memory],
    );
  }

  stop(): void {
    this.#runtime.disable();
  }
}
