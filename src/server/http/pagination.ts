/**
 * DRF-style page-number pagination: `{count, next, previous, results}` with
 * absolute next/previous URLs built from the request's own URL.
 */
import { addFieldError, notFound, validationError, type FieldErrors } from './errors';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageParams {
  page: number;
  pageSize: number;
}

function positiveInt(raw: string | null, field: string, errors: FieldErrors): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    addFieldError(errors, field, 'A positive integer is required.');
    return undefined;
  }
  return Number(raw);
}

/** page_size above the cap is clamped to it, as DRF's max_page_size does. */
export function parsePage(query: URLSearchParams): PageParams {
  const errors: FieldErrors = {};
  const page = positiveInt(query.get('page'), 'page', errors) ?? 1;
  const size = positiveInt(query.get('page_size'), 'page_size', errors) ?? DEFAULT_PAGE_SIZE;
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { page, pageSize: Math.min(size, MAX_PAGE_SIZE) };
}

export function offsetOf(p: PageParams): number {
  return (p.page - 1) * p.pageSize;
}

/** A page past the last one is a 404, as in DRF ("Invalid page."). */
export function checkPageExists(p: PageParams, count: number): void {
  if (p.page > 1 && offsetOf(p) >= count) throw notFound('Invalid page.');
}

export function pageLinks(requestUrl: URL, p: PageParams, count: number): { next: string | null; previous: string | null } {
  const link = (page: number): string => {
    const u = new URL(requestUrl.href);
    u.searchParams.set('page', String(page));
    return u.href;
  };
  return {
    next: p.page * p.pageSize < count ? link(p.page + 1) : null,
    previous: p.page > 1 ? link(p.page - 1) : null,
  };
}

/** Builds the page envelope around results that are already JSON text. */
export function pageText(requestUrl: URL, p: PageParams, count: number, results: readonly string[]): string {
  const { next, previous } = pageLinks(requestUrl, p, count);
  return `{"count":${count},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[${results.join(',')}]}`;
}
