import type { AppConfig } from '../config/app-config';

/** A page of the Temporal UI in the service's namespace: a workflow's or a schedule's. */
export function temporalUiUrl(
  config: Pick<AppConfig, 'temporalUiUrl' | 'temporal'>,
  kind: 'workflows' | 'schedules',
  id: string,
): string {
  const base = config.temporalUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${config.temporal.namespace}/${kind}/${id}`;
}
