import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services.js';
import { latestSyncJob } from '../store/sync-jobs.js';

const CHECK_EVERY_MS = 60_000;

/**
 * The daily sync of each tenant configured with `wecom.syncDailyAt` ("03:00", the tenant's time
 * zone). Every replica looks once a minute; the one-running-sync rule means only one starts it,
 * and a sync that started after today's time counts as done for the day.
 */
export function startSyncSchedule(services: Services, log: FastifyBaseLogger): () => void {
  const tenants = services.config.tenants.filter((t) => t.wecom.syncDailyAt && services.wecom.for(t.id));
  if (!tenants.length) return () => {};
  const check = async () => {
    for (const tenant of tenants) {
      const slot = todaysSlot(tenant.wecom.syncDailyAt!, tenant.timeZone, Date.now());
      if (Date.now() < slot) continue;
      const latest = await latestSyncJob(services.database.db, tenant.id);
      if (latest && latest.startedAt >= slot) continue;
      const started = await services.sync.start({ tenantId: tenant.id, trigger: 'schedule', requestedBy: 'system:schedule' });
      if ('job' in started) log.info({ tenant: tenant.id, job: started.job.id }, 'scheduled directory sync started');
    }
  };
  const timer = setInterval(() => void check().catch((error: unknown) => log.warn({ err: error }, 'the sync schedule check failed')), CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Today's HH:MM in `timeZone`, as epoch milliseconds. */
export function todaysSlot(hhmm: string, timeZone: string, now: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(now))
      .map((p) => [p.type, p.value]),
  );
  // The zone's offset now: its wall clock read as if it were UTC, minus the real time.
  const wallAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = wallAsUtc - Math.floor(now / 1000) * 1000;
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hours, minutes) - offset;
}
