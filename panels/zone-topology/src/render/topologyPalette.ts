import type { FlowVerdict } from '@conduit/core';
import type { GrafanaTheme2 } from '@grafana/data';

/** Every colour and dash pattern of the map, from the theme, in one place (the legend reads the same). */
export interface TopologyPalette {
  verdict: Record<FlowVerdict, string>;
  /** Not colour alone: each verdict also has its dash pattern (empty is solid). */
  dash: Record<FlowVerdict | 'conduit', number[]>;
  conduit: string;
  bandFill: [string, string];
  bandLabel: string;
  zoneFill: string;
  zoneBorder: string;
  safetyBorder: string;
  assetFill: string;
  assetBorder: string;
  text: string;
  textMuted: string;
  badge: string;
  badgeText: string;
  gapBadge: string;
  focus: string;
  selected: string;
  fontFamily: string;
}

export function topologyPalette(theme: GrafanaTheme2): TopologyPalette {
  const named = (name: string) => theme.visualization.getColorByName(name);
  return {
    verdict: {
      allowed: named('green'),
      violation: named('red'),
      unknown: named('orange'),
      internet: named('purple'),
    },
    dash: { allowed: [], violation: [], unknown: [6, 3], internet: [2, 3], conduit: [10, 5] },
    conduit: named('blue'),
    bandFill: [theme.colors.background.primary, theme.colors.background.secondary],
    bandLabel: theme.colors.text.secondary,
    zoneFill: theme.colors.background.canvas,
    zoneBorder: theme.colors.border.strong,
    safetyBorder: theme.colors.warning.border,
    assetFill: theme.colors.background.primary,
    assetBorder: theme.colors.border.medium,
    text: theme.colors.text.primary,
    textMuted: theme.colors.text.secondary,
    badge: theme.colors.error.main,
    badgeText: theme.colors.error.contrastText,
    gapBadge: theme.colors.warning.main,
    focus: theme.colors.primary.border,
    selected: theme.colors.primary.main,
    fontFamily: theme.typography.fontFamily,
  };
}

/** Line width on screen for a summed volume: 1 px for one connection, about 6 px for a million. */
export function volumeWidth(volume: number): number {
  return Math.min(6, 1 + Math.log10(1 + Math.max(0, volume)) / 1.2);
}
