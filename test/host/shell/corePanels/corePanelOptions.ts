import {
  type FieldConfigEditorBuilder,
  identityOverrideProcessor,
  type PanelOptionsEditorBuilder,
  type Field,
} from '@grafana/data';

import { NotInHostEditor } from '../optionRegistries';

/**
 * The host has no panel editor, so the options and field options of a core panel only need their defaults,
 * which Grafana's PanelPlugin collects from the builders' items (`plugin.defaults`, `fieldConfigDefaults`).
 * These add an item with a default and an editor that says where Grafana edits it.
 */
export function addOptionDefault<TOptions>(
  builder: PanelOptionsEditorBuilder<TOptions>,
  path: string,
  defaultValue: unknown
): void {
  builder.addCustomEditor({ id: path, path, name: path, editor: NotInHostEditor, defaultValue });
}

/** A custom field option (`fieldConfig.defaults.custom.<path>`) with its default, applied to matching fields. */
export function addFieldOptionDefault<TFieldOptions>(
  builder: FieldConfigEditorBuilder<TFieldOptions>,
  path: string,
  defaultValue: unknown,
  shouldApply: (field: Field) => boolean = () => true
): void {
  builder.addCustomEditor({
    id: path,
    path,
    name: path,
    editor: NotInHostEditor,
    override: NotInHostEditor,
    process: identityOverrideProcessor,
    shouldApply,
    defaultValue,
  });
}
