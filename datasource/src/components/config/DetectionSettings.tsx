import {
  DEFAULT_CORRELATION_OPTIONS,
  type DetectionConfig,
  detectionConfig,
  detectionConfigProblems,
  parseZoneModel,
  SEVERITIES,
  type Severity,
} from '@conduit/core';
import type { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { Alert, Field, FieldSet, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import { type ChangeEvent, useMemo } from 'react';

import type { ConduitDataSourceOptions, ConduitSecureJsonData, DetectionOverrides } from '../../types';
import { selectors } from '../selectors';

type Props = DataSourcePluginOptionsEditorProps<ConduitDataSourceOptions, ConduitSecureJsonData>;

interface NumberSetting {
  detector: keyof DetectionConfig;
  setting: string;
  label: string;
  description: string;
}

/** The settings people tune first; every other one stays in the zone model's `detection` section. */
export const NUMBER_SETTINGS: readonly NumberSetting[] = [
  {
    detector: 'baseline',
    setting: 'hours',
    label: 'Baseline window (hours)',
    description: 'Learning window at the start of the range: what happens there is normal by definition.',
  },
  {
    detector: 'baseline',
    setting: 'maxFraction',
    label: 'Baseline share of the range at most',
    description: 'From 0 to 1: a short range keeps this much of itself for learning.',
  },
  {
    detector: 'process-anomaly',
    setting: 'threshold',
    label: 'Process anomaly threshold (robust z)',
    description: 'Distance from the baseline profile, in median absolute deviations.',
  },
  {
    detector: 'reconnaissance',
    setting: 'minDestinations',
    label: 'Scan: destinations in a window',
    description: 'Distinct destinations one source must reach to count as a scan.',
  },
  {
    detector: 'brute-force',
    setting: 'minFailures',
    label: 'Brute force: failed logins in a window',
    description: 'Failures from one source before a finding.',
  },
  {
    detector: 'silent-channel',
    setting: 'silentBuckets',
    label: 'Silent channel: quiet buckets',
    description: 'Buckets without a periodic channel before it counts as silent.',
  },
];

const SEVERITY_OPTIONS: Array<SelectableValue<Severity>> = SEVERITIES.map((s) => ({ label: s, value: s }));

function withSetting(
  overrides: DetectionOverrides | undefined,
  detector: string,
  setting: string,
  value: number | string | undefined
): DetectionOverrides | undefined {
  const next: DetectionOverrides = { ...overrides };
  const settings = { ...next[detector] };
  if (value === undefined) {
    delete settings[setting];
  } else {
    settings[setting] = value;
  }
  if (Object.keys(settings).length === 0) {
    delete next[detector];
  } else {
    next[detector] = settings;
  }
  return Object.keys(next).length === 0 ? undefined : next;
}

/** Baseline window and thresholds over the zone model's own `detection` section; empty keeps the model's value. */
export function DetectionSettings({ options, onOptionsChange }: Props) {
  const { jsonData } = options;
  const overrides = jsonData.detection;
  const zoneModel = jsonData.zoneModel ?? '';
  // What applies without an override: the model's section over the core's defaults.
  const inherited = useMemo(() => {
    const parsed = parseZoneModel(zoneModel);
    return detectionConfig(parsed.ok ? parsed.model : undefined);
  }, [zoneModel]);
  const problems = useMemo(() => detectionConfigProblems({ detection: overrides }), [overrides]);

  const setDetection = (detection: DetectionOverrides | undefined) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, detection } });

  const setNumber = (item: NumberSetting) => (event: ChangeEvent<HTMLInputElement>) => {
    const text = event.currentTarget.value.trim();
    const value = Number(text);
    setDetection(
      withSetting(overrides, item.detector, item.setting, text === '' || !Number.isFinite(value) ? undefined : value)
    );
  };

  const inheritedValue = (item: NumberSetting): string => {
    const settings = inherited[item.detector] as Record<string, number | string | boolean>;
    return String(settings[item.setting] ?? '');
  };
  const override = (detector: string, setting: string): number | string | boolean | undefined =>
    overrides?.[detector]?.[setting];

  const minSeverity = override('alert-passthrough', 'minSeverity');
  const gap = jsonData.chainMaxGapMinutes;

  return (
    <FieldSet label="Detection">
      <p>
        Settings here win over the zone model&apos;s detection section; leave one empty to keep the model&apos;s value.
      </p>
      <Stack direction="row" wrap="wrap" gap={2}>
        {NUMBER_SETTINGS.map((item) => {
          const value = override(item.detector, item.setting);
          return (
            <Field key={`${item.detector}.${item.setting}`} label={item.label} description={item.description}>
              <Input
                data-testid={selectors.config.detectionSetting(item.detector, item.setting)}
                type="number"
                min={0}
                width={16}
                placeholder={inheritedValue(item)}
                value={typeof value === 'number' ? value : ''}
                onChange={setNumber(item)}
              />
            </Field>
          );
        })}
      </Stack>
      <Field
        label="IDS/EDR alerts at least"
        description="Alerts below this severity are not passed through as findings."
      >
        <RadioButtonGroup<Severity>
          options={SEVERITY_OPTIONS}
          value={
            typeof minSeverity === 'string'
              ? (minSeverity as Severity)
              : (inherited['alert-passthrough'].minSeverity as Severity)
          }
          onChange={(severity) => setDetection(withSetting(overrides, 'alert-passthrough', 'minSeverity', severity))}
        />
      </Field>
      <Field label="Chain gap (minutes)" description="Findings further apart than this are not linked into one chain.">
        <Input
          data-testid={selectors.config.chainMaxGap}
          type="number"
          min={1}
          width={16}
          placeholder={String(DEFAULT_CORRELATION_OPTIONS.maxGapMs / 60_000)}
          value={typeof gap === 'number' ? gap : ''}
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            const text = event.currentTarget.value.trim();
            const minutes = Number(text);
            onOptionsChange({
              ...options,
              jsonData: {
                ...jsonData,
                chainMaxGapMinutes: text === '' || !Number.isFinite(minutes) ? undefined : minutes,
              },
            });
          }}
        />
      </Field>
      {problems.length > 0 && (
        <Alert severity="warning" title="Some detection settings are ignored">
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
    </FieldSet>
  );
}
