// Unit tests call the synchronous metadata resolver directly; the action loads Handlebars,
// moment-timezone and csv-parse on demand (src/meta/lazy.ts), so tests load them up front.
// The on-demand path itself is tested in meta/lazy.test.ts with a fresh module registry.
import { loadLazyModules } from '../../src/util/lazy.js'

await loadLazyModules()
