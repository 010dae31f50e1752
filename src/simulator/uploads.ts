// The server's memory of each upload: when its clock started and the body it
// last served. The status endpoint is cached (docs/API.md#caching-and-polling):
// within the TTL of the last body's status the same body comes back, so a
// client polling faster than that learns nothing new.
import { isKnownStatus, STATUS_TABLE } from '../api/statuses.js';
import { LruMap } from './lru.js';
import { bodyAt, scenarioFor, type IdKind, type TimelineOptions } from './scenarios.js';
import { DEFAULT_TIMELINE_OPTIONS } from './timelines.js';

/** The cache TTL (at speed 1) of a body with this status, from the API's status table; 0 = not cached. */
export function cacheTtlMs(status: unknown): number {
  return typeof status === 'string' && isKnownStatus(status) ? STATUS_TABLE[status].ttlMs : 0;
}

export interface Answer {
  readonly http: number;
  readonly json: string;
}

interface Upload {
  readonly startedAt: number;
  // The serialised body, not the object: the cached answer is byte-identical,
  // and a string is the smallest thing to keep for 10,000s of IDs.
  json?: string;
  http?: number;
  until?: number;
}

/**
 * Uploads remembered at once. Far more than any test or benchmark polls
 * together, and it bounds memory however many IDs clients make up.
 */
export const DEFAULT_MAX_UPLOADS = 20_000;

export interface UploadStoreOptions extends Partial<TimelineOptions> {
  maxUploads?: number;
}

export class UploadStore {
  // Past the cap the least recently polled upload is forgotten: polled again,
  // its clock restarts from that request, as for an ID never seen. While fewer
  // uploads than the cap are being polled, only abandoned ones go.
  private readonly uploads: LruMap<string, Upload>;
  private readonly timelines: TimelineOptions;

  /** `speed` scales both the timelines and the cache TTLs. */
  constructor(
    private readonly speed: number,
    { maxUploads = DEFAULT_MAX_UPLOADS, scheduledDelayMs = DEFAULT_TIMELINE_OPTIONS.scheduledDelayMs }: UploadStoreOptions = {},
  ) {
    this.uploads = new LruMap(maxUploads);
    this.timelines = { scheduledDelayMs };
  }

  /** Uploads remembered now. */
  get size(): number {
    return this.uploads.size;
  }

  answer(kind: IdKind, id: string, now: number): Answer {
    const scenario = scenarioFor(id);
    // Unknown IDs and error- have no timeline to remember: answer statelessly,
    // so a flood of made-up IDs costs nothing.
    if (scenario === null || scenario.name === 'error') {
      const { http, body } = bodyAt(kind, id, 0);
      return { http, json: JSON.stringify(body) };
    }
    const key = `${kind}:${id}`;
    let upload = this.uploads.get(key);
    if (upload === undefined) {
      upload = { startedAt: now };
      this.uploads.set(key, upload);
    }
    if (upload.json !== undefined && upload.http !== undefined && now < (upload.until ?? 0)) {
      return { http: upload.http, json: upload.json };
    }
    const elapsed = (now - upload.startedAt) * this.speed;
    const { http, body } = bodyAt(kind, id, elapsed, { startedAt: upload.startedAt, speed: this.speed }, this.timelines);
    upload.json = JSON.stringify(body);
    upload.http = http;
    upload.until = now + cacheTtlMs(body.status) / this.speed;
    return { http, json: upload.json };
  }
}
