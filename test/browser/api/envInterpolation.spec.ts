import { expect, test } from '@playwright/test';

import { interpolateEnv } from '../../host/server/envInterpolation';

const env = { TOKEN: 'abc', EMPTY: '', HOST: 'store' };

test.describe('provisioning values are interpolated as Grafana expands them', () => {
  test('$NAME and ${NAME} become the variable, unset variables nothing', () => {
    expect(interpolateEnv('$TOKEN-${HOST}-$MISSING-${MISSING}', env)).toBe('abc-store--');
  });

  test('$$ is a literal dollar and a dollar before no name stays', () => {
    expect(interpolateEnv('price $$5, $ alone, 100$', env)).toBe('price $5, $ alone, 100$');
  });

  test('$__env{} and $__file{} expand like the settings file expanders', () => {
    expect(interpolateEnv('$__env{TOKEN}', env)).toBe('abc');
    expect(interpolateEnv('$__file{/etc/grafana/provisioning/secret}', env, () => __filename)).toContain(
      'interpolated'
    );
  });
});
