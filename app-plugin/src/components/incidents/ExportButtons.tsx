import { type IncidentFold, incidentJson, incidentMarkdown } from '@conduit/core';
import { Button, Stack } from '@grafana/ui';

import { downloadText as download } from '../downloadText';

/** The incident report as a Markdown or JSON file, made from the same fold the page shows. */
export function ExportButtons({ fold, id }: { fold: IncidentFold; id: string }) {
  return (
    <Stack gap={1}>
      <Button
        size="sm"
        variant="secondary"
        icon="file-alt"
        onClick={() => download(`${id}.md`, 'text/markdown', incidentMarkdown(fold))}
      >
        Export Markdown
      </Button>
      <Button
        size="sm"
        variant="secondary"
        icon="brackets-curly"
        onClick={() => download(`${id}.json`, 'application/json', incidentJson(fold))}
      >
        Export JSON
      </Button>
    </Stack>
  );
}
