import {
  DRILL_SCRIPTS,
  findDrillScript,
  type LinkedFinding,
  newIncidentId,
  proposePlaybook,
  SEVERITIES,
  type Severity,
  isSeverity,
} from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  Checkbox,
  Combobox,
  Field,
  Input,
  LoadingPlaceholder,
  Stack,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';

import { canChangeIncidents, ReadOnlyNotice } from '../components/incidents/ReadOnlyNotice';
import { SeverityBadge } from '../components/incidents/SeverityBadge';
import { conduitDataSource } from '../incidents/conduitDataSource';
import { type Candidates, type CandidateChain, loadCandidates } from '../incidents/findingSource';
import type { TimeSpan } from '../incidents/incidentLinks';
import { useAppSettings, usePlaybooks } from '../incidents/useAppSettings';
import { appendEventNow } from '../incidents/useIncidentEvents';
import { alertLabels, alertSummary } from '../incidents/alertLink';
import { incidentUrl } from '../routes';

/** Without a range in the link, findings of the last day are offered. */
const DEFAULT_LOOKBACK_MS = 24 * 3_600_000;

function requestedSpan(params: URLSearchParams, now: number): TimeSpan {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  return Number.isFinite(from) && Number.isFinite(to) && from > 0 && to > from
    ? { from, to }
    : { from: now - DEFAULT_LOOKBACK_MS, to: now };
}

function highestSeverity(findings: readonly LinkedFinding[]): Severity {
  return findings.reduce<Severity>(
    (highest, finding) =>
      SEVERITIES.indexOf(finding.severity) > SEVERITIES.indexOf(highest) ? finding.severity : highest,
    'low'
  );
}

/**
 * Opens an incident: from the findings or the chain a panel's "Open incident" link names (prefilled), from findings
 * picked here, by hand, or as a drill from a script.
 */
export function NewIncident() {
  const styles = useStyles2(getStyles);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const settings = useAppSettings();
  const { playbooks, problems } = usePlaybooks();
  const [now] = useState(() => Date.now());
  const span = useMemo(() => requestedSpan(params, now), [params, now]);
  // What the link asked for is read once; later choices on the page are the person's. An alert's runbook link
  // (the detection rules' `runbook_url`) names the rule, its title and its severity.
  const [link] = useState(() => ({
    findings: params.getAll('finding'),
    chain: params.get('chain') ?? undefined,
    title: params.get('title')?.trim() || undefined,
    severity: params.get('severity') ?? undefined,
    rule: params.get('rule')?.trim() || undefined,
    alertLabels: alertLabels(params),
  }));
  const asked = link.findings;
  const [chainId, setChainId] = useState(link.chain);
  const isDrill = params.get('drill') === '1';
  const dataSource = conduitDataSource({
    ...settings,
    datasourceUid: params.get('datasource') ?? settings.datasourceUid,
  });

  const [candidates, setCandidates] = useState<Candidates>();
  const [loadError, setLoadError] = useState<string>();
  const [selected, setSelected] = useState<Set<string>>(new Set(asked));
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>();
  const [playbookId, setPlaybookId] = useState<string>();
  const [summary, setSummary] = useState(() =>
    link.rule === undefined ? '' : alertSummary(link.rule, link.alertLabels)
  );
  const [scriptId, setScriptId] = useState(DRILL_SCRIPTS[0]?.id ?? '');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();

  const dataSourceUid = dataSource?.uid;
  useEffect(() => {
    if (dataSourceUid === undefined || isDrill) {
      return;
    }
    loadCandidates(dataSourceUid, span)
      .then((loaded) => {
        setCandidates(loaded);
        const chain = loaded.chains.find((candidate) => candidate.id === link.chain);
        if (chain !== undefined) {
          setSelected(new Set([...link.findings, ...chain.findingIds]));
        }
      })
      .catch((failure: unknown) => setLoadError(failure instanceof Error ? failure.message : String(failure)));
  }, [dataSourceUid, span, isDrill, link]);

  const chain = candidates?.chains.find((candidate) => candidate.id === chainId);
  const linked = (candidates?.findings ?? []).filter((finding) => selected.has(finding.id));
  const missing = asked.filter((id) => candidates !== undefined && !candidates.findings.some((f) => f.id === id));
  const script = isDrill ? findDrillScript(scriptId) : undefined;
  const proposed = script !== undefined ? script.playbook : proposePlaybook(linked, playbooks).id;
  const chosenPlaybook = playbookId ?? proposed;
  const linkSeverity = isSeverity(link.severity) ? link.severity : undefined;
  const defaultTitle = script?.name ?? link.title ?? chain?.title ?? linked[0]?.title ?? '';
  const chosenTitle = title || defaultTitle;
  const chosenSeverity =
    severity ?? script?.severity ?? linkSeverity ?? (linked.length > 0 ? highestSeverity(linked) : 'medium');

  const submit = async () => {
    setSaving(true);
    setSaveError(undefined);
    const id = newIncidentId(Date.now());
    try {
      await appendEventNow(
        id,
        {
          type: 'opened',
          title: chosenTitle.trim(),
          severity: chosenSeverity,
          summary: summary.trim() || script?.summary || undefined,
          playbook: chosenPlaybook,
          chain: chain?.id,
          findings: linked,
          zones: [...new Set(linked.flatMap((finding) => finding.zones))],
          assets: [...new Set(linked.flatMap((finding) => finding.assets))],
          drill: script === undefined ? undefined : { script: script.id },
        },
        script !== undefined
      );
      navigate(incidentUrl(id));
    } catch (failure) {
      setSaveError(failure instanceof Error ? failure.message : String(failure));
      setSaving(false);
    }
  };

  const pageNav = { text: isDrill ? 'Start a drill' : 'New incident' };
  if (!canChangeIncidents()) {
    return (
      <PluginPage pageNav={pageNav}>
        <ReadOnlyNotice />
      </PluginPage>
    );
  }
  return (
    <PluginPage pageNav={pageNav}>
      <div className={styles.form}>
        {problems.length > 0 && (
          <Alert severity="warning" title="The custom playbooks in the app settings are not valid">
            {problems.join('; ')}
          </Alert>
        )}
        {saveError !== undefined && (
          <Alert severity="error" title="The incident was not opened">
            {saveError}
          </Alert>
        )}
        {isDrill ? (
          <Field
            label="Drill script"
            htmlFor="incident-drill-script"
            description="Injects are revealed as time passes; the drill is scored and kept out of the real metrics."
          >
            <Combobox
              id="incident-drill-script"
              width={60}
              options={DRILL_SCRIPTS.map((candidate) => ({
                label: candidate.name,
                value: candidate.id,
                description: candidate.summary,
              }))}
              value={scriptId}
              onChange={(option) => setScriptId(option.value)}
            />
          </Field>
        ) : (
          <FindingPicker
            dataSourceName={dataSource?.name}
            span={span}
            candidates={candidates}
            loadError={loadError}
            selected={selected}
            missing={missing}
            chainId={chain?.id}
            onChain={(picked) => {
              setChainId(picked.id);
              setSelected(new Set(picked.findingIds));
            }}
            onToggle={(id) =>
              setSelected((previous) => {
                const next = new Set(previous);
                if (!next.delete(id)) {
                  next.add(id);
                }
                return next;
              })
            }
          />
        )}
        <Field label="Title" required htmlFor="incident-title">
          <Input
            id="incident-title"
            value={chosenTitle}
            placeholder="What is happening, where"
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
        </Field>
        <Stack gap={2}>
          <Field label="Severity" htmlFor="incident-severity">
            <Combobox
              id="incident-severity"
              width={18}
              options={[...SEVERITIES].reverse().map((value) => ({ label: value, value }))}
              value={chosenSeverity}
              onChange={(option) => setSeverity(isSeverity(option.value) ? option.value : undefined)}
            />
          </Field>
          <Field
            label="Playbook"
            htmlFor="incident-playbook"
            description={playbookId === undefined ? 'Proposed from the findings' : undefined}
          >
            <Combobox
              id="incident-playbook"
              width={40}
              options={playbooks.map((playbook) => ({
                label: playbook.name,
                value: playbook.id,
                description: playbook.description,
              }))}
              value={chosenPlaybook}
              onChange={(option) => setPlaybookId(option.value)}
            />
          </Field>
        </Stack>
        <Field label="Summary" htmlFor="incident-summary">
          <TextArea
            id="incident-summary"
            rows={3}
            value={summary}
            placeholder={script?.summary ?? 'What is known so far'}
            onChange={(event) => setSummary(event.currentTarget.value)}
          />
        </Field>
        <div>
          <Button icon="fire" disabled={saving || chosenTitle.trim() === ''} onClick={() => void submit()}>
            {isDrill ? 'Start the drill' : 'Open incident'}
          </Button>
        </div>
      </div>
    </PluginPage>
  );
}

interface PickerProps {
  dataSourceName?: string;
  span: TimeSpan;
  candidates?: Candidates;
  loadError?: string;
  selected: ReadonlySet<string>;
  missing: string[];
  chainId?: string;
  onChain: (chain: CandidateChain) => void;
  onToggle: (id: string) => void;
}

function FindingPicker({
  dataSourceName,
  span,
  candidates,
  loadError,
  selected,
  missing,
  chainId,
  onChain,
  onToggle,
}: PickerProps) {
  const styles = useStyles2(getStyles);
  if (dataSourceName === undefined) {
    return (
      <Alert severity="info" title="No Conduit datasource">
        Findings come from a Conduit datasource; without one, the incident is opened by hand.
      </Alert>
    );
  }
  if (loadError !== undefined) {
    return (
      <Alert severity="warning" title={`The findings could not be read from ${dataSourceName}`}>
        {`${loadError} The incident can still be opened by hand.`}
      </Alert>
    );
  }
  if (candidates === undefined) {
    return <LoadingPlaceholder text={`Reading findings from ${dataSourceName}…`} />;
  }
  const chainTitle = candidates.chains.find((chain) => chain.id === chainId)?.title;
  return (
    <>
      {candidates.chains.length > 0 && (
        <Field label="Correlated chains" description="A chain opens as one incident with all its findings linked.">
          <div className={styles.findings} role="group" aria-label="Chains">
            {candidates.chains.map((chain) => (
              <div
                key={chain.id}
                className={styles.finding}
                data-chain={chain.id}
                data-start={chain.start}
                data-end={chain.end}
              >
                <SeverityBadge severity={isSeverity(chain.severity) ? chain.severity : 'info'} />
                <span className={styles.grow}>{chain.title}</span>
                <span
                  className={styles.muted}
                >{`${chain.findingIds.length} findings, ${dateTimeFormat(chain.start)}`}</span>
                <Button
                  size="sm"
                  variant={chain.id === chainId ? 'primary' : 'secondary'}
                  icon={chain.id === chainId ? 'check' : undefined}
                  onClick={() => onChain(chain)}
                >
                  {chain.id === chainId ? 'Chosen' : 'Use this chain'}
                </Button>
              </div>
            ))}
          </div>
        </Field>
      )}
      <Field
        label={chainTitle !== undefined ? `Findings of the chain “${chainTitle}”` : 'Findings'}
        description={`${dateTimeFormat(span.from)} to ${dateTimeFormat(span.to)}, from ${dataSourceName}`}
      >
        <div className={styles.findings} role="group" aria-label="Findings to link">
          {missing.length > 0 && (
            <Alert severity="warning" title="Some findings of the link were not found in this period">
              {missing.join(', ')}
            </Alert>
          )}
          {candidates.findings.length === 0 && <span className={styles.muted}>No findings in this period.</span>}
          {[...candidates.findings]
            .sort((a, b) => Number(selected.has(b.id)) - Number(selected.has(a.id)) || b.time - a.time)
            .map((finding) => (
              <label key={finding.id} className={styles.finding} data-finding={finding.id}>
                <Checkbox
                  value={selected.has(finding.id)}
                  onChange={() => onToggle(finding.id)}
                  aria-label={finding.title}
                />
                <SeverityBadge severity={finding.severity} />
                <span className={styles.grow}>{finding.title}</span>
                <span className={styles.muted}>{dateTimeFormat(finding.time)}</span>
              </label>
            ))}
        </div>
      </Field>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), maxWidth: 960 }),
  findings: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    maxHeight: 360,
    overflowY: 'auto',
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  finding: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center', cursor: 'pointer' }),
  grow: css({ flex: 1, minWidth: 0 }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
