import { getTemplateSrv, locationService } from '@grafana/runtime';
import { useCallback } from 'react';

export interface Selection {
  zones: string[];
  assets: string[];
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

/**
 * Sets the dashboard variables named in the options to the selected zones and assets, as Grafana's own data
 * links do: through the URL (`var-<name>`), which the dashboard follows. Only variables the dashboard has are
 * set, so a panel on a dashboard without them changes nothing.
 */
export function useDashboardSelection(zoneVariable: string, assetVariable: string): (selection: Selection) => void {
  return useCallback(
    ({ zones, assets }: Selection) => {
      const existing = new Set(
        getTemplateSrv()
          .getVariables()
          .map((variable) => variable.name)
      );
      const update: Record<string, string[]> = {};
      if (zoneVariable !== '' && existing.has(zoneVariable) && unique(zones).length > 0) {
        update[`var-${zoneVariable}`] = unique(zones);
      }
      if (assetVariable !== '' && existing.has(assetVariable) && unique(assets).length > 0) {
        update[`var-${assetVariable}`] = unique(assets);
      }
      if (Object.keys(update).length > 0) {
        locationService.partial(update, true);
      }
    },
    [zoneVariable, assetVariable]
  );
}
