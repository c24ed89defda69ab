import { basicCredentials, type StoreKind } from '@conduit/core';
import type { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { Alert, Button, Field, FieldSet, Input, RadioButtonGroup, SecretInput, Stack } from '@grafana/ui';
import { type ChangeEvent, useState } from 'react';

import { DEFAULT_TIMEOUT_SECONDS } from '../../store/storeSettings';
import type { AuthMethod, ConduitDataSourceOptions, ConduitSecureJsonData, HttpMethod } from '../../types';
import { selectors } from '../selectors';
import { hasLegacyPassword, type SecretKeys, storeAuth, unusedSecrets } from './storeAuth';

type Props = DataSourcePluginOptionsEditorProps<ConduitDataSourceOptions, ConduitSecureJsonData> & { store: StoreKind };

interface StoreKeys extends SecretKeys {
  title: string;
  description: string;
  exampleUrl: string;
  exampleDatabase: string;
  url: 'itUrl' | 'otUrl';
  database: 'itDatabase' | 'otDatabase';
  retentionPolicy: 'itRetentionPolicy' | 'otRetentionPolicy';
  auth: 'itAuth' | 'otAuth';
  user: 'itUser' | 'otUser';
  httpMethod: 'itHttpMethod' | 'otHttpMethod';
  timeout: 'itTimeoutSeconds' | 'otTimeoutSeconds';
  basicAuth: 'itBasicAuth' | 'otBasicAuth';
  token: 'itToken' | 'otToken';
  legacyPassword: 'itPassword' | 'otPassword';
}

const KEYS: Readonly<Record<StoreKind, StoreKeys>> = {
  it: {
    title: 'IT store',
    description: 'InfluxDB 1.x holding the office network telemetry (Purdue levels 4 and 5).',
    exampleUrl: 'http://influxdb-it:8086',
    exampleDatabase: 'conduit_it',
    url: 'itUrl',
    database: 'itDatabase',
    retentionPolicy: 'itRetentionPolicy',
    auth: 'itAuth',
    user: 'itUser',
    httpMethod: 'itHttpMethod',
    timeout: 'itTimeoutSeconds',
    basicAuth: 'itBasicAuth',
    token: 'itToken',
    legacyPassword: 'itPassword',
  },
  ot: {
    title: 'OT store',
    description: 'InfluxDB 1.x holding the plant network telemetry (the industrial DMZ and levels 0 to 3).',
    exampleUrl: 'http://influxdb-ot:8086',
    exampleDatabase: 'conduit_ot',
    url: 'otUrl',
    database: 'otDatabase',
    retentionPolicy: 'otRetentionPolicy',
    auth: 'otAuth',
    user: 'otUser',
    httpMethod: 'otHttpMethod',
    timeout: 'otTimeoutSeconds',
    basicAuth: 'otBasicAuth',
    token: 'otToken',
    legacyPassword: 'otPassword',
  },
};

const AUTH_OPTIONS: Array<SelectableValue<AuthMethod>> = [
  { label: 'None', value: 'none', description: 'The store runs without authentication' },
  {
    label: 'User and password',
    value: 'password',
    description: 'Sent as Authorization: Basic (every InfluxDB 1.x; the 1.x API of 2.x and 3.x)',
  },
  { label: 'Token', value: 'token', description: 'Sent as Authorization: Token <token> (InfluxDB 1.8+, 2.x)' },
];

const AUTH_LABELS: Readonly<Record<AuthMethod, string>> = {
  none: 'none',
  password: 'user and password',
  token: 'token',
};

const SECRET_NAMES: Readonly<Record<keyof ConduitSecureJsonData, string>> = {
  itBasicAuth: 'a user and password',
  otBasicAuth: 'a user and password',
  itToken: 'a token',
  otToken: 'a token',
  itPassword: 'a password',
  otPassword: 'a password',
};

const METHOD_OPTIONS: Array<SelectableValue<HttpMethod>> = [
  { label: 'GET', value: 'GET' },
  { label: 'POST', value: 'POST', description: 'For long statements; InfluxDB 1.x reads the form body' },
];

/** Where one store is and how to sign in to it; secrets go to secureJsonData, which the browser never reads back. */
export function StoreSettings({ options, onOptionsChange, store }: Props) {
  const keys = KEYS[store];
  const jsonData = options.jsonData;
  const secureJsonData = options.secureJsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  // Read as provisioned: jsonData may hold any text, whatever its declared type.
  const read = storeAuth(keys.auth, jsonData[keys.auth] as unknown);
  const auth: AuthMethod | undefined = read.ok ? read.method : undefined;
  const leftovers = unusedSecrets(auth, keys, secureJsonFields);
  const legacyPassword = hasLegacyPassword(keys, secureJsonFields);
  const user = jsonData[keys.user] ?? '';
  // The password as typed, kept only here: the settings hold it encoded together with the user, so a change of
  // either is encoded again from this.
  const [password, setPassword] = useState('');
  const [passwordNeeded, setPasswordNeeded] = useState(false);
  const credentials = password === '' ? undefined : basicCredentials(user, password);

  const setText = (key: keyof ConduitDataSourceOptions) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: event.currentTarget.value } });

  const setSecret = (key: keyof ConduitSecureJsonData) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: event.currentTarget.value } });

  const encoded = (name: string, secret: string): string => {
    const encoding = basicCredentials(name, secret);
    return encoding.ok ? encoding.value : '';
  };

  const setUser = (event: ChangeEvent<HTMLInputElement>) => {
    const name = event.currentTarget.value;
    const next = { ...options, jsonData: { ...jsonData, [keys.user]: name } };
    if (password !== '') {
      onOptionsChange({ ...next, secureJsonData: { ...secureJsonData, [keys.basicAuth]: encoded(name, password) } });
    } else if (secureJsonFields[keys.basicAuth]) {
      // The stored credential names the old user; it cannot be re-encoded without the password.
      setPasswordNeeded(true);
      onOptionsChange({
        ...next,
        secureJsonFields: { ...secureJsonFields, [keys.basicAuth]: false },
        secureJsonData: { ...secureJsonData, [keys.basicAuth]: '' },
      });
    } else {
      onOptionsChange(next);
    }
  };

  const changePassword = (event: ChangeEvent<HTMLInputElement>) => {
    const secret = event.currentTarget.value;
    setPassword(secret);
    setPasswordNeeded(false);
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [keys.basicAuth]: encoded(user, secret) } });
  };

  const resetPassword = () => {
    setPassword('');
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [keys.basicAuth]: false },
      secureJsonData: { ...secureJsonData, [keys.basicAuth]: '' },
    });
  };

  // The route appends /query to the URL as written, and InfluxDB answers 404 to //query.
  const trimUrl = () => {
    const url = jsonData[keys.url] ?? '';
    if (/\/+$/.test(url)) {
      onOptionsChange({ ...options, jsonData: { ...jsonData, [keys.url]: url.replace(/\/+$/, '') } });
    }
  };

  const resetSecret = (key: keyof ConduitSecureJsonData) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  const removeSecrets = (secrets: Array<keyof ConduitSecureJsonData>) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, ...Object.fromEntries(secrets.map((key) => [key, false])) },
      secureJsonData: { ...secureJsonData, ...Object.fromEntries(secrets.map((key) => [key, ''])) },
    });

  // The route sends whatever credentials are stored, so switching method forgets the other method's secrets.
  const setAuth = (method: AuthMethod) => {
    const forget: Array<keyof ConduitSecureJsonData> = [
      ...(method === 'password' ? [] : [keys.basicAuth]),
      ...(method === 'token' ? [] : [keys.token]),
    ];
    setPassword('');
    onOptionsChange({
      ...options,
      jsonData: { ...jsonData, [keys.auth]: method, ...(method === 'password' ? {} : { [keys.user]: '' }) },
      secureJsonFields: { ...secureJsonFields, ...Object.fromEntries(forget.map((key) => [key, false])) },
      secureJsonData: { ...secureJsonData, ...Object.fromEntries(forget.map((key) => [key, ''])) },
    });
  };

  const setTimeout = (event: ChangeEvent<HTMLInputElement>) => {
    const text = event.currentTarget.value.trim();
    const seconds = Number(text);
    onOptionsChange({
      ...options,
      jsonData: { ...jsonData, [keys.timeout]: text === '' || !Number.isFinite(seconds) ? undefined : seconds },
    });
  };

  return (
    <FieldSet label={keys.title}>
      <p>{keys.description} Leave the URL empty when the site has no such store.</p>
      <Field label="URL" description="As Grafana's server reaches it, not as your browser does.">
        <Input
          data-testid={selectors.config.storeUrl(store)}
          width={40}
          placeholder={keys.exampleUrl}
          value={jsonData[keys.url] ?? ''}
          onChange={setText(keys.url)}
          onBlur={trimUrl}
        />
      </Field>
      <Stack gap={2}>
        <Field label="Database">
          <Input
            data-testid={selectors.config.storeDatabase(store)}
            width={24}
            placeholder={keys.exampleDatabase}
            value={jsonData[keys.database] ?? ''}
            onChange={setText(keys.database)}
          />
        </Field>
        <Field label="Retention policy" description="Empty for the database's default.">
          <Input
            data-testid={selectors.config.storeRetentionPolicy(store)}
            width={24}
            placeholder="default"
            value={jsonData[keys.retentionPolicy] ?? ''}
            onChange={setText(keys.retentionPolicy)}
          />
        </Field>
      </Stack>
      <Field label="Authentication">
        <RadioButtonGroup<AuthMethod> options={AUTH_OPTIONS} value={auth} onChange={setAuth} />
      </Field>
      {!read.ok && (
        <Alert severity="warning" title={`${keys.title}: unknown authentication`}>
          {read.problem}. Choose how the store signs in above.
        </Alert>
      )}
      {leftovers.length > 0 && (
        <Alert severity="warning" title={`${keys.title}: a stored secret is still sent`}>
          <Stack direction="column" gap={1} alignItems="flex-start">
            <span>
              Grafana still holds {leftovers.map((key) => SECRET_NAMES[key]).join(' and ')} for this store, which the
              data proxy sends with every query although the authentication is{' '}
              {auth === undefined ? 'unknown' : AUTH_LABELS[auth]}.
            </span>
            <Button size="sm" variant="secondary" onClick={removeSecrets(leftovers)}>
              Remove the unused secret{leftovers.length === 1 ? '' : 's'}
            </Button>
          </Stack>
        </Alert>
      )}
      {legacyPassword && (
        <Alert severity="warning" title={`${keys.title}: enter the password again`}>
          <Stack direction="column" gap={1} alignItems="flex-start">
            <span>
              Grafana holds a password for this store saved by an older version of Conduit, which sent it in the URL. It
              is no longer sent: choose User and password, enter the password again, and remove the old one.
            </span>
            <Button size="sm" variant="secondary" onClick={removeSecrets([keys.legacyPassword])}>
              Remove the old password
            </Button>
          </Stack>
        </Alert>
      )}
      {auth === 'password' && (
        <Stack gap={2}>
          <Field
            label="User"
            description="A user with READ on the database only."
            invalid={credentials?.ok === false}
            error={credentials?.ok === false ? credentials.problem : undefined}
          >
            <Input data-testid={selectors.config.storeUser(store)} width={24} value={user} onChange={setUser} />
          </Field>
          <Field
            label="Password"
            description={passwordNeeded ? 'The user changed: enter its password.' : 'Sent as Authorization: Basic.'}
            invalid={passwordNeeded}
          >
            <SecretInput
              data-testid={selectors.config.storePassword(store)}
              width={24}
              isConfigured={Boolean(secureJsonFields[keys.basicAuth])}
              value={password}
              onChange={changePassword}
              onReset={resetPassword}
            />
          </Field>
        </Stack>
      )}
      {auth === 'token' && (
        <Field
          label="Token"
          description="For InfluxDB 1.8 and later, `user:password` of a user with READ only; for 2.x and 3.x, a read-only API token."
        >
          <SecretInput
            data-testid={selectors.config.storeToken(store)}
            width={40}
            isConfigured={Boolean(secureJsonFields[keys.token])}
            value={secureJsonData[keys.token] ?? ''}
            onChange={setSecret(keys.token)}
            onReset={resetSecret(keys.token)}
          />
        </Field>
      )}
      <Stack gap={2}>
        <Field label="HTTP method">
          <RadioButtonGroup<HttpMethod>
            options={METHOD_OPTIONS}
            value={jsonData[keys.httpMethod] ?? 'GET'}
            onChange={(method) => onOptionsChange({ ...options, jsonData: { ...jsonData, [keys.httpMethod]: method } })}
          />
        </Field>
        <Field label="Timeout (seconds)" description="A query that takes longer fails with a message naming the store.">
          <Input
            data-testid={selectors.config.storeTimeout(store)}
            type="number"
            min={1}
            width={12}
            placeholder={String(DEFAULT_TIMEOUT_SECONDS)}
            value={jsonData[keys.timeout] ?? ''}
            onChange={setTimeout}
          />
        </Field>
      </Stack>
    </FieldSet>
  );
}
