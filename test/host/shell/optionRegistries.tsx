import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldColorModeId,
  type FieldConfigPropertyItem,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  type StandardEditorProps,
  type StandardEditorsRegistryItem,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  ThresholdsMode,
  thresholdsOverrideProcessor,
  type TransformerRegistryItem,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';
import { config } from '@grafana/runtime';
import { Input, RadioButtonGroup, Select, Switch } from '@grafana/ui';
import type { ComponentType } from 'react';

type Editor = ComponentType<StandardEditorProps>;

interface SelectSettings {
  options?: Array<{ value: unknown; label?: string }>;
}

const TextEditor: Editor = ({ value, onChange }) => (
  <Input value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value)} />
);

const NumberEditor: Editor = ({ value, onChange }) => (
  <Input
    type="number"
    value={typeof value === 'number' ? value : ''}
    onChange={(event) => onChange(event.currentTarget.value === '' ? undefined : Number(event.currentTarget.value))}
  />
);

const BooleanEditor: Editor = ({ value, onChange }) => (
  <Switch value={Boolean(value)} onChange={(event) => onChange(event.currentTarget.checked)} />
);

const SelectEditor: Editor = ({ value, onChange, item }) => {
  const settings = (item.settings ?? {}) as SelectSettings;
  return (
    <Select
      value={value}
      options={(settings.options ?? []).map((option) => ({ ...option, label: option.label ?? String(option.value) }))}
      onChange={(selected) => onChange(selected.value)}
    />
  );
};

const RadioEditor: Editor = ({ value, onChange, item }) => {
  const settings = (item.settings ?? {}) as SelectSettings;
  return (
    <RadioButtonGroup
      value={value}
      options={(settings.options ?? []).map((option) => ({ ...option, label: option.label ?? String(option.value) }))}
      onChange={onChange}
    />
  );
};

/** Editors Grafana core implements with its own components; the host has no panel editor to show them in. */
export const NotInHostEditor: Editor = ({ item }) => <span>{item.name}: edited in Grafana&apos;s panel editor</span>;

// The option editors Grafana core registers (public/app/core/components/OptionsUI/registry.tsx), by id:
// without them PanelOptionsEditorBuilder's addTextInput and friends throw '"text" not found'.
const EDITORS: Array<[string, Editor]> = [
  ['text', TextEditor],
  ['number', NumberEditor],
  ['slider', NumberEditor],
  ['boolean', BooleanEditor],
  ['select', SelectEditor],
  ['multi-select', SelectEditor],
  ['radio', RadioEditor],
  ['strings', NotInHostEditor],
  ['unit', TextEditor],
  ['color', TextEditor],
  ['field-color', NotInHostEditor],
  ['links', NotInHostEditor],
  ['actions', NotInHostEditor],
  ['stats-picker', NotInHostEditor],
  ['timezone', TextEditor],
  ['field-name', TextEditor],
  ['dashboard-uid', TextEditor],
  ['mappings', NotInHostEditor],
  ['thresholds', NotInHostEditor],
  ['interval', TextEditor],
  ['data-links', NotInHostEditor],
];

function editorItems(): StandardEditorsRegistryItem[] {
  return EDITORS.map(([id, editor]) => ({ id, name: id, editor }));
}

const numeric = (field: { type: FieldType }) => field.type === FieldType.number;
const any = () => true;

function fieldConfig(
  id: string,
  path: string,
  process: FieldConfigPropertyItem['process'],
  editor: Editor,
  shouldApply: FieldConfigPropertyItem['shouldApply'] = any,
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return { id, path, name: id, process, editor, override: editor, shouldApply, defaultValue };
}

// The standard field options Grafana core registers (getAllStandardFieldConfigs), with @grafana/data's own
// processors, so applyFieldOverrides treats units, min/max, thresholds, mappings and links as in Grafana.
function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    fieldConfig('unit', 'unit', unitOverrideProcessor, TextEditor),
    fieldConfig('min', 'min', numberOverrideProcessor, NumberEditor, numeric),
    fieldConfig('max', 'max', numberOverrideProcessor, NumberEditor, numeric),
    fieldConfig('fieldMinMax', 'fieldMinMax', booleanOverrideProcessor, BooleanEditor, numeric),
    fieldConfig('decimals', 'decimals', numberOverrideProcessor, NumberEditor, numeric),
    fieldConfig('displayName', 'displayName', displayNameOverrideProcessor, TextEditor),
    fieldConfig('color', 'color', identityOverrideProcessor, NotInHostEditor, any, {
      mode: FieldColorModeId.Thresholds,
    }),
    fieldConfig('noValue', 'noValue', stringOverrideProcessor, TextEditor),
    fieldConfig('links', 'links', dataLinksOverrideProcessor, NotInHostEditor),
    fieldConfig('mappings', 'mappings', valueMappingsOverrideProcessor, NotInHostEditor, any, []),
    fieldConfig('thresholds', 'thresholds', thresholdsOverrideProcessor, NotInHostEditor, any, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    fieldConfig('filterable', 'filterable', booleanOverrideProcessor, BooleanEditor),
  ];
}

/**
 * Grafana 13 resolves a transformer when a panel first uses it (the item's `transformation` gives a promise of it);
 * Grafana 12 holds it in the item.
 */
function transformersResolvedLazily(): boolean {
  return Number.parseInt(config.buildInfo.version, 10) >= 13;
}

function transformerItems(): TransformerRegistryItem[] {
  // @grafana/data exports some transformers under two names (seriesToColumns is joinByField); the registry takes
  // each id once, as Grafana core's own list gives it.
  const byId = new Map(
    Object.values(standardTransformers).map((transformation) => [transformation.id, transformation])
  );
  const lazy = transformersResolvedLazily();
  return [...byId.values()].map((transformation) => ({
    id: transformation.id,
    name: transformation.name,
    description: transformation.description,
    // Typed against Grafana 12's item, the form the workspace builds with.
    transformation: (lazy
      ? () => Promise.resolve(transformation)
      : transformation) as unknown as TransformerRegistryItem['transformation'],
    editor: () => null,
    imageDark: '',
    imageLight: '',
  }));
}

/** Fills the registries Grafana core fills at start-up, before any plugin module is evaluated. */
export function initOptionRegistries(): void {
  standardEditorsRegistry.setInit(editorItems);
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
  standardTransformersRegistry.setInit(transformerItems);
}
