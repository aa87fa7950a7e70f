import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRunContext } from '../../src/action/context.js'
import { parseCommandFile } from '../../src/action/command-file.js'

describe('readRunContext', () => {
  it('reads the runner variables and the payload', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'))
    writeFileSync(join(dir, 'e.json'), JSON.stringify({ ref: 'refs/tags/v1.0.0' }))
    const ctx = readRunContext({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/tags/v1.0.0',
      GITHUB_SHA: 'abc',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_EVENT_PATH: join(dir, 'e.json'),
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_RUN_ID: '7'
    })
    expect(ctx).toMatchObject({
      eventName: 'push',
      ref: 'refs/tags/v1.0.0',
      sha: 'abc',
      repository: 'acme/app',
      serverUrl: 'https://ghe.example.com',
      payload: { ref: 'refs/tags/v1.0.0' }
    })
    expect(ctx.runId).toMatch(/^7-1-/)
  })

  it('tolerates a missing or broken payload', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'))
    writeFileSync(join(dir, 'e.json'), '{not json')
    expect(readRunContext({ GITHUB_EVENT_PATH: join(dir, 'e.json') }).payload).toEqual({})
    expect(readRunContext({}).payload).toEqual({})
  })
})

describe('parseCommandFile', () => {
  it('reads plain and heredoc values', () => {
    expect(parseCommandFile('a=1\ntags<<EOF\nx:1\nx:2\nEOF\nb=c=d\n')).toEqual({
      a: '1',
      tags: 'x:1\nx:2',
      b: 'c=d'
    })
  })
})
