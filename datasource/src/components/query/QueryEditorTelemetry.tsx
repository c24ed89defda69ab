import {
  AGGREGATES,
  type Aggregate,
  classifyInfluxQL,
  measurementContract,
  measurementsOf,
  type StoreKind,
} from '@conduit/core';
import type { SelectableValue } from '@grafana/data';
import {
  Alert,
  Button,
  Combobox,
  type ComboboxOption,
  Field,
  IconButton,
  Input,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
  TextArea,
} from '@grafana/ui';
import type { ChangeEvent, FocusEvent } from 'react';

import {
  FILL_OPTIONS,
  type FillOption,
  type TagFilter,
  type TagFilterOperator,
  type TelemetryEditorMode,
} from '../../types';
import { selectors } from '../selectors';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';

const STORE_OPTIONS: Array<SelectableValue<StoreKind>> = [
  { label: 'OT store', value: 'ot' },
  { label: 'IT store', value: 'it' },
];

const MODE_OPTIONS: Array<SelectableValue<TelemetryEditorMode>> = [
  { label: 'Builder', value: 'builder' },
  { label: 'InfluxQL', value: 'raw' },
];

const OPERATOR_OPTIONS: Array<SelectableValue<TagFilterOperator>> = [
  { label: '=', value: '=' },
  { label: '!=', value: '!=' },
];

const FILL_CHOICES: Array<SelectableValue<FillOption>> = FILL_OPTIONS.map((fill) => ({ label: fill, value: fill }));

const AGGREGATE_OPTIONS: Array<ComboboxOption<Aggregate>> = AGGREGATES.map((a) => ({ label: a, value: a }));

function options(values: readonly string[]): Array<ComboboxOption<string>> {
  return values.map((value) => ({ label: value, value }));
}

const RAW_PLACEHOLDER =
  'SELECT sum("bytes_out") FROM "flow" WHERE $timeFilter AND "dst_zone" = \'$zone\' GROUP BY time($__interval), "src_zone"';

type IdentifiedFilter = TagFilter & { id: string };

function newFilterId(): string {
  return `filter-${Math.random().toString(36).slice(2, 10)}`;
}

/** Filters saved before rows had ids get one from their position, stable until the query is next changed. */
function withIds(filters: readonly TagFilter[]): IdentifiedFilter[] {
  return filters.map((filter, index) => ({ ...filter, id: filter.id ?? `filter-at-${index}` }));
}

/** A filter after an edit; a value typed by hand replaces the values a multi-value variable stood for. */
function edited(filter: IdentifiedFilter, changes: Partial<TagFilter>): IdentifiedFilter {
  const next = { ...filter, ...changes };
  if (changes.value !== undefined) {
    delete next.values;
  }
  return next;
}

/** Telemetry: a visual builder over the telemetry contract, or InfluxQL written by hand. */
export function QueryEditorTelemetry(props: ConduitQueryEditorProps) {
  const { query, onChange, onRunQuery } = props;
  const run = changeAndRun(props);
  const store: StoreKind = query.store === 'it' ? 'it' : 'ot';
  const mode: TelemetryEditorMode = query.editorMode === 'raw' ? 'raw' : 'builder';
  const contract = query.measurement === undefined ? undefined : measurementContract(query.measurement);
  const measurementOptions = options(measurementsOf(store).map((m) => m.name));
  const fieldOptions = options(contract === undefined ? [] : Object.keys(contract.fields));
  const tagOptions = options(contract === undefined ? [] : contract.tags);
  // Rows are named by a stable id (given to filters saved before ids existed on their first change), and the
  // inputs show the query itself, so removing a row can never leave its text in the next one.
  const filters = withIds(query.tagFilters ?? []);
  const setFilter = (id: string, changes: Partial<TagFilter>) =>
    onChange({ ...query, tagFilters: filters.map((f) => (f.id === id ? edited(f, changes) : f)) });
  const verdict =
    mode === 'raw' && (query.rawQuery ?? '').trim() !== '' ? classifyInfluxQL(query.rawQuery ?? '') : undefined;

  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor('telemetry')}>
      <Stack gap={2}>
        <Field label="Store">
          <RadioButtonGroup<StoreKind>
            options={STORE_OPTIONS}
            value={store}
            onChange={(value) => run({ store: value })}
          />
        </Field>
        <Field label="Editor">
          <RadioButtonGroup<TelemetryEditorMode>
            options={MODE_OPTIONS}
            value={mode}
            onChange={(value) => run({ editorMode: value })}
          />
        </Field>
      </Stack>
      {mode === 'raw' ? (
        <>
          <Field
            label="InfluxQL"
            description="SELECT and SHOW only. $timeFilter is the panel's range, $__interval its bucket; dashboard variables are escaped where they land. Runs when the editor loses focus."
          >
            <TextArea
              data-testid={selectors.query.rawQuery}
              rows={4}
              spellCheck={false}
              style={{ fontFamily: 'monospace' }}
              placeholder={RAW_PLACEHOLDER}
              value={query.rawQuery ?? ''}
              onChange={(event: ChangeEvent<HTMLTextAreaElement>) =>
                onChange({ ...query, rawQuery: event.currentTarget.value })
              }
              onBlur={onRunQuery}
            />
          </Field>
          {verdict !== undefined && !verdict.readOnly && (
            <Alert severity="error" title="This statement will not be sent">
              {verdict.reason}. Conduit only reads (SELECT and SHOW).
            </Alert>
          )}
        </>
      ) : (
        <>
          <Stack gap={2} wrap="wrap">
            <Field label="Measurement">
              <Combobox<string>
                data-testid={selectors.query.measurement}
                width={24}
                options={measurementOptions}
                value={query.measurement ?? null}
                createCustomValue
                onChange={(option) =>
                  run({ measurement: option.value, field: undefined, groupByTags: [], tagFilters: [] })
                }
              />
            </Field>
            <Field label="Field">
              <Combobox<string>
                data-testid={selectors.query.field}
                width={20}
                options={fieldOptions}
                value={query.field ?? null}
                createCustomValue
                onChange={(option) => run({ field: option.value })}
              />
            </Field>
            <Field label="Aggregation">
              <Combobox<Aggregate>
                width={16}
                options={AGGREGATE_OPTIONS}
                value={query.aggregation ?? 'mean'}
                onChange={(option) => run({ aggregation: option.value })}
              />
            </Field>
            {query.aggregation === 'percentile' && (
              <Field label="Percentile">
                <Input
                  type="number"
                  min={1}
                  max={100}
                  width={10}
                  defaultValue={query.percentile ?? 95}
                  onBlur={(event: FocusEvent<HTMLInputElement>) =>
                    run({ percentile: Number(event.currentTarget.value) })
                  }
                />
              </Field>
            )}
          </Stack>
          <Stack gap={2} wrap="wrap">
            <Field label="GROUP BY time()" description="At least this wide; empty follows the panel ($__interval).">
              <Input
                data-testid={selectors.query.interval}
                width={14}
                placeholder="$__interval"
                defaultValue={query.interval ?? ''}
                onBlur={(event: FocusEvent<HTMLInputElement>) =>
                  run({ interval: event.currentTarget.value.trim() || undefined })
                }
              />
            </Field>
            <Field label="GROUP BY tags">
              <MultiCombobox<string>
                data-testid={selectors.query.groupByTags}
                width={40}
                options={tagOptions}
                value={query.groupByTags ?? []}
                onChange={(chosen) => run({ groupByTags: chosen.map((option) => option.value) })}
              />
            </Field>
            <Field label="Fill">
              <RadioButtonGroup<FillOption>
                options={FILL_CHOICES}
                value={query.fill ?? 'null'}
                onChange={(fill) => run({ fill })}
              />
            </Field>
          </Stack>
          <Field
            label="WHERE"
            description="Values may be dashboard variables ($zone); a multi-value variable matches any of its values."
          >
            <Stack direction="column" gap={1}>
              {filters.map((filter, index) => (
                <Stack key={filter.id} gap={1} alignItems="center">
                  <Input
                    data-testid={selectors.query.tagFilterTag(index)}
                    width={20}
                    placeholder="tag"
                    value={filter.tag}
                    onChange={(event: ChangeEvent<HTMLInputElement>) =>
                      setFilter(filter.id, { tag: event.currentTarget.value })
                    }
                    onBlur={() => onRunQuery()}
                  />
                  <RadioButtonGroup<TagFilterOperator>
                    options={OPERATOR_OPTIONS}
                    value={filter.operator}
                    onChange={(operator) =>
                      run({ tagFilters: filters.map((f) => (f.id === filter.id ? { ...f, operator } : f)) })
                    }
                  />
                  <Input
                    data-testid={selectors.query.tagFilterValue(index)}
                    width={24}
                    placeholder="value or $variable"
                    value={filter.value}
                    onChange={(event: ChangeEvent<HTMLInputElement>) =>
                      setFilter(filter.id, { value: event.currentTarget.value })
                    }
                    onBlur={() => onRunQuery()}
                  />
                  <IconButton
                    name="trash-alt"
                    aria-label={`Remove filter ${index + 1}`}
                    onClick={() => run({ tagFilters: filters.filter((f) => f.id !== filter.id) })}
                  />
                </Stack>
              ))}
              <div>
                <Button
                  data-testid={selectors.query.addTagFilter}
                  variant="secondary"
                  size="sm"
                  icon="plus"
                  onClick={() =>
                    onChange({
                      ...query,
                      tagFilters: [
                        ...filters,
                        { id: newFilterId(), tag: tagOptions[0]?.value ?? '', operator: '=', value: '' },
                      ],
                    })
                  }
                >
                  Filter
                </Button>
              </div>
            </Stack>
          </Field>
          <Field label="Alias" description="Series name; $tag_<key> is a tag of the series, $col the column.">
            <Input
              data-testid={selectors.query.alias}
              width={30}
              placeholder="$tag_src_zone → $tag_dst_zone"
              defaultValue={query.alias ?? ''}
              onBlur={(event: FocusEvent<HTMLInputElement>) => run({ alias: event.currentTarget.value || undefined })}
            />
          </Field>
        </>
      )}
    </Stack>
  );
}
