import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { INPUTS } from '../../src/cli/cli.js'
import { getInputs } from '../../src/action/inputs.js'
import { parseSmokeInputs } from '../../src/smoke/index.js'

const action = parseYaml(
  readFileSync(join(import.meta.dirname, '..', '..', 'action.yml'), 'utf8')
) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}

describe('action.yml', () => {
  it('the CLI offers a flag for every input, and no other', () => {
    expect([...INPUTS].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  // The CLI and a runner that omits an input both hand the parsers '' for it, so the parsers'
  // own fallbacks must agree with the defaults action.yml documents.
  it('parsers fall back to the same values action.yml declares as defaults', () => {
    const declared = (name: string): string => {
      const d = action.inputs[name]?.default
      return d === undefined || d.includes('${{') ? '' : d
    }
    const empty = (): string => ''
    expect(getInputs(declared)).toEqual(getInputs(empty))
    expect(parseSmokeInputs(declared)).toEqual(parseSmokeInputs(empty))
  })

  it('declares the outputs the issues name', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      [
        'version',
        'tags',
        'tag-names',
        'labels',
        'plan',
        'annotations',
        'json',
        'image-id',
        'digest',
        'pushed',
        'held-tags',
        'smoke-result',
        'smoke-report'
      ].sort()
    )
  })
})
