import { describe, expect, it } from '@jest/globals'
import type { MetaInputs, MetaOptions } from '../../../src/meta/index.js'
import type { RunContext } from '../../../src/meta/context.js'
import {
  BRANCH_SHA,
  eventContext,
  PR_HEAD_SHA,
  resolve,
  RUN_SHA,
  type EventKind
} from './helpers.js'

/**
 * Expectations taken from metadata-action's README tables and its test suite, so a workflow
 * migrated by copy-paste yields the same tags.
 */
interface Case {
  name: string
  event: EventKind
  ctx?: Partial<RunContext>
  input: Partial<MetaInputs>
  opts?: Partial<MetaOptions>
  tags: string[]
  version?: string
}

const tagRef = (tag: string): Partial<RunContext> => ({ ref: `refs/tags/${tag}` })
const branchRef = (branch: string): Partial<RunContext> => ({ ref: `refs/heads/${branch}` })

const semverCases: Case[] = [
  ['v1.2.3', '{{raw}}', ['v1.2.3', 'latest']],
  ['v1.2.3', '{{version}}', ['1.2.3', 'latest']],
  ['v1.2.3', '{{major}}.{{minor}}', ['1.2', 'latest']],
  ['v1.2.3', 'v{{major}}', ['v1', 'latest']],
  ['v1.2.3', '{{minor}}', ['2', 'latest']],
  ['v1.2.3', '{{patch}}', ['3', 'latest']],
  ['v2.0.8-beta.67', '{{raw}}', ['v2.0.8-beta.67']],
  ['v2.0.8-beta.67', '{{version}}', ['2.0.8-beta.67']],
  ['v2.0.8-beta.67', '{{major}}.{{minor}}', ['2.0.8-beta.67']],
  ['v2.0.8-beta.67', 'v{{major}}', ['2.0.8-beta.67']],
  ['1.2.3', '{{raw}}', ['1.2.3', 'latest']],
  ['v1.2.3+build.5', '{{raw}}', ['v1.2.3-build.5', 'latest']],
  ['v1.2.3+build.5', '{{version}}', ['1.2.3', 'latest']]
].map(([tag, pattern, tags]) => ({
  name: `semver ${tag as string} ${pattern as string}`,
  event: 'push-tag',
  ctx: tagRef(tag as string),
  input: { tags: `type=semver,pattern=${pattern as string}` },
  tags: tags as string[]
}))

const pep440Cases: Case[] = [
  ['1.2.3', '{{raw}}', ['1.2.3', 'latest']],
  ['1.2.3', '{{version}}', ['1.2.3', 'latest']],
  ['v1.2.3', '{{version}}', ['1.2.3', 'latest']],
  ['1.2.3', '{{major}}.{{minor}}', ['1.2', 'latest']],
  ['1.2.3', 'v{{major}}', ['v1', 'latest']],
  ['v1.2.3rc2', '{{raw}}', ['v1.2.3rc2']],
  ['1.2.3rc2', '{{version}}', ['1.2.3rc2']],
  ['1.2.3rc2', '{{major}}.{{minor}}', ['1.2.3rc2']],
  ['1.2.3post1', '{{major}}.{{minor}}', ['1.2.3.post1']],
  ['1.2.3beta2', '{{major}}.{{minor}}', ['1.2.3b2']],
  ['1.0dev4', '{{major}}.{{minor}}', ['1.0.dev4']]
].map(([tag, pattern, tags]) => ({
  name: `pep440 ${tag as string} ${pattern as string}`,
  event: 'push-tag',
  ctx: tagRef(tag as string),
  input: { tags: `type=pep440,pattern=${pattern as string}` },
  tags: tags as string[]
}))

const matchCases: Case[] = [
  ['v1.2.3', '\\d.\\d.\\d', '0', ['1.2.3', 'latest']],
  ['v2.0.8-beta.67', 'v(.*)', '1', ['2.0.8-beta.67', 'latest']],
  ['v2.0.8-beta.67', 'v(\\d.\\d)', '1', ['2.0', 'latest']],
  ['20200110-RC2', '\\d+', '0', ['20200110', 'latest']],
  ['p1/v1.2.3', 'p1/v(\\d.\\d.\\d)', '1', ['1.2.3', 'latest']],
  ['v1.2.3', '/V(\\d)/i', '1', ['1', 'latest']],
  ['v1.2.3', 'x(\\d)', '1', []],
  ['v1.2.3', 'v(\\d)(x)?', '2', []]
].map(([tag, pattern, group, tags]) => ({
  name: `match ${tag as string} ${pattern as string} group ${group as string}`,
  event: 'push-tag',
  ctx: tagRef(tag as string),
  input: { tags: `type=match,pattern=${pattern as string},group=${group as string}` },
  tags: tags as string[]
}))

const refCases: Case[] = (
  [
    { name: 'ref pr', event: 'pull_request', ctx: { ref: 'refs/pull/2/merge' }, tags: ['pr-2'] },
    { name: 'ref branch master', event: 'push-branch', ctx: branchRef('master'), tags: ['master'] },
    {
      name: 'ref branch my/branch',
      event: 'push-branch',
      ctx: branchRef('my/branch'),
      tags: ['my-branch']
    },
    {
      name: 'ref tag v1.2.3',
      event: 'push-tag',
      ctx: tagRef('v1.2.3'),
      tags: ['v1.2.3', 'latest']
    },
    {
      name: 'ref tag prerelease still latest',
      event: 'push-tag',
      ctx: tagRef('v2.0.8-beta.67'),
      tags: ['v2.0.8-beta.67', 'latest']
    },
    {
      name: 'ref workflow_dispatch',
      event: 'workflow_dispatch',
      ctx: branchRef('master'),
      tags: ['master']
    },
    {
      name: 'ref branch sanitized keeps case',
      event: 'push-branch',
      ctx: branchRef('feature/Login#2'),
      tags: ['feature-Login-2']
    }
  ] as Omit<Case, 'input'>[]
).map(c => ({
  ...c,
  input: {
    tags: 'type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr'
  }
}))

const other: Case[] = [
  // semver extras
  {
    name: 'semver several patterns on v1.1.1',
    event: 'push-tag',
    ctx: tagRef('v1.1.1'),
    input: {
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}'
    },
    tags: ['1.1.1', '1.1', '1', 'latest'],
    version: '1.1.1'
  },
  {
    name: 'semver ignored on branch push, ref branch used',
    event: 'push-branch',
    ctx: branchRef('dev'),
    input: { tags: 'type=ref,event=branch\ntype=semver,pattern={{version}}' },
    tags: ['dev'],
    version: 'dev'
  },
  {
    name: 'semver value on branch push',
    event: 'push-branch',
    input: { tags: 'type=semver,pattern={{version}},value=v1.0.0' },
    tags: ['1.0.0', 'latest']
  },
  {
    name: 'semver bare value on branch push',
    event: 'push-branch',
    input: { tags: 'type=semver,pattern={{major}}.{{minor}},v3.4.5' },
    tags: ['3.4', 'latest']
  },
  {
    name: 'semver match cuts the version out of a prefixed tag',
    event: 'push-tag',
    ctx: tagRef('app/v1.2.3'),
    input: {
      tags: 'type=semver,pattern={{version}},match=app/v(.*)\ntype=semver,pattern={{major}},match=app/v(.*)'
    },
    tags: ['1.2.3', '1', 'latest'],
    version: '1.2.3'
  },
  {
    name: 'semver match that does not match leaves an invalid version: no tag',
    event: 'push-tag',
    ctx: tagRef('other/v1.2.3'),
    input: { tags: 'type=semver,pattern={{version}},match=app/v(.*)\ntype=ref,event=tag' },
    tags: ['other-v1.2.3', 'latest']
  },
  {
    name: 'pep440 match on a value',
    event: 'push-branch',
    input: { tags: 'type=pep440,pattern={{version}},value=pkg-1.2.3rc1,match=pkg-(.*)' },
    tags: ['1.2.3rc1']
  },
  {
    name: 'semver invalid tag falls through to ref tag',
    event: 'push-tag',
    ctx: tagRef('release1'),
    input: { tags: 'type=semver,pattern={{version}}\ntype=ref,event=tag' },
    tags: ['release1', 'latest']
  },
  {
    name: 'semver major zero still gives 0 in metadata-action',
    event: 'push-tag',
    ctx: tagRef('v0.1.2'),
    input: {
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}'
    },
    tags: ['0.1.2', '0.1', '0', 'latest']
  },
  {
    name: 'semver major zero disabled by enable=false',
    event: 'push-tag',
    ctx: tagRef('v0.1.2'),
    input: {
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}},enable=false'
    },
    tags: ['0.1.2', '0.1', 'latest']
  },
  {
    name: 'semver with suffix',
    event: 'push-tag',
    input: { tags: 'type=semver,pattern={{version}},suffix=-alpine' },
    tags: ['1.2.3-alpine', 'latest']
  },
  {
    name: 'semver tag with slash is not semver',
    event: 'push-tag',
    ctx: tagRef('sub/v1.2.3'),
    input: { tags: 'type=semver,pattern={{version}}' },
    tags: []
  },
  {
    name: 'prerelease semver first means no latest even with ref tag',
    event: 'push-tag',
    ctx: tagRef('v2.0.8-beta.67'),
    input: { tags: 'type=semver,pattern={{version}}\ntype=ref,event=tag' },
    tags: ['2.0.8-beta.67', 'v2.0.8-beta.67']
  },
  // pep440 extras
  {
    name: 'pep440 value on branch push',
    event: 'push-branch',
    input: { tags: 'type=pep440,pattern={{version}},value=1.0.0' },
    tags: ['1.0.0', 'latest']
  },
  {
    name: 'pep440 invalid version skipped',
    event: 'push-tag',
    ctx: tagRef('foo'),
    input: { tags: 'type=pep440,pattern={{version}}' },
    tags: []
  },
  // match extras
  {
    name: 'match value on branch push',
    event: 'push-branch',
    input: { tags: 'type=match,pattern=v(.*),group=1,value=v1.0.0' },
    tags: ['1.0.0', 'latest']
  },
  {
    name: 'match ignored on branch push without value',
    event: 'push-branch',
    input: { tags: 'type=match,pattern=v(.*),group=1' },
    tags: []
  },
  // edge
  {
    name: 'edge on default branch',
    event: 'push-branch',
    input: { tags: 'type=edge' },
    tags: ['edge']
  },
  {
    name: 'edge on other branch',
    event: 'push-branch',
    ctx: branchRef('dev'),
    input: { tags: 'type=edge' },
    tags: []
  },
  {
    name: 'edge with branch attribute',
    event: 'push-branch',
    ctx: branchRef('dev'),
    input: { tags: 'type=edge,branch=dev' },
    tags: ['edge']
  },
  {
    name: 'edge outranks ref branch',
    event: 'push-branch',
    input: { tags: 'type=ref,event=branch\ntype=edge' },
    tags: ['edge', 'main'],
    version: 'edge'
  },
  {
    name: 'edge ignored on tag push',
    event: 'push-tag',
    input: { tags: 'type=edge' },
    tags: []
  },
  // ref extras
  {
    name: 'ref pr custom prefix',
    event: 'pull_request',
    input: { tags: 'type=ref,event=pr,prefix=pull-' },
    tags: ['pull-42']
  },
  {
    name: 'ref pr empty prefix',
    event: 'pull_request',
    input: { tags: 'type=ref,event=pr,prefix=' },
    tags: ['42']
  },
  {
    name: 'ref branch suffix',
    event: 'push-branch',
    input: { tags: 'type=ref,event=branch,suffix=-dev' },
    tags: ['main-dev']
  },
  {
    name: 'ref pr on branch push gives nothing',
    event: 'push-branch',
    input: { tags: 'type=ref,event=pr' },
    tags: []
  },
  {
    name: 'ref pr head ref keeps suffix',
    event: 'pull_request',
    ctx: { ref: 'refs/pull/7/head' },
    input: { tags: 'type=ref,event=pr' },
    tags: ['pr-7-head']
  },
  // raw
  {
    name: 'raw values',
    event: 'push-branch',
    input: { tags: 'type=raw,value=foo\ntype=raw,value=bar' },
    tags: ['foo', 'bar']
  },
  {
    name: 'raw bare value with type',
    event: 'push-branch',
    input: { tags: 'type=raw,foo\ntype=raw,bar' },
    tags: ['foo', 'bar']
  },
  {
    name: 'raw bare lines',
    event: 'push-branch',
    input: { tags: 'foo\nbar' },
    tags: ['foo', 'bar']
  },
  {
    name: 'raw latest on default branch',
    event: 'push-branch',
    input: { tags: 'type=raw,value=latest,enable={{is_default_branch}}' },
    tags: ['latest']
  },
  {
    name: 'raw latest not on other branch',
    event: 'push-branch',
    ctx: branchRef('dev'),
    input: { tags: 'type=raw,value=latest,enable={{is_default_branch}}' },
    tags: []
  },
  {
    name: 'raw with branch and sha expressions',
    event: 'push-branch',
    input: { tags: 'type=raw,value=mytag-{{branch}}-{{sha}}' },
    tags: ['mytag-main-90dd603']
  },
  {
    name: 'raw disabled',
    event: 'push-branch',
    input: { tags: 'type=raw,value=foo,enable=false\ntype=raw,value=bar' },
    tags: ['bar']
  },
  {
    name: 'raw sanitized',
    event: 'push-branch',
    input: { tags: 'type=raw,value=my tag!' },
    tags: ['my-tag-']
  },
  {
    name: 'raw value keeps equals after the first',
    event: 'push-branch',
    input: { tags: 'type=raw,value=a=b' },
    tags: ['a-b']
  },
  {
    name: 'raw quoted value with comma',
    event: 'push-branch',
    input: { tags: 'type=raw,"value=a,b"' },
    tags: ['a-b']
  },
  {
    name: 'raw empty value gives nothing',
    event: 'push-branch',
    input: { tags: 'type=raw,value=' },
    tags: []
  },
  {
    name: 'comments and blank lines ignored',
    event: 'push-branch',
    input: { tags: '# a comment\n\n  type=raw,value=foo  \n#type=raw,value=bar' },
    tags: ['foo']
  },
  {
    name: 'duplicates removed',
    event: 'push-tag',
    ctx: tagRef('1.2.3'),
    input: { tags: 'type=semver,pattern={{version}}\ntype=ref,event=tag\ntype=raw,value=1.2.3' },
    tags: ['1.2.3', 'latest']
  },
  // sha
  { name: 'sha short', event: 'push-branch', input: { tags: 'type=sha' }, tags: ['sha-90dd603'] },
  {
    name: 'sha long',
    event: 'push-branch',
    input: { tags: 'type=sha,format=long' },
    tags: [`sha-${BRANCH_SHA}`]
  },
  {
    name: 'sha no prefix',
    event: 'push-branch',
    input: { tags: 'type=sha,prefix=' },
    tags: ['90dd603']
  },
  {
    name: 'sha branch prefix',
    event: 'push-branch',
    input: { tags: 'type=sha,prefix={{branch}}-' },
    tags: ['main-90dd603']
  },
  {
    name: 'sha length 12',
    event: 'push-branch',
    input: { tags: 'type=sha', shaLength: 12 },
    tags: ['sha-90dd6032fac8']
  },
  {
    name: 'sha length beyond sha',
    event: 'push-branch',
    input: { tags: 'type=sha', shaLength: 50 },
    tags: [`sha-${BRANCH_SHA}`]
  },
  {
    name: 'sha expression honours length',
    event: 'push-branch',
    input: { tags: 'type=raw,value=x-{{sha}}', shaLength: 10 },
    tags: ['x-90dd6032fa']
  },
  {
    name: 'sha without commit',
    event: 'empty',
    input: { tags: 'type=sha' },
    tags: []
  },
  // schedule and dates (now = 2020-01-10T00:30:00Z)
  {
    name: 'schedule default',
    event: 'schedule',
    input: { tags: 'type=schedule' },
    tags: ['nightly']
  },
  {
    name: 'schedule date',
    event: 'schedule',
    input: { tags: "type=schedule,pattern={{date 'YYYYMMDD'}}" },
    tags: ['20200110']
  },
  {
    name: 'schedule date with tz',
    event: 'schedule',
    input: { tags: "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}" },
    tags: ['20200110-093000']
  },
  {
    name: 'schedule date in a west tz is the previous day',
    event: 'schedule',
    input: { tags: "type=schedule,pattern={{date 'YYYYMMDD' tz='America/New_York'}}" },
    tags: ['20200109']
  },
  {
    name: 'schedule ignored on push',
    event: 'push-branch',
    input: { tags: 'type=schedule' },
    tags: []
  },
  {
    name: 'schedule outranks everything',
    event: 'schedule',
    input: { tags: 'type=ref,event=branch\ntype=schedule' },
    tags: ['nightly', 'main'],
    version: 'nightly'
  },
  {
    // Commas would split the CSV record, so the README's long format needs quoting here.
    name: 'long date format quoted and sanitized',
    event: 'push-branch',
    input: { tags: `type=raw,"value={{date 'dddd, MMMM Do YYYY, h:mm:ss a'}}"` },
    opts: { now: new Date('2020-01-10T15:25:50Z') },
    tags: ['Friday-January-10th-2020-3-25-50-pm']
  },
  {
    name: 'date uses SOURCE_DATE_EPOCH',
    event: 'push-branch',
    input: { tags: "type=raw,value={{date 'YYYYMMDD-HHmmss'}}" },
    opts: { sourceDateEpoch: 1577836800 },
    tags: ['20200101-000000']
  },
  {
    name: 'commit_date from commit',
    event: 'push-branch',
    input: { tags: "type=raw,value={{commit_date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}" },
    opts: { commitDate: new Date('2020-01-10T09:15:42Z') },
    tags: ['20200110-181542']
  },
  {
    name: 'commit_date falls back to now',
    event: 'push-branch',
    input: { tags: "type=raw,value={{commit_date 'YYYYMMDD'}}" },
    tags: ['20200110']
  },
  // priorities
  {
    name: 'priority lifts sha to version',
    event: 'push-branch',
    input: { tags: 'type=ref,event=branch\ntype=sha,priority=2000' },
    tags: ['sha-90dd603', 'main'],
    version: 'sha-90dd603'
  },
  {
    name: 'semver outranks ref tag',
    event: 'push-tag',
    input: { tags: 'type=ref,event=tag\ntype=semver,pattern={{version}}' },
    tags: ['1.2.3', 'v1.2.3', 'latest'],
    version: '1.2.3'
  },
  {
    name: 'equal priority keeps written order',
    event: 'push-branch',
    input: { tags: 'type=raw,value=b\ntype=raw,value=a\ntype=raw,value=c' },
    tags: ['b', 'a', 'c'],
    version: 'b'
  },
  {
    name: 'negative priority sorts last',
    event: 'push-branch',
    input: { tags: 'type=raw,value=z,priority=-5\ntype=sha' },
    tags: ['sha-90dd603', 'z']
  },
  // flavor
  {
    name: 'latest=false',
    event: 'push-tag',
    input: { tags: 'type=semver,pattern={{version}}', flavor: 'latest=false' },
    tags: ['1.2.3']
  },
  {
    name: 'latest=true on branch',
    event: 'push-branch',
    input: { tags: 'type=ref,event=branch', flavor: 'latest=true' },
    tags: ['main', 'latest']
  },
  {
    name: 'flavor prefix not on latest',
    event: 'push-tag',
    input: { tags: 'type=semver,pattern={{version}}', flavor: 'prefix=foo-' },
    tags: ['foo-1.2.3', 'latest']
  },
  {
    name: 'flavor prefix onlatest',
    event: 'push-tag',
    input: { tags: 'type=semver,pattern={{version}}', flavor: 'prefix=foo-,onlatest=true' },
    tags: ['foo-1.2.3', 'foo-latest']
  },
  {
    name: 'flavor suffix onlatest',
    event: 'push-tag',
    input: { tags: 'type=semver,pattern={{version}}', flavor: 'suffix=-alpine,onlatest=true' },
    tags: ['1.2.3-alpine', 'latest-alpine']
  },
  {
    name: 'flavor prefix and suffix, onlatest for suffix only',
    event: 'push-tag',
    input: {
      tags: 'type=semver,pattern={{version}}',
      flavor: 'prefix=foo-\nsuffix=-bar,onlatest=true'
    },
    tags: ['foo-1.2.3-bar', 'latest-bar']
  },
  {
    name: 'empty rule prefix beats flavor prefix',
    event: 'push-tag',
    input: { tags: 'type=semver,pattern={{version}},prefix=', flavor: 'prefix=foo-' },
    tags: ['1.2.3', 'latest']
  },
  {
    name: 'flavor prefix not applied to sha default prefix',
    event: 'push-branch',
    input: { tags: 'type=sha', flavor: 'prefix=foo-' },
    tags: ['sha-90dd603']
  },
  {
    name: 'flavor suffix applied to sha',
    event: 'push-branch',
    input: { tags: 'type=sha', flavor: 'suffix=-alpine' },
    tags: ['sha-90dd603-alpine']
  },
  {
    name: 'flavor prefix expression',
    event: 'push-branch',
    input: { tags: 'type=raw,value=x', flavor: 'prefix={{branch}}-' },
    tags: ['main-x']
  },
  {
    name: 'flavor latest=auto explicit',
    event: 'push-tag',
    input: { tags: 'type=ref,event=tag', flavor: 'latest=auto' },
    tags: ['v1.2.3', 'latest']
  },
  // latest=auto decided by the first rule that yields a tag
  {
    name: 'first rule raw means no latest',
    event: 'push-tag',
    input: { tags: 'type=raw,value=foo,priority=1000\ntype=semver,pattern={{version}}' },
    tags: ['foo', '1.2.3']
  },
  {
    name: 'skipped rule does not decide latest',
    event: 'push-tag',
    input: { tags: 'type=ref,event=branch,priority=2000\ntype=semver,pattern={{version}}' },
    tags: ['1.2.3', 'latest']
  },
  {
    name: 'disabled rule does not decide latest',
    event: 'push-tag',
    input: { tags: 'type=raw,value=a,priority=2000,enable=false\ntype=ref,event=tag' },
    tags: ['v1.2.3', 'latest']
  },
  {
    name: 'match decides latest',
    event: 'push-tag',
    input: { tags: 'type=match,pattern=v(.*),group=1\ntype=sha' },
    tags: ['1.2.3', 'sha-860c190', 'latest']
  },
  // expressions
  {
    name: 'tag expression',
    event: 'push-tag',
    input: { tags: 'type=raw,value={{tag}}' },
    tags: ['v1.2.3']
  },
  {
    // An unquoted format is a lookup of a missing name: moment's default format, sanitized.
    name: 'date with unquoted format uses the default format',
    event: 'push-branch',
    input: { tags: 'type=raw,value={{date YYYYMMDD}}' },
    tags: ['2020-01-10T00-30-00Z']
  },
  {
    name: 'date with unquoted format and tz',
    event: 'push-branch',
    input: { tags: "type=raw,value=d-{{commit_date YYYYMMDD tz='Asia/Tokyo'}}" },
    tags: ['d-2020-01-10T09-30-00-09-00']
  },
  {
    name: 'tag expression empty on branch',
    event: 'push-branch',
    input: { tags: 'type=raw,value={{tag}}' },
    tags: []
  },
  {
    name: 'base_ref on pull request',
    event: 'pull_request',
    input: { tags: 'type=raw,value=pr-{{base_ref}}' },
    tags: ['pr-main']
  },
  {
    name: 'base_ref on tag push',
    event: 'push-tag',
    input: { tags: 'type=raw,value=from-{{base_ref}}' },
    tags: ['from-main']
  },
  {
    name: 'base_ref empty on branch',
    event: 'push-branch',
    input: { tags: 'type=raw,value=from-{{base_ref}}' },
    tags: ['from-']
  },
  {
    name: 'is_not_default_branch on dev',
    event: 'push-branch',
    ctx: branchRef('dev'),
    input: { tags: 'type=raw,value=preview,enable={{is_not_default_branch}}' },
    tags: ['preview']
  },
  {
    name: 'is_default_branch true on schedule',
    event: 'schedule',
    ctx: { ref: 'refs/heads/other' },
    input: { tags: 'type=raw,value=yes,enable={{is_default_branch}}' },
    tags: ['yes']
  },
  {
    name: 'is_default_branch false on tag',
    event: 'push-tag',
    input: { tags: 'type=raw,value=yes,enable={{is_default_branch}}' },
    tags: []
  },
  {
    name: 'branch empty on pull request',
    event: 'pull_request',
    input: { tags: 'type=raw,value=b-{{branch}}' },
    tags: ['b-']
  },
  {
    name: 'branch with slash in expression is sanitized',
    event: 'push-branch',
    ctx: branchRef('my/branch'),
    input: { tags: 'type=raw,value={{branch}}' },
    tags: ['my-branch']
  },
  // compatibility switches
  {
    name: 'pull_request sha is merge commit',
    event: 'pull_request',
    input: { tags: 'type=ref,event=pr\ntype=sha' },
    tags: ['pr-42', 'sha-a1b2c3d']
  },
  {
    name: 'pull_request with pr head sha',
    event: 'pull_request',
    input: { tags: 'type=ref,event=pr\ntype=sha', prHeadSha: true },
    tags: ['pr-42', 'sha-f00dfee']
  },
  {
    name: 'pr head sha ignored on push',
    event: 'push-branch',
    input: { tags: 'type=sha', prHeadSha: true },
    tags: ['sha-90dd603']
  },
  {
    name: 'pull_request_target uses PR merge ref',
    event: 'pull_request_target',
    input: { tags: 'type=ref,event=pr\ntype=ref,event=branch' },
    tags: ['pr-42']
  },
  {
    name: 'pull_request_target with pr head sha',
    event: 'pull_request_target',
    input: { tags: 'type=ref,event=pr\ntype=sha', prHeadSha: true },
    tags: ['pr-42', `sha-${PR_HEAD_SHA.slice(0, 7)}`]
  },
  {
    name: 'release event tag ref',
    event: 'release',
    input: { tags: 'type=semver,pattern={{raw}}\ntype=sha' },
    tags: ['v2.0.0-rc.1', `sha-${RUN_SHA.slice(0, 7)}`]
  }
]

const cases: Case[] = [...semverCases, ...pep440Cases, ...matchCases, ...refCases, ...other]

describe('metadata-action compatible tag rules', () => {
  it('has the documented number of cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100)
  })

  it.each(cases.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const meta = resolve(eventContext(c.event, c.ctx), { images: 'user/app', ...c.input }, c.opts)
    expect(meta.tags.map(t => t.tag)).toEqual(c.tags)
    expect(meta.fullTags).toEqual(c.tags.map(t => `user/app:${t}`))
    expect(meta.version).toBe(c.version ?? c.tags[0] ?? '')
    expect(meta.labels).toContain(`org.opencontainers.image.version=${meta.version}`)
  })
})
