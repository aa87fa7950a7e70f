/**
 * Pushes that go through BuildKit rather than `docker push`: one command publishes every tag
 * at once (a builder's `--push`, or `imagetools create`), so the report marks every tag with
 * the one index digest, or every tag as failed.
 */
import { errorMessage } from '../util/errors.js'
import type { PushReport } from './push.js'

export async function builderPushReport(
  pushAll: () => Promise<string>,
  targets: readonly { ref: string; floating: boolean }[]
): Promise<PushReport> {
  try {
    const digest = await pushAll()
    return {
      digest,
      pushed: targets.map(t => t.ref),
      notPushed: [],
      held: [],
      results: targets.map(t => ({
        ref: t.ref,
        floating: t.floating,
        status: 'published',
        attempts: 1,
        ...(digest ? { digest } : {})
      }))
    }
  } catch (err) {
    const error = errorMessage(err)
    return {
      digest: '',
      pushed: [],
      notPushed: targets.map(t => t.ref),
      held: [],
      error,
      results: targets.map(t => ({
        ref: t.ref,
        floating: t.floating,
        status: 'failed',
        error,
        attempts: 1
      }))
    }
  }
}
