import { alertLabels, alertSummary } from './alertLink';

describe("an alert's runbook link", () => {
  it('reads the labels Grafana expanded into it, leaving out those every alert of the rule shares', () => {
    const params = new URLSearchParams(
      'rule=conduit-ot-command-1&label=alertname=OT%20commands&label=src_asset=jump-1&label=dst_asset=plc%3D1' +
        '&label=severity=critical&label=grafana_folder=Conduit&label=zone=basic-control&label=empty='
    );
    expect(alertLabels(params)).toEqual([
      ['src_asset', 'jump-1'],
      ['dst_asset', 'plc=1'],
      ['zone', 'basic-control'],
    ]);
  });

  it('says which rule raised the incident and for what', () => {
    expect(alertSummary('conduit-ot-command-1', [['src_asset', 'jump-1']])).toBe(
      'Raised by the Grafana alert rule conduit-ot-command-1 for src_asset=jump-1.'
    );
    expect(alertSummary('conduit-chain-level-1', [])).toBe('Raised by the Grafana alert rule conduit-chain-level-1.');
  });
});
