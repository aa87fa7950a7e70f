import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { InputError } from '../../../src/util/errors.js'
import { parseFlavor, parseImages, parseTagRules } from '../../../src/meta/index.js'
import { eventContext, resolve } from './helpers.js'

const TYPES = ['schedule', 'semver', 'pep440', 'match', 'edge', 'ref', 'raw', 'sha']

const token = fc.oneof(
  fc.constantFrom(
    ',',
    '"',
    '""',
    '=',
    '\0',
    '\n',
    '\r\n',
    ' ',
    '#',
    '{{',
    '}}',
    "'",
    '/',
    'type=',
    'value=',
    'pattern=',
    'enable=',
    'priority=',
    'prefix=',
    'event=',
    'format=',
    'group=',
    '{{version}}',
    '{{branch}}',
    "{{date 'YYYY'}}",
    'latest=',
    'onlatest=true',
    'name=',
    '(.*)',
    'é',
    '😀',
    '\u2028'
  ),
  fc.constantFrom(...TYPES),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 })
)

/** Lines built from syntax fragments, plus quoted fields that may hold newlines. */
const text = fc.oneof(
  fc.array(token, { maxLength: 30 }).map(parts => parts.join('')),
  fc
    .tuple(fc.constantFrom(...TYPES), fc.string({ unit: 'binary', maxLength: 40 }))
    .map(([t, v]) => `type=${t},"value=${v}"`),
  fc.string({ unit: 'binary', minLength: 1000, maxLength: 5000 }),
  fc.string({ unit: 'binary', maxLength: 200 })
)

function onlyInputErrors(fn: () => unknown): unknown {
  try {
    return fn()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return undefined
  }
}

describe('line parsers on arbitrary text', () => {
  it('tags: only InputError, and parsed rules have a known type', () => {
    fc.assert(
      fc.property(text, t => {
        const rules = onlyInputErrors(() => parseTagRules(t)) as ReturnType<typeof parseTagRules>
        for (const rule of rules ?? []) {
          expect(TYPES).toContain(rule.type)
          expect(Number.isInteger(rule.priority)).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })

  it('tags: resolving parsed rules also fails only with InputError', () => {
    const ctx = eventContext('push-tag')
    fc.assert(
      fc.property(text, t => {
        const meta = onlyInputErrors(() => resolve(ctx, { tags: t })) as
          ReturnType<typeof resolve> | undefined
        for (const tag of meta?.tags ?? []) {
          expect(tag.tag).toMatch(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('flavor and images: only InputError', () => {
    fc.assert(
      fc.property(text, t => {
        onlyInputErrors(() => parseFlavor(t))
        onlyInputErrors(() => parseImages(t))
      }),
      { numRuns: 400 }
    )
  })
})
