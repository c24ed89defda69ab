import { css } from '@emotion/css';
import { dateTimeFormat, type Field, type GrafanaTheme2, type LinkModel, type TimeZone } from '@grafana/data';
import { DataLinkButton, Drawer, LinkButton, Stack, TextLink, useStyles2 } from '@grafana/ui';

import { evidenceExploreUrl, newIncidentUrl, techniqueUrl } from '../data/findingLinks';
import type { TimelineChain, TimelineFinding } from '../data/readTimeline';
import { selectors } from '../selectors';
import { EvidenceRecords } from './EvidenceRecords';

interface Props {
  finding: TimelineFinding;
  /** The chain the finding is a step of, with its findings in step order. */
  chain?: { chain: TimelineChain; findings: TimelineFinding[] };
  datasourceUid: string;
  timeZone: TimeZone;
  links: Array<LinkModel<Field>>;
  /** Other findings at the same moment, which one click could not tell apart. */
  crowd?: TimelineFinding[];
  onSelect: (finding: TimelineFinding) => void;
  onClose: () => void;
  /** The panel's time range, in which the New incident page finds the findings again. */
  range: { from: number; to: number };
}

function when(finding: TimelineFinding, timeZone: TimeZone): string {
  const start = dateTimeFormat(finding.time, { timeZone });
  return finding.end === undefined ? start : `${start} to ${dateTimeFormat(finding.end, { timeZone })}`;
}

/** A finding's details: what happened, where, the technique, the evidence, its chain, and what to do next. */
export function FindingDrawer({
  finding,
  chain,
  datasourceUid,
  range,
  timeZone,
  links,
  crowd,
  onSelect,
  onClose,
}: Props) {
  const styles = useStyles2(getStyles);
  const technique = techniqueUrl(finding.technique);
  const explore = evidenceExploreUrl(finding, datasourceUid);
  // A chain opens as one incident with all its findings, those outside the range shown included.
  const incident = newIncidentUrl({
    findingIds: chain === undefined ? [finding.id ?? ''] : chain.chain.findingIds,
    chainId: chain?.chain.id,
    datasourceUid,
    from: range.from,
    to: range.to,
  });
  return (
    <Drawer
      title={finding.title}
      subtitle={`${finding.severity}${finding.score === undefined ? '' : `, score ${finding.score}`} · ${when(finding, timeZone)}`}
      onClose={onClose}
      size="md"
    >
      <div className={styles.body} data-testid={selectors.drawer}>
        {crowd !== undefined && crowd.length > 1 && (
          <section>
            <h4 className={styles.heading}>{`${crowd.length} findings at this moment`}</h4>
            <ul className={styles.steps}>
              {crowd.map((other) => (
                <li key={other.uid}>
                  <button
                    type="button"
                    className={other === finding ? styles.currentStep : styles.step}
                    data-testid={selectors.crowdItem}
                    data-finding-id={other.id ?? ''}
                    onClick={() => onSelect(other)}
                  >
                    {`${other.severity}: ${other.title}`}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {finding.text !== '' && <p className={styles.text}>{finding.text}</p>}
        <dl className={styles.facts}>
          {finding.category !== '' && (
            <>
              <dt>Category</dt>
              <dd>{finding.category}</dd>
            </>
          )}
          {finding.zone !== '' && (
            <>
              <dt>Zone</dt>
              <dd>
                {finding.zone}
                {finding.level === undefined ? '' : ` (Purdue level ${finding.level})`}
              </dd>
            </>
          )}
          {finding.asset !== '' && (
            <>
              <dt>Asset</dt>
              <dd>{finding.asset}</dd>
            </>
          )}
          <dt>Technique</dt>
          <dd>
            {technique === undefined ? (
              finding.technique || 'none given'
            ) : (
              <TextLink href={technique} external>
                {`${finding.technique} in ATT&CK for ICS`}
              </TextLink>
            )}
          </dd>
          {finding.id !== undefined && (
            <>
              <dt>Finding id</dt>
              <dd className={styles.code}>{finding.id}</dd>
            </>
          )}
        </dl>
        {finding.evidenceQuery !== '' && (
          <section>
            <h4 className={styles.heading}>Evidence</h4>
            <pre className={styles.query}>{finding.evidenceQuery}</pre>
            {datasourceUid !== '' && (
              <EvidenceRecords finding={finding} datasourceUid={datasourceUid} timeZone={timeZone} />
            )}
          </section>
        )}
        {chain !== undefined && (
          <section>
            <h4 className={styles.heading}>{`Chain: ${chain.chain.title || chain.chain.id}`}</h4>
            <ol className={styles.steps}>
              {chain.findings.map((step) => (
                <li key={step.uid}>
                  <button
                    type="button"
                    className={step === finding ? styles.currentStep : styles.step}
                    onClick={() => onSelect(step)}
                  >
                    {`${dateTimeFormat(step.time, { timeZone, format: 'HH:mm:ss' })} ${step.title}`}
                  </button>
                </li>
              ))}
            </ol>
          </section>
        )}
        <Stack gap={1} wrap="wrap">
          {explore !== undefined && (
            <LinkButton href={explore} icon="compass" variant="secondary" data-testid={selectors.explore}>
              Evidence in Explore
            </LinkButton>
          )}
          {incident !== undefined && (
            <LinkButton href={incident} icon="fire" data-testid={selectors.openIncident}>
              {chain === undefined
                ? 'Open incident'
                : `Open incident from the chain (${chain.chain.findingIds.length})`}
            </LinkButton>
          )}
          {links.map((link) => (
            <DataLinkButton key={`${link.title}-${link.href}`} link={link} />
          ))}
        </Stack>
      </div>
    </Drawer>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  text: css({ margin: 0 }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  code: css({ fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all' }),
  heading: css({ fontSize: theme.typography.h6.fontSize, marginBottom: theme.spacing(1) }),
  query: css({ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: theme.spacing(0, 0, 1) }),
  steps: css({ margin: 0, paddingLeft: theme.spacing(3) }),
  step: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.link,
    cursor: 'pointer',
    textAlign: 'left',
  }),
  currentStep: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.primary,
    fontWeight: theme.typography.fontWeightMedium,
    textAlign: 'left',
  }),
});
