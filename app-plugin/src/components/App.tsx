import type { AppRootProps } from '@grafana/data';
import { Route, Routes } from 'react-router-dom';

import { DetectionRules } from '../pages/DetectionRules';
import { Incident } from '../pages/Incident';
import { Incidents } from '../pages/Incidents';
import { NewIncident } from '../pages/NewIncident';
import { ZoneModel } from '../pages/ZoneModel';
import { ROUTES } from '../routes';
import type { AppSettings } from '../types';

/**
 * The app's pages. Grafana renders this under its own router at /a/conduit-itot-app/*, so the paths are
 * relative; the app's root shows incidents, the page plugin.json marks as the default.
 */
export function App(_props: AppRootProps<AppSettings>) {
  return (
    <Routes>
      <Route path={ROUTES.DetectionRules} element={<DetectionRules />} />
      <Route path={ROUTES.ZoneModel} element={<ZoneModel />} />
      <Route path={ROUTES.NewIncident} element={<NewIncident />} />
      <Route path={ROUTES.Incident} element={<Incident />} />
      <Route path={ROUTES.Incidents} element={<Incidents />} />
      <Route path="*" element={<Incidents />} />
    </Routes>
  );
}
