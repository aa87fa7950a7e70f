/**
 * Handlebars, moment-timezone, csv-parse and yaml are loaded only when an input needs them: a
 * tag rule with more than `{{name}}` placeholders, a `{{date …}}` format, a quoted CSV field,
 * a smoke-config file. The common release uses none of them, and loading them costs a fifth
 * of the start-up time. The parsers stay synchronous: when one meets such an input before the
 * modules are loaded it throws `LazyModulesNeeded`, and `withLazyModules` loads them and runs
 * it again (input parsing is pure, so the second run gives the same result).
 */
import type HandlebarsNamespace from 'handlebars'
import type momentNamespace from 'moment-timezone'
import type { parse as csvParseSync } from 'csv-parse/sync'
import type { parse as yamlParse } from 'yaml'

interface Loaded {
  handlebars: typeof HandlebarsNamespace
  moment: typeof momentNamespace
  csvParse: typeof csvParseSync
  yamlParse: typeof yamlParse
}

let loaded: Loaded | undefined

export class LazyModulesNeeded extends Error {
  constructor(what: string) {
    super(`${what} is needed but was not loaded (call withLazyModules)`)
  }
}

export async function loadLazyModules(): Promise<void> {
  if (loaded) return
  const [hb, mt, csv, yaml] = await Promise.all([
    import('handlebars'),
    import('moment-timezone'),
    import('csv-parse/sync'),
    import('yaml')
  ])
  loaded = {
    handlebars: hb.default,
    moment: mt.default,
    csvParse: csv.parse,
    yamlParse: yaml.parse
  }
}

export function lazyModules(what: string): Loaded {
  if (!loaded) throw new LazyModulesNeeded(what)
  return loaded
}

/** Runs `fn`; if it needed a lazy module, loads them all and runs it once more. */
export async function withLazyModules<T>(fn: () => T): Promise<T> {
  try {
    return fn()
  } catch (err) {
    if (!(err instanceof LazyModulesNeeded)) throw err
    await loadLazyModules()
    return fn()
  }
}
