import { describe, expect, it } from '@jest/globals'
import { isRawStatement } from '../../../../src/meta/expressions.js'
import { RAW_STATEMENT_CASES, UPSTREAM_CASES } from './cases.js'
import { identicalTagsAndVersion, replay, type Field, type Outcome } from './replay.js'

/**
 * Upstream cases we knowingly answer differently, each a deliberate improvement listed in
 * docs/metadata-action-differences.md. Only the named fields may differ; anything else in
 * these cases must still match.
 */
const DELIBERATE: Record<string, { fields: Field[]; why: string }> = {
  'push/push21': {
    fields: ['tags'],
    why: 'no images input: we still name the image (the repository name) because we build it'
  },
  'tag/tag33': {
    fields: ['tags'],
    why: 'no images input: we still name the image (the repository name) because we build it'
  },
  'latest/latest10': {
    fields: ['tags'],
    why: 'no images input: we still name the image (the repository name) because we build it'
  }
}

const TARGET = 0.95

const outcomes = new Map<string, Outcome>(UPSTREAM_CASES.map(c => [c.id, replay(c)]))

describe("metadata-action's own expectations (meta.test.ts)", () => {
  it.each(UPSTREAM_CASES.map(c => [c.id, c] as const))('%s', (id, c) => {
    const o = outcomes.get(id)!
    const allowed = DELIBERATE[id]?.fields ?? []
    expect(o.error).toBeUndefined()
    expect(o.differs).toEqual(allowed)
    for (const f of ['version', 'tags', 'labels', 'annotations'] as const) {
      if (!allowed.includes(f)) expect(o.got?.[f]).toEqual(c.expect[f])
    }
  })

  it('has no stale allow-list entries', () => {
    const ids = new Set(UPSTREAM_CASES.map(c => c.id))
    expect(Object.keys(DELIBERATE).filter(id => !ids.has(id))).toEqual([])
  })

  it(`gives identical version and tags in at least ${TARGET * 100}% of cases`, () => {
    const all = [...outcomes.values()]
    const same = all.filter(identicalTagsAndVersion)
    const fully = all.filter(o => o.differs.length === 0)
    const rate = same.length / all.length
    const report = [
      `metadata-action meta.test.ts replay: ${all.length} cases`,
      `  identical version+tags: ${same.length} (${(rate * 100).toFixed(1)}%)`,
      `  identical version+tags+labels+annotations: ${fully.length}`,
      ...all
        .filter(o => o.differs.length > 0)
        .map(o => `  ${o.id}: ${o.differs.join(', ')} (${DELIBERATE[o.id]?.why ?? 'NOT ALLOWED'})`)
    ].join('\n')
    process.stdout.write(`${report}\n`)
    expect(all.length).toBeGreaterThanOrEqual(120)
    expect(rate).toBeGreaterThanOrEqual(TARGET)
  })
})

describe('isRawStatement (upstream table)', () => {
  it.each(RAW_STATEMENT_CASES)('%s -> %s', (pattern, expected) => {
    expect(isRawStatement(pattern)).toBe(expected)
  })
})
