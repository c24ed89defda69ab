import './canvasMeasureText';

import { fireEvent, render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';

import type { ConduitQueryEditorProps } from '../src/components/query/queryEditorProps';
import { selectors } from '../src/components/selectors';
import type { ConduitDataSource } from '../src/datasource';
import type { ConduitQuery } from '../src/types';

/** Renders a query editor with spies for its callbacks. */
export function renderQueryEditor(Editor: ComponentType<ConduitQueryEditorProps>, query: ConduitQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<Editor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as ConduitDataSource} />);
  return { onChange, onRunQuery };
}

/** Types a zone into the zone field and leaves it, as a person would. */
export function enterZone(zone: string): void {
  const field = screen.getByTestId(selectors.query.zone);
  fireEvent.change(field, { target: { value: zone } });
  fireEvent.blur(field);
}
