import type { StoreKind } from '@conduit/core';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import type { ChangeEvent } from 'react';

import type { ConduitDataSourceOptions, ConduitSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<ConduitDataSourceOptions, ConduitSecureJsonData>;

interface StoreKeys {
  kind: StoreKind;
  title: string;
  description: string;
  url: 'itUrl' | 'otUrl';
  database: 'itDatabase' | 'otDatabase';
  user: 'itUser' | 'otUser';
  password: 'itPassword' | 'otPassword';
  exampleUrl: string;
}

const STORES: readonly StoreKeys[] = [
  {
    kind: 'it',
    title: 'IT store',
    description: 'InfluxDB 1.x that holds the office network telemetry (levels 4 and 5, the industrial DMZ).',
    url: 'itUrl',
    database: 'itDatabase',
    user: 'itUser',
    password: 'itPassword',
    exampleUrl: 'http://influxdb-it:8086',
  },
  {
    kind: 'ot',
    title: 'OT store',
    description: 'InfluxDB 1.x that holds the plant network telemetry (levels 0 to 3).',
    url: 'otUrl',
    database: 'otDatabase',
    user: 'otUser',
    password: 'otPassword',
    exampleUrl: 'http://influxdb-ot:8086',
  },
];

/** Where the two stores are and how to sign in to them; Grafana keeps the passwords server-side. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData;
  const secureJsonData = options.secureJsonData ?? {};

  const setOption = (key: keyof ConduitDataSourceOptions) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: event.currentTarget.value } });

  const setPassword = (key: keyof ConduitSecureJsonData) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: event.currentTarget.value } });

  const resetPassword = (key: keyof ConduitSecureJsonData) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...options.secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  return (
    <>
      {STORES.map((store) => (
        <FieldSet key={store.kind} label={store.title}>
          <p>{store.description}</p>
          <Field label="URL" description="As Grafana's server reaches it, not as your browser does.">
            <Input
              id={`${store.kind}-url`}
              width={40}
              placeholder={store.exampleUrl}
              value={jsonData[store.url] ?? ''}
              onChange={setOption(store.url)}
            />
          </Field>
          <Field label="Database">
            <Input
              id={`${store.kind}-database`}
              width={40}
              placeholder="telemetry"
              value={jsonData[store.database] ?? ''}
              onChange={setOption(store.database)}
            />
          </Field>
          <Field label="User" description="Leave empty when the store runs without authentication.">
            <Input
              id={`${store.kind}-user`}
              width={40}
              value={jsonData[store.user] ?? ''}
              onChange={setOption(store.user)}
            />
          </Field>
          <Field label="Password">
            <SecretInput
              id={`${store.kind}-password`}
              width={40}
              isConfigured={Boolean(options.secureJsonFields?.[store.password])}
              value={secureJsonData[store.password] ?? ''}
              onChange={setPassword(store.password)}
              onReset={resetPassword(store.password)}
            />
          </Field>
        </FieldSet>
      ))}
    </>
  );
}
