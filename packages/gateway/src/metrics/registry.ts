/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms
 * with labels. Hot paths hold on to a labelled child (`counter.labels({...})`) so that counting is
 * one addition, not a label lookup.
 */

type Labels = Record<string, string>;

export interface Child {
  inc(by?: number): void;
}

export interface GaugeChild extends Child {
  dec(by?: number): void;
  set(value: number): void;
}

interface Metric {
  readonly name: string;
  render(): string;
}

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.map((k) => `${k}="${escapeLabel(labels[k])}"`).join(',');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function series(name: string, key: string, value: number): string {
  return `${name}${key ? `{${key}}` : ''} ${Number.isFinite(value) ? value : 0}\n`;
}

class ValueChild implements GaugeChild {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
  dec(by = 1): void {
    this.value -= by;
  }
  set(value: number): void {
    this.value = value;
  }
}

abstract class ValueMetric implements Metric {
  protected readonly children = new Map<string, ValueChild>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'gauge',
  ) {}

  protected child(labels: Labels): ValueChild {
    const key = labelKey(labels);
    let child = this.children.get(key);
    if (!child) {
      child = new ValueChild();
      this.children.set(key, child);
    }
    return child;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`;
    if (this.children.size === 0) out += series(this.name, '', 0);
    for (const [key, child] of this.children) out += series(this.name, key, child.value);
    return out;
  }
}

export class Counter extends ValueMetric {
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }
  labels(labels: Labels = {}): Child {
    return this.child(labels);
  }
  inc(by = 1, labels: Labels = {}): void {
    this.child(labels).inc(by);
  }
}

export class Gauge extends ValueMetric {
  constructor(
    name: string,
    help: string,
    private readonly collect?: () => number,
  ) {
    super(name, help, 'gauge');
  }
  labels(labels: Labels = {}): GaugeChild {
    return this.child(labels);
  }
  override render(): string {
    if (this.collect) this.child({}).set(this.collect());
    return super.render();
  }
}

class HistogramChild {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(private readonly buckets: readonly number[]) {
    this.counts = new Array(buckets.length).fill(0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]) this.counts[i]++;
    }
  }
}

export class Histogram implements Metric {
  private readonly children = new Map<string, HistogramChild>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    this.labels(labels).observe(value);
  }

  /** The labelled child, for hot paths that observe the same labels again and again. */
  labels(labels: Labels = {}): { observe(value: number): void } {
    const key = labelKey(labels);
    let child = this.children.get(key);
    if (!child) {
      child = new HistogramChild(this.buckets);
      this.children.set(key, child);
    }
    return child;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const [key, child] of this.children) {
      const prefix = key ? `${key},` : '';
      this.buckets.forEach((le, i) => {
        out += series(`${this.name}_bucket`, `${prefix}le="${le}"`, child.counts[i]);
      });
      out += series(`${this.name}_bucket`, `${prefix}le="+Inf"`, child.count);
      out += series(`${this.name}_sum`, key, child.sum);
      out += series(`${this.name}_count`, key, child.count);
    }
    return out;
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name))
      throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.push(metric);
    return metric;
  }

  counter(name: string, help: string): Counter {
    return this.register(new Counter(name, help));
  }

  gauge(name: string, help: string, collect?: () => number): Gauge {
    return this.register(new Gauge(name, help, collect));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.register(new Histogram(name, help, buckets));
  }

  /** The Prometheus text exposition of every metric. */
  render(): string {
    return this.metrics.map((m) => m.render()).join('');
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
