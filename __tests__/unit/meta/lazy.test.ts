import { describe, expect, it, jest } from '@jest/globals'
import Handlebars from 'handlebars'
import { globalScope, render } from '../../../src/meta/expressions.js'
import { csvFields } from '../../../src/meta/csv.js'
import { eventContext } from './helpers.js'

describe('lazily loaded template, time-zone and CSV modules', () => {
  it('resolves a plain release without loading them, and loads them for a date format', async () => {
    jest.resetModules()
    const lazy = await import('../../../src/util/lazy.js')
    const meta = await import('../../../src/meta/index.js')
    const ctx = eventContext('push-tag')
    const run = (tags: string) =>
      meta.resolveMetadata(
        ctx,
        {
          name: 'App',
          fullName: 'acme/App',
          description: '',
          htmlUrl: '',
          license: '',
          defaultBranch: 'main'
        },
        {
          images: 'ghcr.io/acme/app',
          tags,
          flavor: '',
          labels: '',
          annotations: '',
          prHeadSha: false
        },
        { now: new Date('2020-01-10T00:30:00Z'), defaultImage: 'app' }
      )
    const plain = run('type=semver,pattern={{version}}\ntype=sha')
    expect(plain.tags.map(t => t.tag)).toEqual(['1.2.3', 'sha-860c190', 'latest'])

    const dated = "type=raw,value=v-{{date 'YYYYMMDD' tz='Asia/Tokyo'}}\ntype=raw,\"value=a,b\""
    expect(() => run(dated)).toThrow(lazy.LazyModulesNeeded)
    const loaded = await lazy.withLazyModules(() => run(dated))
    expect(loaded.tags.map(t => t.tag)).toEqual(['v-20200110', 'a-b'])
  })

  // The fast path must give exactly what Handlebars gives, escaping included.
  const scope = {
    ...globalScope({
      ctx: eventContext('push-branch'),
      repo: {
        name: 'App',
        fullName: 'acme/App',
        description: '',
        htmlUrl: '',
        license: '',
        defaultBranch: 'main'
      },
      shaLength: 7,
      date: new Date(0),
      commitDate: new Date(0)
    }),
    version: '1.2.3',
    major: 1,
    zero: 0,
    no: false,
    html: `a&b<c>"d'e\`f=g`
  }
  it.each([
    ['plain placeholders', '{{version}}-{{ major }}.{{zero}}'],
    ['a lambda', 'x-{{branch}}-{{sha}}'],
    ['falsy values', '{{zero}}{{no}}{{missing}}'],
    ['escaping', '[{{html}}]'],
    ['an inherited name', '{{constructor}}{{toString}}'],
    ['braces around', 'a{b}{{version}}c}'],
    ['a single brace pair', '{x} {{version}}'],
    ['a keyword literal', '{{true}}-{{this}}'],
    ['a triple stash', '{{{html}}}'],
    ['whitespace control', '{{~version~}} x'],
    ['an escape', '\\{{version}}']
  ])('%s renders as Handlebars does', (_name, template) => {
    expect(render(template, scope, 'tags', template)).toBe(Handlebars.compile(template)(scope))
  })

  it.each([
    ['no quote', 'type=raw,value=a,enable=true'],
    ['empty fields', 'a,,b,'],
    ['a quoted comma', 'type=raw,"value=a,b"'],
    ['a leading space', ' a, b']
  ])('CSV: %s', (_name, line) => {
    const expected = line.includes('"') ? ['type=raw', 'value=a,b'] : line.split(',')
    expect(csvFields(line, 'tags')).toEqual(expected)
  })
})
