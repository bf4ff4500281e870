import type { ImportErrorDetails, ImportLineError, ImportResult, SyncJob, SyncStarted } from '@docgate/protocol';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { toCsv } from '../internal/csv.js';
import { apiError, isApiError } from '../internal/api-error.js';
import { DocgateElement } from '../internal/docgate-element.js';
import { saveFile } from '../internal/download.js';
import { DgImportDoneEvent, DgSyncFinishedEvent } from '../internal/events.js';
import { formatDate, formatDuration, formatNumber } from '../internal/format.js';
import { fill } from '../internal/lang.js';
import { common, describeError } from '../internal/messages.js';
import { empty, loading } from '../internal/states.js';
import { base } from '../internal/styles.js';
import { Words } from '../internal/words.js';
import { messages, type DirectorySyncMessages } from './directory-sync.messages.js';
import { styles } from './directory-sync.styles.js';

type Latest = { status: 'loading' } | { status: 'ready'; job: SyncJob | null } | { status: 'error'; error: unknown };
type Importing =
  | { status: 'idle' }
  | { status: 'working' }
  | { status: 'no-file' }
  | { status: 'confirm'; preview: ImportResult }
  | { status: 'done'; result: ImportResult }
  | { status: 'invalid'; details: ImportErrorDetails }
  | { status: 'error'; error: unknown };

/**
 * The directory's sync panel for tenant admins: the last sync from WeCom and its result, "Sync
 * now" with live progress, and the CSV import with its line-numbered error report.
 *
 * @tag dg-directory-sync
 * @summary Directory sync and CSV import.
 * @fires dg-sync-finished - a sync this element started or followed has finished (`event.job`)
 * @fires dg-import-done - a CSV import was applied (`event.result`)
 * @csspart state - loading, empty and error messages
 * @csspart progress - the progress bar of a running sync
 * @cssproperty --dg-color-accent - buttons and the progress bar
 */
export class DgDirectorySync extends DocgateElement {
  static override styles = [base, styles];

  /** How often a running sync is asked for its progress, in ms. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 1000;
  /** Hide the CSV import (a company that only syncs from WeCom). */
  @property({ type: Boolean, attribute: 'no-import' }) noImport = false;

  @state() private latest: Latest = { status: 'loading' };
  @state() private startError: unknown = null;
  @state() private starting = false;
  @state() private importing: Importing = { status: 'idle' };
  @query('input[type=file]') private fileInput!: HTMLInputElement;

  readonly #words = new Words(this, messages);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #loadedFor: unknown = null;
  /** the job this element started or found running, whose end it announces */
  #following: string | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#loadedFor = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const api = this.api;
    if (api && api !== this.#loadedFor) {
      this.#loadedFor = api;
      void this.refresh();
    }
  }

  /** Reads the latest sync again. */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    clearTimeout(this.#timer);
    try {
      const job = await api.request<SyncJob>('GET', 'v1/directory/sync/latest').catch((error: unknown) => {
        if (isApiError(error, 'not_found')) return null;
        throw error;
      });
      this.#show(job);
    } catch (error) {
      this.latest = { status: 'error', error };
    }
  }

  #show(job: SyncJob | null): void {
    this.latest = { status: 'ready', job };
    if (job?.state === 'running') {
      this.#following ??= job.id;
      this.#timer = setTimeout(() => void this.#poll(job.id), this.pollInterval);
    } else if (job && this.#following === job.id) {
      this.#following = null;
      this.dispatchEvent(new DgSyncFinishedEvent(job));
    }
  }

  async #poll(id: string): Promise<void> {
    const api = this.api;
    if (!api || !this.isConnected) return;
    try {
      this.#show(await api.request<SyncJob>('GET', `v1/directory/sync/${encodeURIComponent(id)}`));
    } catch {
      // A lost poll is tried again; the job goes on on the server regardless.
      this.#timer = setTimeout(() => void this.#poll(id), this.pollInterval * 2);
    }
  }

  async #syncNow(): Promise<void> {
    const api = this.api;
    if (!api || this.starting) return;
    this.starting = true;
    this.startError = null;
    clearTimeout(this.#timer);
    try {
      const { job } = await api.request<SyncStarted>('POST', 'v1/directory/sync');
      this.#following = job.id;
      this.#show(job);
    } catch (error) {
      const running = isApiError(error, 'sync_running') ? (apiError(error)!.details as { job?: SyncJob } | undefined)?.job : undefined;
      if (running) {
        // Someone else's sync: follow it rather than fail.
        this.#following = running.id;
        this.#show(running);
      } else {
        this.startError = error;
      }
    } finally {
      this.starting = false;
    }
  }

  async #import(dryRun: boolean, confirmed = false): Promise<void> {
    const api = this.api;
    const file = this.fileInput?.files?.[0];
    if (!api) return;
    if (!file) {
      this.importing = { status: 'no-file' };
      return;
    }
    const mode = (this.renderRoot.querySelector<HTMLInputElement>('input[name=mode]:checked')?.value ?? 'merge') as 'merge' | 'full';
    // A full import disables members: show how many first, and go on only when confirmed.
    const preview = mode === 'full' && !dryRun && !confirmed;
    this.importing = { status: 'working' };
    try {
      const result = await api.request<ImportResult>('POST', 'v1/directory/import', {
        body: file,
        headers: { 'content-type': 'text/csv' },
        searchParams: { mode, dryRun: String(dryRun || preview) },
      });
      if (preview) {
        this.importing = result.disabled > 0 ? { status: 'confirm', preview: result } : { status: 'idle' };
        if (result.disabled === 0) return this.#import(false, true);
        return;
      }
      this.importing = { status: 'done', result };
      if (!result.dryRun) this.dispatchEvent(new DgImportDoneEvent(result));
    } catch (error) {
      const failure = apiError(error);
      if (failure?.code === 'invalid_csv' && failure.details) {
        this.importing = { status: 'invalid', details: failure.details as ImportErrorDetails };
      } else {
        this.importing = { status: 'error', error };
      }
    }
  }

  #downloadErrors(errors: ImportLineError[]): void {
    const m = this.#m;
    saveFile('import-errors.csv', toCsv([[m.line, m.column, m.problem, 'code', 'message'], ...errors.map((e) => [e.line, e.column ?? '', m.lineErrors[e.code] ?? e.code, e.code, e.message])]));
  }

  /** the words on the screen (an update waits for them: DocgateElement.scheduleUpdate) */
  get #m(): DirectorySyncMessages {
    return this.#words.value!;
  }

  protected override render() {
    if (this.wordsMissing) return this.wordsFailure();
    const m = this.#m;
    return html`<h2>${m.title}</h2>
      ${this.gate(() =>
        // The import shows once the server has answered an admin's question: a member who may
        // not sync may not import either, and sees why once.
        this.latest.status === 'ready' && !this.noImport
          ? html`<section aria-labelledby="sync-heading">${this.#renderSync()}</section><section>${this.#renderImport()}</section>`
          : html`<section aria-labelledby="sync-heading">${this.#renderSync()}</section>`,
      )}`;
  }

  #renderSync() {
    const lang = this.language;
    const m = this.#m;
    const latest = this.latest;
    if (latest.status === 'loading') return loading(lang);
    if (latest.status === 'error') return this.failure(latest.error, () => void this.refresh());
    const job = latest.job;
    const running = job?.state === 'running';
    return html`<h3 id="sync-heading">${m.lastSync}</h3>
      ${job ? this.#renderJob(job) : empty(m.never)}
      <div class="row">
        <button type="button" class="primary" ?disabled=${running || this.starting} @click=${() => void this.#syncNow()}>${running ? m.syncing : m.syncNow}</button>
      </div>
      ${this.startError ? html`<p class="error-text" role="alert">${this.#errorText(this.startError)}</p>` : nothing}`;
  }

  #renderJob(job: SyncJob) {
    const lang = this.language;
    const m = this.#m;
    const phase = m.phase[job.phase] ?? job.phase;
    const finished = job.finishedAt ? new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime() : null;
    return html`
      <p>
        <span class="badge ${job.state}">${m.state[job.state] ?? job.state}</span>
        ${job.state === 'running' ? html` <span>${phase}</span>` : nothing}
      </p>
      ${job.state === 'running'
        ? html`<div role="status" aria-live="polite">
            <progress part="progress" aria-label=${m.progress} max=${job.total || 1} value=${job.total ? job.done : nothing}></progress>
            <p class="muted">${job.total ? fill(m.progressOf, { phase, done: formatNumber(lang, job.done), total: formatNumber(lang, job.total) }) : phase}</p>
          </div>`
        : nothing}
      ${job.state === 'failed' && job.error ? html`<p class="error-text" role="alert">${fill(m.failedBecause, { error: job.error })}</p>` : nothing}
      <dl>
        <dt>${m.started}</dt>
        <dd>${formatDate(lang, job.startedAt, true)} · ${m.trigger[job.trigger] ?? job.trigger}</dd>
        ${finished !== null ? html`<dt>${m.finished}</dt><dd>${formatDate(lang, job.finishedAt!, true)} (${formatDuration(lang, finished)})</dd>` : nothing}
        <dt>${m.by}</dt>
        <dd>${job.requestedBy}</dd>
        <dt>${m.added}</dt>
        <dd>${formatNumber(lang, job.added)}</dd>
        <dt>${m.updated}</dt>
        <dd>${formatNumber(lang, job.updated)}</dd>
        <dt>${m.removed}</dt>
        <dd>${formatNumber(lang, job.removed)}</dd>
      </dl>`;
  }

  #renderImport() {
    const m = this.#m;
    const importing = this.importing;
    const working = importing.status === 'working';
    return html`<h3>${m.importTitle}</h3>
      <p class="muted">${m.importHint}</p>
      <div class="field">
        <label for="file">${m.file}</label>
        <input id="file" type="file" accept=".csv,text/csv" @change=${() => (this.importing = { status: 'idle' })} />
      </div>
      <fieldset>
        <legend>${m.mode}</legend>
        <label><input type="radio" name="mode" value="merge" checked @change=${() => (this.importing = { status: 'idle' })} /> ${m.modeMerge}</label><br />
        <label><input type="radio" name="mode" value="full" @change=${() => (this.importing = { status: 'idle' })} /> ${m.modeFull}</label>
      </fieldset>
      <div class="row">
        <button type="button" ?disabled=${working} @click=${() => void this.#import(true)}>${m.check}</button>
        <button type="button" class="primary" ?disabled=${working} @click=${() => void this.#import(false)}>${working ? m.importing : m.import}</button>
      </div>
      <div aria-live="polite">${this.#renderImportOutcome()}</div>`;
  }

  #renderImportOutcome() {
    const lang = this.language;
    const m = this.#m;
    const importing = this.importing;
    switch (importing.status) {
      case 'idle':
      case 'working':
        return nothing;
      case 'no-file':
        return html`<p class="error-text" role="alert">${m.chooseFile}</p>`;
      case 'error':
        return html`<p class="error-text" role="alert">${this.#errorText(importing.error)}</p>`;
      case 'confirm':
        return html`<p role="alert">${fill(m.confirmFull, { disabled: formatNumber(lang, importing.preview.disabled) })}</p>
          <div class="row">
            <button type="button" class="primary danger" @click=${() => void this.#import(false, true)}>${m.confirmFullAction}</button>
            <button type="button" @click=${() => (this.importing = { status: 'idle' })}>${common(lang).cancel}</button>
          </div>`;
      case 'done': {
        const r = importing.result;
        return html`<p><strong>${r.dryRun ? m.checked : m.imported}</strong></p>
          <dl class="result">
            <dt>${m.resultRows}</dt><dd>${formatNumber(lang, r.rows)}</dd>
            <dt>${m.resultAdded}</dt><dd>${formatNumber(lang, r.added)}</dd>
            <dt>${m.resultUpdated}</dt><dd>${formatNumber(lang, r.updated)}</dd>
            <dt>${m.resultUnchanged}</dt><dd>${formatNumber(lang, r.unchanged)}</dd>
            <dt>${m.resultDisabled}</dt><dd>${formatNumber(lang, r.disabled)}</dd>
            <dt>${m.resultDepartments}</dt><dd>${formatNumber(lang, r.departmentsAdded)}</dd>
            <dt>${m.encoding}</dt><dd>${r.encoding}</dd>
          </dl>`;
      }
      case 'invalid': {
        const { errors, errorCount } = importing.details;
        return html`<p class="error-text" role="alert">${fill(m.errorsTitle, { count: formatNumber(lang, errorCount) })}</p>
          ${errorCount > errors.length ? html`<p class="muted">${fill(m.errorsMore, { shown: formatNumber(lang, errors.length) })}</p>` : nothing}
          <div class="errors" tabindex="0" role="region" aria-label=${m.errorsTitle.replace(/[:：].*$/, '')}>
            <table part="table">
              <thead><tr><th scope="col" class="number">${m.line}</th><th scope="col">${m.column}</th><th scope="col">${m.problem}</th></tr></thead>
              <tbody>
                ${errors.map(
                  (e) => html`<tr>
                    <td class="number">${e.line}</td>
                    <td>${e.column ?? ''}</td>
                    <td>${m.lineErrors[e.code] ? html`<strong>${m.lineErrors[e.code]}</strong> · ` : nothing}<span class="muted">${e.message}</span></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>
          <button type="button" class="link" @click=${() => this.#downloadErrors(errors)}>${m.downloadErrors}</button>`;
      }
    }
  }

  #errorText(error: unknown) {
    const { text, code } = describeError(this.language, error);
    return html`${text}${code ? html` <span class="code muted">(${code})</span>` : nothing}`;
  }
}
