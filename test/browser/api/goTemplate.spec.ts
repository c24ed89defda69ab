import { expect, test } from '@playwright/test';

import { renderGoTemplate } from '../../host/server/goTemplate';

const data = {
  JsonData: { url: 'http://store:8086', db: '', port: 8086, on: true },
  SecureJsonData: { password: 's3cret' },
};

test.describe('route templates render as Go text/template renders them in Grafana', () => {
  test('fields are replaced by the settings, secure ones too', () => {
    expect(renderGoTemplate('{{ .JsonData.url }}/query?p={{.SecureJsonData.password}}', data)).toBe(
      'http://store:8086/query?p=s3cret'
    );
  });

  test('a missing key prints <no value>, numbers and booleans print as Go prints them', () => {
    expect(renderGoTemplate('{{ .JsonData.nothing }}|{{ .JsonData.port }}|{{ .JsonData.on }}', data)).toBe(
      '<no value>|8086|true'
    );
  });

  test('if takes Go truth: empty strings and missing keys are false', () => {
    const template = '{{ if .JsonData.db }}db={{ .JsonData.db }}{{ else if .JsonData.url }}url{{ else }}none{{ end }}';
    expect(renderGoTemplate(template, data)).toBe('url');
    expect(renderGoTemplate('{{ if .SecureJsonData.token }}x{{ end }}', data)).toBe('');
  });

  test('trim markers remove the whitespace beside them', () => {
    expect(renderGoTemplate('a  {{- .JsonData.port -}}  b', data)).toBe('a8086b');
  });

  test('syntax the host does not model is refused with the template named', () => {
    expect(() => renderGoTemplate('{{ .JsonData.url | urlquery }}', data)).toThrow(
      /\{\{ \.JsonData\.url \| urlquery \}\}/
    );
    expect(() => renderGoTemplate('{{ if .JsonData.db }}open', data)).toThrow(/without \{\{ end \}\}/);
  });
});
