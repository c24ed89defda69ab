import { type IncidentFold, incidentJson, incidentMarkdown } from '@conduit/core';
import { Button, Stack } from '@grafana/ui';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

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
