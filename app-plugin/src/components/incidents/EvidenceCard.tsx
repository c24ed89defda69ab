import type { Evidence, IncidentEventBody, IncidentState } from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Button, Combobox, Input, Stack, TextLink, useStyles2 } from '@grafana/ui';
import { useState } from 'react';

import {
  assetDashboardUrl,
  findingSpan,
  findingsExploreUrl,
  incidentSpan,
  zoneDashboardUrl,
} from '../../incidents/incidentLinks';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  state: IncidentState;
  datasourceUid?: string;
  writable: boolean;
  /** Records the event; resolves true once Grafana has stored it, false when it was not (the page says why). */
  act: (body: IncidentEventBody) => Promise<boolean>;
}

type LinkKind = 'asset' | 'zone' | 'link';

const KIND_OPTIONS = [
  { label: 'Asset', value: 'asset' as const },
  { label: 'Zone', value: 'zone' as const },
  { label: 'Link', value: 'link' as const },
];

/** The findings, zones and assets the incident is about, each leading to the dashboards or Explore at its time. */
export function EvidenceCard({ state, datasourceUid, writable, act }: Props) {
  const styles = useStyles2(getStyles);
  const span = incidentSpan(state);
  const zones = [
    ...new Set([...state.zones, ...state.findings.flatMap((f) => f.zones), ...linked(state.evidence, 'zone')]),
  ];
  const assets = [
    ...new Set([...state.assets, ...state.findings.flatMap((f) => f.assets), ...linked(state.evidence, 'asset')]),
  ];
  const links = state.evidence.flatMap((evidence) => (evidence.kind === 'link' ? [evidence] : []));
  return (
    <section aria-label="Evidence" className={styles.card}>
      <h3 className={styles.heading}>Evidence</h3>
      {state.findings.length === 0 ? (
        <p className={styles.muted}>No finding is linked.</p>
      ) : (
        <ul className={styles.list} aria-label="Linked findings">
          {state.findings.map((finding) => (
            <li key={finding.id} className={styles.finding} data-finding={finding.id}>
              <SeverityBadge severity={finding.severity} />
              <div className={styles.grow}>
                <div>{finding.title}</div>
                <div className={styles.muted}>
                  {dateTimeFormat(finding.time)}
                  {finding.technique ? ` · ${finding.technique}` : ''}
                </div>
              </div>
              {datasourceUid !== undefined && (
                <TextLink
                  href={findingsExploreUrl(datasourceUid, findingSpan(finding), finding.zones[0])}
                  icon="compass"
                >
                  Explore
                </TextLink>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className={styles.chips}>
        {zones.map((zone) => (
          <TextLink key={`zone-${zone}`} href={zoneDashboardUrl(zone, span)} icon="sitemap">
            {zone}
          </TextLink>
        ))}
        {assets.map((asset) => (
          <TextLink key={`asset-${asset}`} href={assetDashboardUrl(asset, span)} icon="cube">
            {asset}
          </TextLink>
        ))}
        {datasourceUid !== undefined && (
          <TextLink href={findingsExploreUrl(datasourceUid, span)} icon="compass">
            All findings of the period in Explore
          </TextLink>
        )}
      </div>
      {links.map((link) => (
        <TextLink key={link.url} href={link.url} external>
          {link.title}
        </TextLink>
      ))}
      {writable && state.status === 'open' && <LinkEvidence act={act} />}
    </section>
  );
}

function linked(evidence: readonly Evidence[], kind: 'zone' | 'asset'): string[] {
  return evidence.flatMap((item) =>
    item.kind === 'zone' && kind === 'zone'
      ? [item.zone]
      : item.kind === 'asset' && kind === 'asset'
        ? [item.asset]
        : []
  );
}

function LinkEvidence({ act }: { act: Props['act'] }) {
  const [kind, setKind] = useState<LinkKind>('asset');
  const [value, setValue] = useState('');
  const [title, setTitle] = useState('');
  const valid = value.trim() !== '' && (kind !== 'link' || /^https?:\/\//.test(value.trim()));
  const submit = async () => {
    const text = value.trim();
    const evidence: Evidence =
      kind === 'asset'
        ? { kind, asset: text }
        : kind === 'zone'
          ? { kind, zone: text }
          : { kind, url: text, title: title.trim() || text };
    if (!(await act({ type: 'evidence-linked', evidence }))) {
      return;
    }
    setValue('');
    setTitle('');
  };
  return (
    <Stack gap={1} alignItems="center" wrap="wrap">
      <Combobox
        width={12}
        options={KIND_OPTIONS}
        value={kind}
        onChange={(option) => setKind(option.value)}
        aria-label="Kind of evidence"
      />
      <Input
        width={28}
        aria-label="Evidence to link"
        placeholder={kind === 'link' ? 'https://…' : kind === 'zone' ? 'zone id' : 'asset name'}
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
      />
      {kind === 'link' && (
        <Input
          width={20}
          aria-label="Link title"
          placeholder="title"
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
      )}
      <Button size="sm" variant="secondary" icon="link" disabled={!valid} onClick={() => void submit()}>
        Link
      </Button>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ margin: 0 }),
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  finding: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' }),
  grow: css({ flex: 1, minWidth: 0 }),
  chips: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1.5) }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: 0 }),
});
