import { AppPlugin } from '@grafana/data';

import { App } from './components/App';
import type { AppSettings } from './types';

export const plugin = new AppPlugin<AppSettings>().setRootPage(App);
