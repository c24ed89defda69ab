import { createDataFrame, FieldType, textUtil } from '@grafana/data';

import { findingEvents } from './findingAnnotations';

describe('findingEvents', () => {
  it('makes one event per finding, a region when it lasted, coloured and tagged by severity', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1000, 5000] },
        { name: 'timeEnd', type: FieldType.time, values: [61000, 5000] },
        { name: 'severity', type: FieldType.string, values: ['critical', 'medium'] },
        { name: 'category', type: FieldType.string, values: ['unauthorized-command', 'new-talker'] },
        { name: 'title', type: FieldType.string, values: ['Unauthorized command: ews → plc', 'New talker: laptop'] },
        { name: 'text', type: FieldType.string, values: ['A write to the PLC', 'A new address'] },
        { name: 'zone', type: FieldType.string, values: ['basic-control', ''] },
        { name: 'technique', type: FieldType.string, values: ['T0855', ''] },
        { name: 'id', type: FieldType.string, values: ['f1', 'f2'] },
      ],
    });

    expect(findingEvents([frame])).toEqual([
      {
        id: 'f1',
        time: 1000,
        timeEnd: 61000,
        isRegion: true,
        title: 'Unauthorized command: ews → plc',
        text: 'A write to the PLC',
        tags: ['critical', 'unauthorized-command', 'basic-control', 'T0855'],
        color: 'dark-red',
      },
      {
        id: 'f2',
        time: 5000,
        title: 'New talker: laptop',
        text: 'A new address',
        tags: ['medium', 'new-talker'],
        color: 'orange',
      },
    ]);
  });

  it('shows a finding named with HTML as its characters in the tooltip Grafana draws from title and text', () => {
    const hostile = '<a href="//evil.example">renew your password</a><img src=x onerror=alert(1)>';
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1000] },
        { name: 'title', type: FieldType.string, values: [`New talker: ${hostile}`] },
        { name: 'text', type: FieldType.string, values: [`IDS: ${hostile} & more`] },
      ],
    });
    const [event] = findingEvents([frame]);

    // As timeseries' AnnotationTooltip2 renders an annotation: title, <br />, text, through textUtil.sanitize.
    const tooltip = document.createElement('div');
    tooltip.innerHTML = textUtil.sanitize(`${event.title}<br />${event.text}`);

    expect(tooltip.textContent).toBe(`New talker: ${hostile}IDS: ${hostile} & more`);
    expect(tooltip.querySelectorAll('a, img')).toHaveLength(0);
  });

  it('skips frames that are not findings', () => {
    const frame = createDataFrame({ fields: [{ name: 'value', type: FieldType.number, values: [1] }] });

    expect(findingEvents([frame])).toEqual([]);
  });
});
