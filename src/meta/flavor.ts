import { InputError } from '../util/errors.js'
import { csvFields, inputLines, quote, splitAttr } from './csv.js'
import type { Flavor } from './types.js'

const ALLOWED =
  'latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false]'

export function parseFlavor(text: string): Flavor {
  const flavor: Flavor = {
    latest: 'auto',
    prefix: '',
    prefixLatest: false,
    suffix: '',
    suffixLatest: false
  }
  for (const line of inputLines(text)) {
    const fail = (detail: string): never => {
      throw new InputError('flavor', `${quote(line)}: ${detail}; allowed: ${ALLOWED}`)
    }
    // onlatest qualifies whichever of prefix/suffix came just before it on the same line.
    let onLatestFor: 'prefix' | 'suffix' | undefined
    for (const field of csvFields(line, 'flavor')) {
      const { key, value } = splitAttr(field)
      switch (key) {
        case undefined:
          fail(`"${value}" is not a key=value entry`)
          break
        case 'latest':
          if (value !== 'auto' && value !== 'true' && value !== 'false') {
            fail(`latest "${value}" must be auto, true or false`)
          }
          flavor.latest = value as Flavor['latest']
          break
        case 'prefix':
          flavor.prefix = value
          onLatestFor = 'prefix'
          break
        case 'suffix':
          flavor.suffix = value
          onLatestFor = 'suffix'
          break
        case 'onlatest':
          if (value !== 'true' && value !== 'false')
            fail(`onlatest "${value}" must be true or false`)
          if (onLatestFor === undefined) fail('onlatest must follow prefix= or suffix= on its line')
          if (onLatestFor === 'prefix') flavor.prefixLatest = value === 'true'
          else flavor.suffixLatest = value === 'true'
          break
        default:
          fail(`unknown entry "${key}"`)
      }
    }
  }
  return flavor
}
