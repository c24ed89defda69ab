import { enterZone, renderQueryEditor } from '../../../test/renderQueryEditor';
import { QueryEditorInventory } from './QueryEditorInventory';

describe('QueryEditorInventory', () => {
  it('limits the inventory to a zone and runs the query', () => {
    const { onChange, onRunQuery } = renderQueryEditor(QueryEditorInventory, { refId: 'A', queryType: 'inventory' });

    enterZone('supervisory');

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'inventory', zone: 'supervisory' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('does not run again when the zone did not change', () => {
    const { onChange } = renderQueryEditor(QueryEditorInventory, {
      refId: 'A',
      queryType: 'inventory',
      zone: 'supervisory',
    });

    enterZone('supervisory');

    expect(onChange).not.toHaveBeenCalled();
  });
});
