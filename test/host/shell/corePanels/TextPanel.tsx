import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps, PanelPlugin, renderTextPanelMarkdown, textUtil } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { useMemo } from 'react';

import { addOptionDefault } from './corePanelOptions';
import { htmlElements } from './htmlElements';

/** The options of Grafana's text panel (public/app/plugins/panel/text/panelcfg.cue). */
interface TextOptions {
  mode: 'markdown' | 'html' | 'code';
  content: string;
  code?: { language: string; showLineNumbers: boolean; showMiniMap: boolean };
}

const DEFAULT_CONTENT = '# Title\n\nFor markdown syntax help: [commonmark.org/help](https://commonmark.org/help/)';

/**
 * Grafana's text panel: Markdown or HTML with the dashboard's variables replaced, sanitised as Grafana
 * sanitises it, shown as React elements; code as preformatted text (Grafana shows it in a read-only Monaco).
 */
function TextPanel({ options, replaceVariables }: PanelProps<TextOptions>) {
  const styles = useStyles2(getStyles);
  const content = useMemo(() => {
    const text = replaceVariables(options.content ?? '', {}, options.mode === 'code' ? undefined : 'html');
    if (options.mode === 'code') {
      return <pre className={styles.code}>{text}</pre>;
    }
    const html = options.mode === 'html' ? text : renderTextPanelMarkdown(text);
    return htmlElements(textUtil.sanitize(html));
  }, [options.content, options.mode, replaceVariables, styles.code]);
  return (
    <div className={styles.content} data-testid="TextPanel-converted-content">
      {content}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  content: css({ height: '100%', overflow: 'auto', padding: theme.spacing(0.5), '& > :first-child': { marginTop: 0 } }),
  code: css({ margin: 0, whiteSpace: 'pre-wrap', fontFamily: theme.typography.fontFamilyMonospace }),
});

/** The text panel with Grafana's defaults (public/app/plugins/panel/text/module.tsx). */
export function textPanelPlugin(): PanelPlugin<TextOptions> {
  return new PanelPlugin<TextOptions>(TextPanel).setPanelOptions((builder) => {
    addOptionDefault(builder, 'mode', 'markdown');
    addOptionDefault(builder, 'code', { language: 'plaintext', showLineNumbers: false, showMiniMap: false });
    addOptionDefault(builder, 'content', DEFAULT_CONTENT);
  });
}
