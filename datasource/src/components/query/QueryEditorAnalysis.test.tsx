/** The editors of the analysis query types: topology, risk, findings, chains and inventory. */
import '../../testing/canvasMeasureText';

import { fireEvent, render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';

import type { ConduitDataSource } from '../../datasource';
import type { ConduitQuery } from '../../types';
import { selectors } from '../selectors';
import type { ConduitQueryEditorProps } from './queryEditorProps';
import { QueryEditorChains } from './QueryEditorChains';
import { QueryEditorFindings } from './QueryEditorFindings';
import { QueryEditorInventory } from './QueryEditorInventory';
import { QueryEditorRisk } from './QueryEditorRisk';
import { QueryEditorTopology } from './QueryEditorTopology';

function renderEditor(Editor: ComponentType<ConduitQueryEditorProps>, query: ConduitQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<Editor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as ConduitDataSource} />);
  return { onChange, onRunQuery };
}

describe.each([
  ['topology', QueryEditorTopology],
  ['risk', QueryEditorRisk],
  ['findings', QueryEditorFindings],
  ['chains', QueryEditorChains],
  ['inventory', QueryEditorInventory],
] as const)('the %s editor', (queryType, Editor) => {
  it('limits the query to a zone, or a zone variable, when the zone field loses focus', () => {
    const query: ConduitQuery = { refId: 'A', queryType };
    const { onChange, onRunQuery } = renderEditor(Editor, query);

    const zone = screen.getByTestId(selectors.query.zone);
    fireEvent.change(zone, { target: { value: ' $zone ' } });
    fireEvent.blur(zone);

    expect(onChange).toHaveBeenCalledWith({ ...query, zone: '$zone' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('clears the zone filter when the field is emptied', () => {
    const query: ConduitQuery = { refId: 'A', queryType, zone: 'basic-control' };
    const { onChange } = renderEditor(Editor, query);

    const zone = screen.getByTestId(selectors.query.zone);
    fireEvent.change(zone, { target: { value: '' } });
    fireEvent.blur(zone);

    expect(onChange).toHaveBeenCalledWith({ ...query, zone: undefined });
  });
});

describe('QueryEditorTopology', () => {
  it('switches between zones and assets', () => {
    const { onChange } = renderEditor(QueryEditorTopology, { refId: 'A', queryType: 'topology' });

    fireEvent.click(screen.getByLabelText('Assets'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'topology', topologyLevel: 'asset' });
  });
});

describe('QueryEditorRisk', () => {
  it('asks how many series only for risk over time', () => {
    renderEditor(QueryEditorRisk, { refId: 'A', queryType: 'risk' });
    expect(screen.queryByTestId(selectors.query.riskLimit)).not.toBeInTheDocument();
  });

  it('sets the number of series of risk over time', () => {
    const query: ConduitQuery = { refId: 'A', queryType: 'risk', riskView: 'overTime' };
    const { onChange } = renderEditor(QueryEditorRisk, query);

    const limit = screen.getByTestId(selectors.query.riskLimit);
    fireEvent.change(limit, { target: { value: '5' } });
    fireEvent.blur(limit);

    expect(onChange).toHaveBeenCalledWith({ ...query, riskLimit: 5 });
  });

  it('switches to zones', () => {
    const { onChange } = renderEditor(QueryEditorRisk, { refId: 'A', queryType: 'risk' });

    fireEvent.click(screen.getByLabelText('Zones'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'risk', riskEntity: 'zone' });
  });
});

describe('QueryEditorFindings and QueryEditorChains', () => {
  it.each([
    ['findings', QueryEditorFindings],
    ['chains', QueryEditorChains],
  ] as const)('set the severity floor of %s', (queryType, Editor) => {
    const { onChange } = renderEditor(Editor, { refId: 'A', queryType });

    fireEvent.click(screen.getByLabelText('high'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType, minSeverity: 'high' });
  });
});
