import { expandFilterValue, interpolateInfluxQL, type StoreKind, type VariableValues } from '@conduit/core';
import {
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  LoadingState,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { catchError, combineLatest, map, merge, type Observable, of, scan } from 'rxjs';

import { findingAnnotations } from './annotations/findingAnnotations';
import { type AnalysisNeed, type PlantAnalysis, PlantAnalyst } from './analysis/plantAnalysis';
import { ObservationSource } from './analysis/storeObservations';
import { chainsFrame } from './frames/chainFrames';
import { findingsFrame } from './frames/findingFrames';
import { warningNotices } from './frames/frameMeta';
import { inventoryFrame, inventoryRows } from './frames/inventoryFrames';
import {
  DEFAULT_RISK_LIMIT,
  riskEntitiesFrame,
  riskFactorsOverTimeFrame,
  riskOverTimeFrame,
} from './frames/riskFrames';
import { topologyFrames } from './frames/topologyFrames';
import { checkHealth } from './healthCheck';
import { type PlantModel, readPlantModel } from './plantModel';
import { dashboardVariables } from './query/dashboardVariables';
import { analysisBucketMs, bucketFor, parseDurationMs, topologyBucketMs } from './query/downsampling';
import { StoreClient } from './store/storeClient';
import { storeSettings } from './store/storeSettings';
import { telemetryFrames, telemetryUnit } from './telemetry/telemetryFrames';
import { builderStatement, rawStatement, type StatementContext } from './telemetry/telemetryStatement';
import {
  type ConduitDataSourceOptions,
  type ConduitQuery,
  type ConduitVariableQuery,
  DEFAULT_QUERY,
  type TagFilter,
} from './types';
import { ConduitVariableSupport } from './variables/ConduitVariableSupport';
import { shownValues, uniqueOptions, type VariableOption, variablePlan } from './variables/variableValues';

/** What one query of a request produced: its frames and its errors, each naming its refId. */
interface TargetResult {
  index: number;
  frames: DataFrame[];
  errors: DataQueryError[];
}

const MINUTE = 60_000;

function errorResult(index: number, refId: string, message: string): TargetResult {
  return { index, frames: [], errors: [{ refId, message }] };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Frontend-only datasource over the IT and the OT InfluxDB 1.x stores. Every request goes to Grafana's data proxy
 * (`<instance url>/it/...`, `/ot/...`, the routes in plugin.json), which adds the database and the credentials it
 * keeps in secureJsonData, so the browser never sees a store password.
 *
 * `query` answers every target on its own: frames of a healthy store come back even when the other store is down
 * or slow, with the failing part as an error naming the store. The analysis queries (topology, risk, findings,
 * chains) share one fetch and one analysis per range and bucket, so a dashboard refresh reads the flows once.
 */
export class ConduitDataSource extends DataSourceApi<ConduitQuery, ConduitDataSourceOptions> {
  readonly clients: Readonly<Record<StoreKind, StoreClient>>;
  readonly plant: PlantModel;
  private readonly source: ObservationSource;
  private readonly analyst: PlantAnalyst | undefined;

  constructor(instanceSettings: DataSourceInstanceSettings<ConduitDataSourceOptions>) {
    super(instanceSettings);
    const options = instanceSettings.jsonData ?? {};
    const proxyUrl = instanceSettings.url ?? '';
    this.clients = {
      it: new StoreClient(storeSettings(options, 'it'), proxyUrl),
      ot: new StoreClient(storeSettings(options, 'ot'), proxyUrl),
    };
    this.plant = readPlantModel(options);
    this.source = new ObservationSource(this.clients);
    const gap = options.chainMaxGapMinutes;
    this.analyst = this.plant.ok
      ? new PlantAnalyst(
          {
            model: this.plant.model,
            detection: this.plant.detection,
            warnings: this.plant.warnings,
            otConfigured: this.clients.ot.settings.configured,
            ...(typeof gap === 'number' && Number.isFinite(gap) && gap > 0 ? { chainMaxGapMs: gap * MINUTE } : {}),
          },
          this.source
        )
      : undefined;
    this.variables = new ConduitVariableSupport(this);
    this.annotations = findingAnnotations;
  }

  override getDefaultQuery(): Partial<ConduitQuery> {
    return DEFAULT_QUERY;
  }

  override filterQuery(query: ConduitQuery): boolean {
    return query.hide !== true;
  }

  query(request: DataQueryRequest<ConduitQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((target) => this.filterQuery(target));
    if (targets.length === 0) {
      return of({ data: [], state: LoadingState.Done });
    }
    const variables = this.variablesOf(request.scopedVars);
    const parts = targets.map((target, index) =>
      this.runTarget(target, index, request, variables).pipe(
        // Nothing a store answers may escape as an exception: it becomes this query's error.
        catchError((error: unknown) => of(errorResult(index, target.refId, errorText(error))))
      )
    );
    return merge(...parts).pipe(
      scan((done: TargetResult[], result: TargetResult) => [...done, result], []),
      map((done) => {
        const ordered = [...done].sort((a, b) => a.index - b.index);
        const errors = ordered.flatMap((result) => result.errors);
        return {
          data: ordered.flatMap((result) => result.frames),
          // Frames of the answered targets show while a slow store is still being waited for.
          state: done.length < targets.length ? LoadingState.Loading : LoadingState.Done,
          ...(errors.length > 0 ? { errors } : {}),
        };
      })
    );
  }

  override async testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.clients, this.plant);
  }

  /** Queries with their variables substituted, for Explore and for inspection; a query that cannot be is kept. */
  override interpolateVariablesInQueries(queries: ConduitQuery[], scopedVars: ScopedVars): ConduitQuery[] {
    const variables = this.variablesOf(scopedVars);
    return queries.map((query) => {
      const raw =
        query.rawQuery === undefined
          ? undefined
          : interpolateInfluxQL(query.rawQuery, variables, { timeFilter: '$timeFilter', interval: '$__interval' });
      return {
        ...query,
        ...(raw !== undefined && 'query' in raw ? { rawQuery: raw.query } : {}),
        ...(query.zone === undefined ? {} : concreteZone(expandFilterValue(query.zone, variables))),
        ...(query.tagFilters === undefined
          ? {}
          : {
              tagFilters: query.tagFilters.map((filter) => ({
                ...filter,
                ...concreteValue(filter.values ?? expandFilterValue(filter.value, variables)),
              })),
            }),
      };
    });
  }

  /** The options of a variable query, with one error per store that failed. */
  variableOptions(
    query: ConduitVariableQuery,
    scopedVars: ScopedVars
  ): Observable<{ options: VariableOption[]; errors: string[] }> {
    const variables = this.variablesOf(scopedVars);
    const plan = variablePlan(query, {
      plant: this.plant,
      filterValues: (value) => expandFilterValue(value, variables),
    });
    if (plan.kind === 'error') {
      return of({ options: [], errors: [plan.error] });
    }
    if (plan.kind === 'static') {
      return of({ options: plan.options, errors: [] });
    }
    const asks = plan.lookups.flatMap((lookup) =>
      lookup.stores
        .filter((store) => this.clients[store].settings.configured)
        .map((store) => ({ store, statement: lookup.statement }))
    );
    if (asks.length === 0) {
      return of({ options: uniqueOptions(plan.extra), errors: [] });
    }
    return combineLatest(asks.map((ask) => this.clients[ask.store].send(ask.statement))).pipe(
      map((replies) => {
        const options: VariableOption[] = [...plan.extra];
        const errors = new Map<StoreKind, string>();
        replies.forEach((reply, i) => {
          const { store } = asks[i];
          if (!reply.ok) {
            errors.set(store, errors.get(store) ?? reply.error);
            return;
          }
          const shown = shownValues(reply.body);
          if (shown.ok) {
            options.push(...shown.values.map((value) => ({ text: value, value })));
          } else {
            errors.set(store, errors.get(store) ?? `${this.clients[store].label}: ${shown.error}`);
          }
        });
        return { options: uniqueOptions(options), errors: [...errors.values()] };
      })
    );
  }

  /** The dashboard's variables for one request; scoped variables (repeated panels) win. */
  private variablesOf(scopedVars: ScopedVars): VariableValues {
    let templateSrv: ReturnType<typeof getTemplateSrv> | undefined;
    try {
      templateSrv = getTemplateSrv();
    } catch {
      templateSrv = undefined;
    }
    return dashboardVariables(templateSrv, scopedVars);
  }

  private zones(target: ConduitQuery, variables: VariableValues): readonly string[] | undefined {
    if (target.zones !== undefined) {
      return target.zones;
    }
    const zone = (target.zone ?? '').trim();
    return zone === '' ? undefined : expandFilterValue(zone, variables);
  }

  private runTarget(
    target: ConduitQuery,
    index: number,
    request: DataQueryRequest<ConduitQuery>,
    variables: VariableValues
  ): Observable<TargetResult> {
    const queryType = target.queryType ?? 'telemetry';
    switch (queryType) {
      case 'telemetry':
        return this.telemetry(target, index, request, variables);
      case 'inventory':
        return this.inventory(target, index, request, variables);
      case 'topology':
      case 'risk':
      case 'findings':
      case 'chains':
        return this.analysis(target, index, request, variables);
      default:
        return of(errorResult(index, target.refId, `unknown query type ${JSON.stringify(queryType)}`));
    }
  }

  private range(request: DataQueryRequest<ConduitQuery>): { from: number; to: number } {
    return { from: request.range.from.valueOf(), to: request.range.to.valueOf() };
  }

  private telemetry(
    target: ConduitQuery,
    index: number,
    request: DataQueryRequest<ConduitQuery>,
    variables: VariableValues
  ): Observable<TargetResult> {
    const store: StoreKind = target.store === 'it' ? 'it' : 'ot';
    const client = this.clients[store];
    const { from, to } = this.range(request);
    const explicit = parseDurationMs((target.interval ?? '').trim()) ?? 0;
    const intervalMs = bucketFor(to - from, request.maxDataPoints, Math.max(explicit, request.intervalMs ?? 0, 1));
    const context: StatementContext = {
      from,
      to,
      intervalMs,
      filterValues: (value) => expandFilterValue(value, variables),
      interpolate: (text, builtins) => interpolateInfluxQL(text, variables, builtins),
    };
    const built = target.editorMode === 'raw' ? rawStatement(target, context) : builderStatement(target, context);
    if (!built.ok) {
      return of(errorResult(index, target.refId, built.error));
    }
    // Stable per panel and query, so Grafana's backend service cancels this query's previous run.
    const requestId = `${this.uid}-${request.panelId ?? request.requestId}-${target.refId}`;
    return client.send(built.statement, { requestId }).pipe(
      map((reply): TargetResult => {
        if (!reply.ok) {
          return errorResult(index, target.refId, reply.error);
        }
        const unit =
          target.editorMode === 'raw' ? undefined : telemetryUnit(target.field, target.aggregation ?? 'mean');
        const read = telemetryFrames(reply.body, target.refId, built.statement, {
          ...(target.alias === undefined ? {} : { alias: target.alias }),
          ...(unit === undefined ? {} : { unit }),
        });
        return {
          index,
          frames: read.frames,
          errors: read.error === undefined ? [] : [{ refId: target.refId, message: `${client.label}: ${read.error}` }],
        };
      })
    );
  }

  private analysis(
    target: ConduitQuery,
    index: number,
    request: DataQueryRequest<ConduitQuery>,
    variables: VariableValues
  ): Observable<TargetResult> {
    if (this.analyst === undefined || !this.plant.ok) {
      const problems = this.plant.ok ? [] : this.plant.problems;
      return of(errorResult(index, target.refId, `Zone model in the datasource settings: ${problems[0] ?? 'missing'}`));
    }
    const { from, to } = this.range(request);
    const need = analysisNeed(target);
    const bucketMs =
      need === 'topology' ? topologyBucketMs(to - from) : analysisBucketMs(to - from, request.maxDataPoints);
    const zones = this.zones(target, variables);
    return this.analyst.analyse(from, to, bucketMs, need).pipe(
      map((analysis): TargetResult => {
        const errors = analysis.storeErrors.map((message) => ({ refId: target.refId, message }));
        return { index, frames: this.analysisFrames(target, analysis, zones, request), errors };
      })
    );
  }

  private analysisFrames(
    target: ConduitQuery,
    analysis: PlantAnalysis,
    zones: readonly string[] | undefined,
    request: DataQueryRequest<ConduitQuery>
  ): DataFrame[] {
    const { refId } = target;
    const inZones = zones === undefined ? {} : { zones };
    switch (target.queryType) {
      case 'topology':
        return topologyFrames(analysis, target.topologyLevel === 'asset' ? 'asset' : 'zone', zones, refId);
      case 'risk': {
        const filter = { kind: target.riskEntity ?? 'asset', ...inZones };
        if (target.riskView !== 'overTime') {
          return [riskEntitiesFrame(analysis, filter, refId)];
        }
        const limit = target.riskLimit ?? DEFAULT_RISK_LIMIT;
        return [
          riskOverTimeFrame(analysis, filter, limit, request.maxDataPoints, refId),
          ...(target.riskFactors
            ? [riskFactorsOverTimeFrame(analysis, filter, limit, request.maxDataPoints, refId)]
            : []),
        ];
      }
      case 'chains':
        return [chainsFrame(analysis, { ...inZones, minSeverity: target.minSeverity }, refId)];
      default:
        return [
          findingsFrame(
            analysis,
            {
              ...inZones,
              ...(target.minSeverity === undefined ? {} : { minSeverity: target.minSeverity }),
              ...(target.categories === undefined ? {} : { categories: target.categories }),
            },
            refId
          ),
        ];
    }
  }

  private inventory(
    target: ConduitQuery,
    index: number,
    request: DataQueryRequest<ConduitQuery>,
    variables: VariableValues
  ): Observable<TargetResult> {
    if (!this.plant.ok) {
      return of(errorResult(index, target.refId, `Zone model in the datasource settings: ${this.plant.problems[0]}`));
    }
    const { model } = this.plant;
    const { from, to } = this.range(request);
    const zones = this.zones(target, variables);
    const bucketMs = analysisBucketMs(to - from, request.maxDataPoints);
    return this.source.observe({ from, to, bucketMs, measurements: ['asset'] }).pipe(
      map((read): TargetResult => {
        const notices = warningNotices(read.problems);
        const frame = inventoryFrame(
          inventoryRows(read.observations, model),
          zones,
          { executedQueryString: read.statements.join('\n'), ...(notices.length > 0 ? { notices } : {}) },
          target.refId
        );
        return {
          index,
          frames: [frame],
          errors: read.storeErrors.map((message) => ({ refId: target.refId, message })),
        };
      })
    );
  }
}

/** What of the analysis a query shows, so that it reads no more telemetry than that needs. */
function analysisNeed(target: ConduitQuery): AnalysisNeed {
  switch (target.queryType) {
    case 'topology':
      return 'topology';
    case 'risk':
      return target.riskView === 'overTime' ? 'riskOverTime' : 'risk';
    default:
      return 'findings';
  }
}

/**
 * A filter value with its variables replaced, as Explore receives it: one value stays a value; several (a
 * multi-value variable) are kept as a list, since no separator is safe inside tag values, and shown joined.
 */
function concreteValue(values: readonly string[]): Pick<TagFilter, 'value' | 'values'> {
  return values.length === 1
    ? { value: values[0], values: undefined }
    : { value: values.join(', '), values: [...values] };
}

function concreteZone(zones: readonly string[]): Pick<ConduitQuery, 'zone' | 'zones'> {
  return zones.length === 1 ? { zone: zones[0], zones: undefined } : { zone: zones.join(', '), zones: [...zones] };
}
