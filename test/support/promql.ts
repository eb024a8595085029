import { parser } from '@prometheus-io/lezer-promql';

/**
 * The metric names a PromQL expression reads, by the real PromQL grammar (Prometheus's own lezer
 * parser): each vector selector's name, or its `__name__="…"` matcher. Throws on an expression
 * that does not parse, naming where.
 */
export function metricNamesOf(expr: string): string[] {
  const tree = parser.parse(expr);
  const names = new Set<string>();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError)
      throw new Error(`PromQL does not parse at ${cursor.from}: ${JSON.stringify(expr)}`);
    if (cursor.name === 'VectorSelector') {
      const selector = cursor.node;
      const name = selector.getChild('Identifier');
      if (name) names.add(expr.slice(name.from, name.to));
      for (const matcher of selector
        .getChild('LabelMatchers')
        ?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = matcher.getChild('LabelName');
        const value = matcher.getChild('StringLiteral');
        if (label && value && expr.slice(label.from, label.to) === '__name__')
          names.add(JSON.parse(expr.slice(value.from, value.to).replace(/^'|'$/g, '"')));
      }
    }
  } while (cursor.next());
  return [...names];
}

/** Suffixes of the series of a histogram (or summary) family, besides its plain samples. */
const FAMILY_SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/**
 * The series names a Prometheus text exposition exports: every sample's name, and those of each
 * declared family (`# TYPE`), a histogram's `_bucket`, `_sum` and `_count` included, so that a
 * family with no sample yet (a labelled histogram nothing observed) still counts.
 */
export function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      for (const suffix of FAMILY_SUFFIXES[type[2]] ?? ['']) names.add(type[1] + suffix);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}
