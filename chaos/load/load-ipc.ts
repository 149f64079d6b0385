/**
 * The protocol between the load driver (parent) and its child, over the fork IPC channel (JSON):
 *
 *   child → parent  { type: 'ready' }              the child listens; the parent may send the plan
 *   parent → child  { type: 'start', plan }        exactly once
 *   child → parent  { type: 'started', startedAtMs } as the first requests go out
 *   child → parent  { type: 'second', second }     once per second of the run, in order, live
 *   child → parent  { type: 'result', result }     or { type: 'failed', message }; then it exits
 */
import type { LoadPlan, LoadResult, LoadSecond } from './load-types.ts';

/** A message the parent sends. */
export type ParentMessage = { readonly type: 'start'; readonly plan: LoadPlan };

/** A message the child sends. */
export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'started'; readonly startedAtMs: number }
  | { readonly type: 'second'; readonly second: LoadSecond }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly message: string };

/** Whether `value` has the shape of a ChildMessage (by its type and payload field). */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (!isObject(value)) return false;
  switch (value['type']) {
    case 'ready':
      return true;
    case 'started':
      return typeof value['startedAtMs'] === 'number';
    case 'second':
      return isObject(value['second']);
    case 'result':
      return isObject(value['result']);
    case 'failed':
      return typeof value['message'] === 'string';
    default:
      return false;
  }
}

/** Whether `value` has the shape of a ParentMessage. */
export function isParentMessage(value: unknown): value is ParentMessage {
  return isObject(value) && value['type'] === 'start' && isObject(value['plan']);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
