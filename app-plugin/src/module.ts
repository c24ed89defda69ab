import { AppPlugin } from '@grafana/data';

import { App } from './components/App';
import { AppConfig } from './components/config/AppConfig';
import type { AppSettings } from './types';

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
