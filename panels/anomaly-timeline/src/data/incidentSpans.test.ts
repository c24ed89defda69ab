import { FieldType, toDataFrame } from '@grafana/data';

import { INCIDENT_TAG, incidentSpans } from './incidentSpans';

describe('incidentSpans', () => {
  it('takes annotations tagged as incidents, as spans or moments, and nothing else', () => {
    const annotations = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [100, 200, 300, 400] },
        { name: 'timeEnd', type: FieldType.time, values: [150, 200, null, 500] },
        {
          name: 'tags',
          type: FieldType.other,
          values: [[INCIDENT_TAG, 'inc-1'], [INCIDENT_TAG], ['deploy'], undefined],
        },
      ],
    });

    expect(incidentSpans([annotations])).toEqual([
      { from: 100, to: 150 },
      { from: 200, to: 200 },
    ]);
    expect(incidentSpans(undefined)).toEqual([]);
  });
});
