import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/util/errors.js'
import type { MetaInputs } from '../../../src/meta/index.js'
import { eventContext, resolve, thrown } from './helpers.js'

interface Case {
  name: string
  input: Partial<MetaInputs>
  /** Input named in the error. */
  names: string
  /** The offending line, quoted back to the user. */
  line: string
  /** Part of the explanation of what is allowed. */
  says: string
}

const LONG = 'x'.repeat(129)

const cases: Case[] = [
  {
    name: 'unknown type',
    input: { tags: 'type=semvar,pattern={{version}}' },
    names: 'tags',
    line: 'type=semvar,pattern={{version}}',
    says: 'expected one of schedule, semver, pep440, match, edge, ref, raw, sha'
  },
  {
    name: 'unknown attribute',
    input: { tags: 'type=ref,event=branch,sufix=-x' },
    names: 'tags',
    line: 'type=ref,event=branch,sufix=-x',
    says: 'allowed attributes are type, enable, priority, prefix, suffix, event'
  },
  {
    name: 'unknown attribute that no type takes',
    input: { tags: 'type=edge,brnach=main' },
    names: 'tags',
    line: 'type=edge,brnach=main',
    says: 'unknown attribute "brnach" for type=edge, allowed attributes are'
  },
  {
    name: 'bad regex',
    input: { tags: 'type=match,pattern=v(\\d' },
    names: 'tags',
    line: 'type=match,pattern=v(\\d',
    says: 'is not a valid regular expression'
  },
  {
    name: 'bad regex flags',
    input: { tags: 'type=match,pattern=/v(.*)/q' },
    names: 'tags',
    line: 'type=match,pattern=/v(.*)/q',
    says: 'is not a valid regular expression'
  },
  {
    name: 'bad enable literal',
    input: { tags: 'type=sha,enable=yes' },
    names: 'tags',
    line: 'type=sha,enable=yes',
    says: 'must be true or false'
  },
  {
    name: 'enable expression not boolean',
    input: { tags: 'type=sha,enable={{branch}}' },
    names: 'tags',
    line: 'type=sha,enable={{branch}}',
    says: 'enable evaluated to "main", expected true or false'
  },
  {
    name: 'semver without pattern',
    input: { tags: 'type=semver' },
    names: 'tags',
    line: 'type=semver',
    says: 'needs a pattern'
  },
  {
    name: 'match without pattern',
    input: { tags: 'type=match,group=1' },
    names: 'tags',
    line: 'type=match,group=1',
    says: 'needs a pattern'
  },
  {
    name: 'match group not a number',
    input: { tags: 'type=match,pattern=v(.*),group=one' },
    names: 'tags',
    line: 'type=match,pattern=v(.*),group=one',
    says: 'capture group number'
  },
  {
    name: 'ref without event',
    input: { tags: 'type=ref' },
    names: 'tags',
    line: 'type=ref',
    says: 'event=branch, event=tag or event=pr'
  },
  {
    name: 'ref with bad event',
    input: { tags: 'type=ref,event=push' },
    names: 'tags',
    line: 'type=ref,event=push',
    says: 'is not one of branch, tag, pr'
  },
  {
    name: 'raw without value',
    input: { tags: 'type=raw' },
    names: 'tags',
    line: 'type=raw',
    says: 'needs a value'
  },
  {
    name: 'sha bad format',
    input: { tags: 'type=sha,format=medium' },
    names: 'tags',
    line: 'type=sha,format=medium',
    says: 'is not one of short, long'
  },
  {
    name: 'bad priority',
    input: { tags: 'type=sha,priority=high' },
    names: 'tags',
    line: 'type=sha,priority=high',
    says: 'must be an integer'
  },
  {
    name: 'tag too long',
    input: { tags: `type=raw,value=${LONG}` },
    names: 'tags',
    line: `type=raw,value=${LONG}`,
    says: 'at most 128'
  },
  {
    name: 'tag starting with a dash',
    input: { tags: 'type=raw,value=-x' },
    names: 'tags',
    line: 'type=raw,value=-x',
    says: 'may not start with "." or "-"'
  },
  {
    name: 'tag starting with a dot',
    input: { tags: 'type=sha,prefix=.' },
    names: 'tags',
    line: 'type=sha,prefix=.',
    says: 'may not start with "." or "-"'
  },
  {
    name: 'unclosed quote',
    input: { tags: 'type=raw,"value=a' },
    names: 'tags',
    line: 'type=raw,"value=a',
    says: 'is not a valid CSV line'
  },
  {
    name: 'broken expression',
    input: { tags: 'type=raw,value={{branch' },
    names: 'tags',
    line: 'type=raw,value={{branch',
    says: 'cannot evaluate'
  },
  {
    name: 'date with unknown attribute',
    input: { tags: "type=raw,value={{date 'YYYY' zone='UTC'}}" },
    names: 'tags',
    line: "type=raw,value={{date 'YYYY' zone='UTC'}}",
    says: 'only tz is allowed'
  },
  {
    name: 'date with unknown time zone',
    input: { tags: "type=raw,value={{date 'YYYY' tz='Mars/Olympus'}}" },
    names: 'tags',
    line: "type=raw,value={{date 'YYYY' tz='Mars/Olympus'}}",
    says: 'unknown time zone "Mars/Olympus"'
  },
  {
    name: 'date without format',
    input: { tags: 'type=raw,value={{date}}' },
    names: 'tags',
    line: 'type=raw,value={{date}}',
    says: 'needs a format'
  },
  {
    name: 'flavor unknown entry',
    input: { flavor: 'latest=auto,postfix=-x' },
    names: 'flavor',
    line: 'latest=auto,postfix=-x',
    says: 'allowed: latest=auto|true|false'
  },
  {
    name: 'flavor bad latest',
    input: { flavor: 'latest=yes' },
    names: 'flavor',
    line: 'latest=yes',
    says: 'must be auto, true or false'
  },
  {
    name: 'flavor bare entry',
    input: { flavor: 'latest' },
    names: 'flavor',
    line: 'latest',
    says: 'not a key=value entry'
  },
  {
    name: 'flavor onlatest alone',
    input: { flavor: 'onlatest=true' },
    names: 'flavor',
    line: 'onlatest=true',
    says: 'must follow prefix= or suffix='
  },
  {
    name: 'flavor onlatest bad value',
    input: { flavor: 'prefix=a-,onlatest=1' },
    names: 'flavor',
    line: 'prefix=a-,onlatest=1',
    says: 'must be true or false'
  },
  {
    name: 'images unknown attribute',
    input: { images: 'name=user/app,push=false' },
    names: 'images',
    line: 'name=user/app,push=false',
    says: 'allowed attributes are name, enable'
  },
  {
    name: 'images bad enable',
    input: { images: 'name=user/app,enable=no' },
    names: 'images',
    line: 'name=user/app,enable=no',
    says: 'must be true or false'
  },
  {
    name: 'images empty name',
    input: { images: 'enable=true' },
    names: 'images',
    line: 'enable=true',
    says: 'has no image name'
  },
  {
    name: 'images bad port',
    input: { images: '127.0.0.1:99999/app' },
    names: 'images',
    line: '127.0.0.1:99999/app',
    says: 'has port 99999, expected 1-65535'
  },
  {
    name: 'labels with an empty key',
    input: { labels: '=value' },
    names: 'labels',
    line: '=value',
    says: 'has an empty key'
  },
  {
    name: 'annotations with an empty key',
    input: { annotations: ' = x' },
    names: 'annotations',
    line: '= x',
    says: 'has an empty key'
  },
  {
    name: 'labels broken expression',
    input: { labels: 'a={{#if}}' },
    names: 'labels',
    line: 'a={{#if}}',
    says: 'cannot evaluate'
  }
]

describe('input errors name the input and quote the line', () => {
  it.each(cases.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const err = thrown(() => resolve(eventContext('push-branch'), c.input))
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe(c.names)
    expect(err.message.startsWith(`Input "${c.names}": `)).toBe(true)
    expect(err.message).toContain(JSON.stringify(c.line))
    expect(err.message).toContain(c.says)
  })

  it('rejects a bad sha length', () => {
    const err = thrown(() => resolve(eventContext('push-branch'), { shaLength: 0 }))
    expect(err).toBeInstanceOf(InputError)
    expect(err.message).toBe(
      'Input "sha-length": "0" must be a whole number of at least 1, e.g. 7 or 12'
    )
  })

  it('checks a rule even when the event would not use it', () => {
    const err = thrown(() => resolve(eventContext('schedule'), { tags: 'type=ref,event=tags' }))
    expect(err.message).toContain('"type=ref,event=tags"')
  })

  it('flavor prefix that makes latest invalid', () => {
    const err = thrown(() =>
      resolve(eventContext('push-tag'), {
        tags: 'type=ref,event=tag,prefix=',
        flavor: 'prefix=-,onlatest=true'
      })
    )
    expect((err as InputError).input).toBe('flavor')
    expect(err.message).toContain('"prefix=-"')
  })
})
