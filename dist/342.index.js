export const id = 342;
export const ids = [342];
export const modules = {

/***/ 342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/util/core.ts
/**
 * The few runner commands the action uses, with @actions/core's exact wire format. That
 * package's entry imports its OIDC client and so an HTTP stack (http-client, undici) and
 * @actions/exec, which cost a third of the start-up time of a run that needs none of them.
 * Workflow commands go to stdout; outputs, state and exported variables go to the files the
 * runner names (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV), with a random heredoc delimiter.
 */



function commandValue(value) {
    if (value === null || value === undefined)
        return '';
    return typeof value === 'string' || value instanceof String
        ? String(value)
        : JSON.stringify(value);
}
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** `::name::message` on stdout, escaped so a value cannot end the command early. */
function issueCommand(name, message) {
    process.stdout.write(`::${name}::${escapeData(commandValue(message))}${external_node_os_.EOL}`);
}
/** `name<<delimiter` … `delimiter` appended to the file the runner named, or a stdout fallback. */
function fileCommand(file, name, value) {
    const path = process.env[`GITHUB_${file}`];
    if (!path)
        return false;
    if (!(0,external_node_fs_.existsSync)(path))
        throw new Error(`Missing file at path: ${path}`);
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    const text = commandValue(value);
    if (name.includes(delimiter) || text.includes(delimiter)) {
        throw new Error(`Unexpected input: the value contains the delimiter "${delimiter}"`);
    }
    (0,external_node_fs_.appendFileSync)(path, `${name}<<${delimiter}${external_node_os_.EOL}${text}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`, 'utf8');
    return true;
}
/** The step input as the runner passes it (`INPUT_<NAME>`), trimmed. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setOutput(name, value) {
    if (!fileCommand('OUTPUT', name, value)) {
        process.stdout.write(external_node_os_.EOL);
        process.stdout.write(`::set-output name=${name}::${escapeData(commandValue(value))}${external_node_os_.EOL}`);
    }
}
function exportVariable(name, value) {
    process.env[name] = commandValue(value);
    if (!fileCommand('ENV', name, value)) {
        process.stdout.write(`::set-env name=${name}::${escapeData(commandValue(value))}${external_node_os_.EOL}`);
    }
}
function saveState(name, value) {
    if (!fileCommand('STATE', name, value)) {
        process.stdout.write(`::save-state name=${name}::${escapeData(commandValue(value))}${external_node_os_.EOL}`);
    }
}
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function setSecret(secret) {
    issueCommand('add-mask', secret);
}
function core_info(message) {
    process.stdout.write(message + external_node_os_.EOL);
}
function core_warning(message) {
    issueCommand('warning', message instanceof Error ? message.toString() : message);
}
function core_notice(message) {
    issueCommand('notice', message instanceof Error ? message.toString() : message);
}
function error(message) {
    issueCommand('error', message instanceof Error ? message.toString() : message);
}
/** Marks the step failed (exit code 1) with an error annotation; the caller returns normally. */
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
function startGroup(name) {
    issueCommand('group', name);
}
function endGroup() {
    process.stdout.write(`::endgroup::${external_node_os_.EOL}`);
}
async function group(name, fn) {
    startGroup(name);
    try {
        return await fn();
    }
    finally {
        endGroup();
    }
}
/** Appends markdown to the job summary (GITHUB_STEP_SUMMARY), as core.summary.write() does. */
function appendSummary(markdown) {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path) {
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    }
    (0,external_node_fs_.appendFileSync)(path, markdown, 'utf8');
}

;// CONCATENATED MODULE: ./src/action/context.ts

/** Reads the event context the runner provides (GITHUB_* variables and the payload file). */
function readRunContext(env) {
    let payload = {};
    const eventPath = env.GITHUB_EVENT_PATH;
    if (eventPath && (0,external_node_fs_.existsSync)(eventPath)) {
        try {
            const parsed = JSON.parse((0,external_node_fs_.readFileSync)(eventPath, 'utf8'));
            if (parsed && typeof parsed === 'object')
                payload = parsed;
        }
        catch {
            // A broken payload must not stop a build; tags then come from GITHUB_REF alone.
        }
    }
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        ref: env.GITHUB_REF ?? '',
        sha: env.GITHUB_SHA ?? '',
        repository: env.GITHUB_REPOSITORY ?? '',
        serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
        payload,
        runId: [
            env.GITHUB_RUN_ID || String(Date.now()),
            env.GITHUB_RUN_ATTEMPT || '1',
            env.GITHUB_ACTION || 'step'
        ]
            .join('-')
            .replace(/[^a-zA-Z0-9_.-]/g, '-')
    };
}

// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js + 4 modules
var pep440 = __webpack_require__(9687);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/registry/floating.ts
/**
 * Floating tags never move backwards. A backport (`v1.2.4` cut after `v2.0.0`) must not take
 * `latest` or `2`: a floating tag moves only when the release is the highest stable version in
 * that tag's range, judged against the versions the registry already holds for the image.
 *
 * Pure: the registry's tag list comes in as data (see tag-list.ts for the HTTP side).
 */


const FLOATING_MODES = ['guard', 'always', 'strict'];
/** Floating tags that stand for a range of versions; `raw`/`ref` floating tags are not ranged. */
function rangedFloatingTags(tags) {
    return tags.filter(t => t.floating && t.version && t.version.level !== 'full');
}
/**
 * The forms in which this run writes full versions: each immutable semver/pep440 tag, split
 * around its version. Registry tags are read only in these forms, so `1.2.4-alpine` is not
 * mistaken for the plain line, and `v`-less rules do not read `v2.0.0` left by another rule.
 */
function versionForms(tags) {
    const forms = [];
    for (const t of tags) {
        const v = t.version;
        if (!v || v.level !== 'full')
            continue;
        const at = t.tag.lastIndexOf(v.version);
        if (at < 0)
            continue;
        const form = {
            before: t.tag.slice(0, at),
            after: t.tag.slice(at + v.version.length),
            prefix: v.prefix,
            suffix: v.suffix,
            scheme: v.scheme
        };
        if (!forms.some(f => f.before === form.before && f.after === form.after))
            forms.push(form);
    }
    return forms;
}
/**
 * The forms that speak for one floating tag: those made with the same prefix and suffix; else
 * (a `latest` without the flavor's suffix) every form of the run; else, when the run writes no
 * full version at all, the plain `{{version}}` form with the tag's own prefix and suffix.
 */
function formsFor(version, forms) {
    const same = forms.filter(f => f.scheme === version.scheme && f.prefix === version.prefix && f.suffix === version.suffix);
    if (same.length > 0)
        return same;
    const scheme = forms.filter(f => f.scheme === version.scheme);
    if (scheme.length > 0)
        return scheme;
    return [
        {
            before: version.prefix,
            after: version.suffix,
            prefix: version.prefix,
            suffix: version.suffix,
            scheme: version.scheme
        }
    ];
}
const SCHEMES = {
    semver: {
        stable: text => {
            // semver.valid accepts a leading `v`; the form decides whether one is there.
            if (!/^\d/.test(text))
                return undefined;
            const v = semver_default().valid(text);
            return v && semver_default().prerelease(v) === null ? v : undefined;
        },
        compare: (a, b) => semver_default().compare(a, b),
        major: v => semver_default().major(v),
        minor: v => semver_default().minor(v)
    },
    pep440: {
        stable: text => {
            if (!/^\d/.test(text) || !pep440/* valid */.rZ(text))
                return undefined;
            const e = pep440/* explain */.WE(text);
            if (!e || e.is_prerelease || e.is_postrelease || e.is_devrelease || e.local)
                return undefined;
            return pep440/* clean */.uH(text) ?? text;
        },
        compare: (a, b) => pep440/* compare */.UD(a, b),
        major: v => pep440/* major */.eR(v),
        minor: v => pep440/* minor */.Ek(v)
    }
};
function inRange(scheme, version, candidate) {
    switch (version.level) {
        case 'all':
            return true;
        case 'major':
            return scheme.major(candidate) === scheme.major(version.version);
        case 'minor':
            return (scheme.major(candidate) === scheme.major(version.version) &&
                scheme.minor(candidate) === scheme.minor(version.version));
        case 'full':
            return false;
    }
}
/** Reads a registry tag as a stable version in one of the forms, or undefined. */
function parseVersionTag(tag, forms, schemeName) {
    const scheme = SCHEMES[schemeName];
    for (const f of forms) {
        if (tag.length <= f.before.length + f.after.length)
            continue;
        if (!tag.startsWith(f.before) || !tag.endsWith(f.after))
            continue;
        const v = scheme.stable(tag.slice(f.before.length, tag.length - f.after.length));
        if (v !== undefined)
            return v;
    }
    return undefined;
}
/**
 * For each ranged floating tag of the run: push it, or hold it because the registry already
 * holds a newer stable version in its range. An equal version (a rerun) is not newer.
 */
function decideFloating(runTags, registryTags) {
    const forms = versionForms(runTags);
    return rangedFloatingTags(runTags).map(t => {
        const version = t.version;
        const scheme = SCHEMES[version.scheme];
        const mine = formsFor(version, forms);
        let newest;
        for (const candidate of registryTags) {
            const v = parseVersionTag(candidate, mine, version.scheme);
            if (v === undefined || !inRange(scheme, version, v))
                continue;
            if (!newest || scheme.compare(v, newest.version) > 0)
                newest = { version: v, tag: candidate };
        }
        const held = newest !== undefined && scheme.compare(newest.version, version.version) > 0;
        return {
            tag: t.tag,
            release: version.version,
            held,
            ...(held && newest ? { newest: newest.version, newestTag: newest.tag } : {})
        };
    });
}
/** The log line for a held tag, e.g. `latest stays on 2.0.0 (newer than 1.2.4)`. */
function holdMessage(d) {
    return `${d.tag} stays on ${d.newest} (newer than ${d.release})`;
}

;// CONCATENATED MODULE: ./src/build/buildkit-options.ts
/**
 * The BuildKit inputs, with docker/build-push-action's names and list syntax so a workflow can
 * move over unchanged: `platforms`, `provenance`, `sbom`, `builder`, `build-contexts`, `ssh`,
 * `outputs`, `add-hosts`, `shm-size`, `ulimit`, `allow`, `no-cache-filters`; and the
 * many-runners inputs `push-by-digest`, `digests-dir`, `merge-digests`, `smoke-platform`.
 * Pure: parsed once, before any docker call; every bad value names its input.
 */

/** build-push-action's list rule: one item per line, and (unless told otherwise) per comma. */
function bpaList(text, ignoreComma = false) {
    return text
        .split(/\r?\n/)
        .flatMap(line => (ignoreComma ? [line] : line.split(',')))
        .map(s => s.trim())
        .filter(s => s !== '' && !s.startsWith('#'));
}
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const SIZE = /^\d+(\.\d+)?[bkmgBKMG]?$/;
const ULIMIT = /^[a-z]+=-?\d+(:-?\d+)?$/;
const HOST = /^[^\s=:]+[:=][0-9a-fA-F.:[\]]+$/;
const ENTITLEMENT = /^(network\.host|security\.insecure|device(=.*)?)$/;
const NAMED = /^[^\s=]+=\S.*$/;
const SSH = /^[A-Za-z0-9_.-]+(=\S+)?$/;
function each(name, items, ok, form) {
    for (const item of items) {
        if (!ok.test(item))
            throw new errors/* InputError */.dz(name, `expected ${form}, got "${item}"`);
    }
    return items;
}
function trueFalse(name, text) {
    const v = text.trim().toLowerCase();
    if (v === '' || v === 'false')
        return false;
    if (v === 'true')
        return true;
    throw new errors/* InputError */.dz(name, `expected true or false, got "${text.trim()}"`);
}
/** build-push-action's provenance values: true/false, or `mode=min|max` and friends. */
function attestation(name, text) {
    const v = text.trim();
    if (v === '' || /^(true|false|[a-z-]+=[^,\s]+(,[a-z-]+=[^,\s]+)*)$/i.test(v))
        return v;
    throw new errors/* InputError */.dz(name, `expected true, false or KEY=VALUE[,KEY=VALUE] (e.g. mode=max), got "${v}"`);
}
/** `platforms` and `smoke-platform`, checked against each other. */
function parsePlatforms(read) {
    const platforms = each('platforms', bpaList(read('platforms')).map(p => p.toLowerCase()), PLATFORM, 'os/arch[/variant] items such as linux/amd64,linux/arm64');
    if (new Set(platforms).size !== platforms.length) {
        throw new errors/* InputError */.dz('platforms', `lists a platform twice: ${platforms.join(',')}`);
    }
    const smokePlatform = read('smoke-platform').trim().toLowerCase();
    if (smokePlatform)
        each('smoke-platform', [smokePlatform], PLATFORM, 'one os/arch such as linux/arm64');
    if (smokePlatform && platforms.length > 0 && !platforms.includes(smokePlatform)) {
        throw new errors/* InputError */.dz('smoke-platform', `"${smokePlatform}" is not one of platforms (${platforms.join(',')})`);
    }
    return { platforms, smokePlatform };
}
/** One digest line of `merge-digests`. */
const DIGEST_LINE = /^sha256:[0-9a-f]{64}$/;
const MERGE_FORM = 'one sha256:<64 lowercase hex digits> digest per line, or the path of a directory of digest files named by their hex';
/** Pure: a directory is recognised by not looking like a digest at all. */
function parseMergeDigests(text) {
    const lines = text
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(l => l !== '' && !l.startsWith('#'));
    if (lines.length === 0)
        return { kind: 'none' };
    const looksLikeDigest = (l) => /^sha256:|^[0-9a-f]{64}$/i.test(l);
    if (lines.length === 1 && !looksLikeDigest(lines[0])) {
        if (/[\u0000-\u001f]/.test(lines[0])) {
            throw new errors/* InputError */.dz('merge-digests', `expected ${MERGE_FORM}; got a control character`);
        }
        return { kind: 'dir', path: lines[0] };
    }
    for (const line of lines) {
        if (!DIGEST_LINE.test(line)) {
            throw new errors/* InputError */.dz('merge-digests', `expected ${MERGE_FORM}; got "${line}"`);
        }
    }
    return { kind: 'digests', digests: [...new Set(lines)] };
}
/** `push-by-digest`, `digests-dir` and `merge-digests`, checked against each other. */
function parseDigestInputs(read, platforms) {
    const pushByDigest = trueFalse('push-by-digest', read('push-by-digest'));
    const digestsDir = read('digests-dir').trim();
    const mergeDigests = read('merge-digests').trim();
    if (digestsDir && !pushByDigest) {
        throw new errors/* InputError */.dz('digests-dir', 'is only used with push-by-digest: true');
    }
    if (pushByDigest && mergeDigests) {
        throw new errors/* InputError */.dz('merge-digests', 'cannot be combined with push-by-digest: true (a merge job builds nothing)');
    }
    if (pushByDigest && platforms.length > 1) {
        throw new errors/* InputError */.dz('platforms', 'give one platform per job with push-by-digest: true; a later job merges them with merge-digests');
    }
    return { pushByDigest, digestsDir, mergeDigests, merge: parseMergeDigests(mergeDigests) };
}
function parseBuildkitInputs(read) {
    const { platforms, smokePlatform } = parsePlatforms(read);
    const shmSize = read('shm-size').trim();
    if (shmSize && !SIZE.test(shmSize)) {
        throw new errors/* InputError */.dz('shm-size', `expected a size such as 2g or 512m, got "${shmSize}"`);
    }
    const builder = read('builder').trim();
    if (builder && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(builder)) {
        throw new errors/* InputError */.dz('builder', `expected a buildx builder name, got "${builder}"`);
    }
    const digests = parseDigestInputs(read, platforms);
    return {
        platforms,
        smokePlatform,
        provenance: attestation('provenance', read('provenance')),
        sbom: attestation('sbom', read('sbom')),
        builder,
        buildContexts: each('build-contexts', bpaList(read('build-contexts'), true), NAMED, 'name=path-or-url lines'),
        ssh: each('ssh', bpaList(read('ssh')), SSH, 'default or id=path items'),
        outputs: each('outputs', bpaList(read('outputs'), true), /^(type=|\S+$)/, 'type=... lines'),
        addHosts: each('add-hosts', bpaList(read('add-hosts')), HOST, 'host:ip items such as db:127.0.0.1'),
        shmSize,
        ulimit: each('ulimit', bpaList(read('ulimit'), true), ULIMIT, 'type=soft[:hard] lines such as nofile=1024:1024'),
        allow: each('allow', bpaList(read('allow')), ENTITLEMENT, 'network.host or security.insecure'),
        noCacheFilters: each('no-cache-filters', bpaList(read('no-cache-filters')), /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'build stage names'),
        ...digests
    };
}
/**
 * The argv fragment for `docker buildx build` from these inputs and the run's annotations
 * (metadata-action's `annotations` output, `manifest:key=value`). Output flags (`--load`,
 * `--push`, `--output`) are the caller's: they depend on the engine and the phase.
 */
function buildkitArgv(o, extra) {
    const argv = [];
    if (o.builder)
        argv.push('--builder', o.builder);
    if (extra.platforms.length > 0)
        argv.push('--platform', extra.platforms.join(','));
    // Attestations only where they survive to the registry (the caller refuses an explicit
    // request elsewhere); one `--flag=value` element, as `--provenance false` would not parse.
    if (extra.attestations) {
        if (o.provenance)
            argv.push(`--provenance=${o.provenance}`);
        if (o.sbom)
            argv.push(`--sbom=${o.sbom}`);
    }
    else {
        // An explicit `false` is passed on any store: buildx's default adds a provenance
        // attestation on the containerd store, whose build times make every build a new index.
        if (o.provenance.toLowerCase() === 'false')
            argv.push('--provenance=false');
        if (o.sbom.toLowerCase() === 'false')
            argv.push('--sbom=false');
    }
    for (const a of extra.annotations)
        argv.push('--annotation', a);
    for (const c of o.buildContexts)
        argv.push('--build-context', c);
    for (const s of o.ssh)
        argv.push('--ssh', s);
    for (const h of o.addHosts)
        argv.push('--add-host', h);
    if (o.shmSize)
        argv.push('--shm-size', o.shmSize);
    for (const u of o.ulimit)
        argv.push('--ulimit', u);
    for (const a of o.allow)
        argv.push('--allow', a);
    for (const f of o.noCacheFilters)
        argv.push('--no-cache-filter', f);
    return argv;
}

;// CONCATENATED MODULE: ./src/action/inputs.ts



/** Splits a list input: one item per line, `#` lines are comments, blank lines ignored. */
function listInput(text, opts = {}) {
    const items = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        if (opts.commas)
            items.push(...line
                .split(',')
                .map(s => s.trim())
                .filter(s => s !== ''));
        else
            items.push(line);
    }
    return items;
}
function booleanInput(name, text, fallback) {
    const v = text.trim().toLowerCase();
    if (v === '')
        return fallback;
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw new errors/* InputError */.dz(name, `expected true or false, got "${text.trim()}"`);
}
function numberInput(name, text, fallback, opts = {}) {
    const v = text.trim();
    if (v === '')
        return fallback;
    const n = Number(v);
    const kind = opts.integer ? 'a whole number' : 'a number';
    const range = opts.min !== undefined && opts.max !== undefined
        ? ` from ${opts.min} to ${opts.max}`
        : opts.min !== undefined
            ? ` of at least ${opts.min}`
            : '';
    if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
        throw new errors/* InputError */.dz(name, `expected ${kind}${range}, got "${v}"`);
    }
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
        throw new errors/* InputError */.dz(name, `expected ${kind}${range}, got "${v}"`);
    }
    return n;
}
function choiceInput(name, text, choices, fallback) {
    const v = text.trim().toLowerCase();
    if (v === '')
        return fallback;
    if (choices.includes(v))
        return v;
    throw new errors/* InputError */.dz(name, `expected one of ${choices.join(', ')}, got "${text.trim()}"`);
}
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/**
 * `KEY=VALUE` lines. The value is everything after the first `=`, kept literally (quotes,
 * spaces, `$(...)`): it reaches docker as one argv element, never through a shell.
 */
function keyValueInput(name, text) {
    const pairs = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/\r$/, '');
        if (line.trim() === '' || line.trim().startsWith('#'))
            continue;
        const at = line.indexOf('=');
        if (at <= 0) {
            throw new errors/* InputError */.dz(name, `expected KEY=VALUE on each line, got "${line.trim()}"`);
        }
        const key = line.slice(0, at).trim();
        if (!ENV_NAME.test(key)) {
            throw new errors/* InputError */.dz(name, `"${key}" is not a valid name in "${line.trim()}": use letters, digits and _ (not starting with a digit)`);
        }
        if (line.includes('\0'))
            throw new errors/* InputError */.dz(name, `"${key}" contains a NUL character`);
        pairs.push([key, line.slice(at + 1)]);
    }
    return pairs;
}
function plainPath(name, text) {
    if (text.includes('\0') || /[\r\n]/.test(text)) {
        throw new errors/* InputError */.dz(name, 'expected a single path on one line');
    }
    return text.trim();
}
/** Parses and validates the pipeline inputs. Throws InputError naming the first bad one. */
function getInputs(read) {
    const context = plainPath('context', read('context')) || '.';
    const target = read('target').trim();
    if (target && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target)) {
        throw new errors/* InputError */.dz('target', `expected a build stage name, got "${target}"`);
    }
    const network = read('network').trim();
    if (network && !/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(network)) {
        throw new errors/* InputError */.dz('network', `expected a network name such as host or none, got "${network}"`);
    }
    const username = read('username').trim();
    const password = read('password');
    if (password && !username) {
        throw new errors/* InputError */.dz('username', 'is required when "password" is set');
    }
    if (username && !password) {
        throw new errors/* InputError */.dz('password', 'is required when "username" is set');
    }
    const registry = read('registry').trim();
    if (registry &&
        !/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._/-]*)?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(registry)) {
        throw new errors/* InputError */.dz('registry', `expected a registry host such as ghcr.io or 127.0.0.1:5000, got "${registry}"`);
    }
    const shaLength = read('sha-length').trim();
    return {
        images: read('images'),
        tags: read('tags'),
        flavor: read('flavor'),
        labels: read('labels'),
        annotations: read('annotations'),
        sepTags: read('sep-tags') || '\n',
        sepLabels: read('sep-labels') || '\n',
        sepAnnotations: read('sep-annotations') || '\n',
        shaLength: shaLength === ''
            ? undefined
            : numberInput('sha-length', shaLength, 7, { min: 1, max: 40, integer: true }),
        prHeadSha: booleanInput('pr-head-sha', read('pr-head-sha'), false),
        githubToken: read('github-token').trim(),
        context,
        file: plainPath('file', read('file')),
        buildArgs: keyValueInput('build-args', read('build-args')),
        target,
        pull: booleanInput('pull', read('pull'), false),
        noCache: booleanInput('no-cache', read('no-cache'), false),
        network,
        buildx: choiceInput('buildx', read('buildx'), ['auto', 'true', 'false'], 'auto'),
        cacheFrom: listInput(read('cache-from')),
        cacheTo: listInput(read('cache-to')),
        image: read('image').trim(),
        buildkit: parseBuildkitInputs(read),
        push: choiceInput('push', read('push'), ['auto', 'true', 'false'], 'auto'),
        registry,
        username,
        password,
        retries: numberInput('retries', read('retries'), 3, { min: 0, max: 10, integer: true }),
        retryMaxWait: numberInput('retry-max-wait', read('retry-max-wait'), 60, { min: 0, max: 3600 }),
        pushTimeout: numberInput('push-timeout', read('push-timeout'), 600, { min: 0, max: 21600 }),
        pushDeadline: numberInput('push-deadline', read('push-deadline'), 900, { min: 0, max: 21600 }),
        floatingTags: choiceInput('floating-tags', read('floating-tags'), FLOATING_MODES, 'guard'),
        uploadDuringSmoke: booleanInput('upload-during-smoke', read('upload-during-smoke'), false),
        dryRun: booleanInput('dry-run', read('dry-run'), false)
    };
}

;// CONCATENATED MODULE: ./src/action/env-switches.ts

function parseEnvSwitches(env) {
    const epoch = env.SOURCE_DATE_EPOCH ?? '';
    const shaLength = env.DOCKER_METADATA_SHORT_SHA_LENGTH ?? '';
    const levels = env.DOCKER_METADATA_ANNOTATIONS_LEVELS ?? '';
    return {
        apiUrl: env.GITHUB_API_URL || undefined,
        sourceDateEpoch: epoch === ''
            ? undefined
            : numberInput('SOURCE_DATE_EPOCH', epoch, 0, { min: 0, integer: true }),
        shortShaLength: shaLength === ''
            ? undefined
            : numberInput('DOCKER_METADATA_SHORT_SHA_LENGTH', shaLength, 7, {
                min: 1,
                max: 40,
                integer: true
            }),
        prHeadSha: booleanInput('DOCKER_METADATA_PR_HEAD_SHA', env.DOCKER_METADATA_PR_HEAD_SHA ?? '', false),
        annotationLevels: levels
            ? levels
                .split(',')
                .map(l => l.trim())
                .filter(l => l !== '')
            : undefined,
        setOutputEnv: booleanInput('DOCKER_METADATA_SET_OUTPUT_ENV', env.DOCKER_METADATA_SET_OUTPUT_ENV ?? '', true)
    };
}

;// CONCATENATED MODULE: ./src/meta/context.ts
function obj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}
function str(v) {
    return typeof v === 'string' ? v : '';
}
/**
 * The context the tag rules see. `pull_request_target` runs on the base branch, so its ref is
 * rewritten to the PR merge ref; with `prHeadSha` a PR build is named after the head commit
 * instead of GitHub's ephemeral merge commit. Both mirror metadata-action.
 */
function effectiveContext(ctx, prHeadSha) {
    let { ref, sha } = ctx;
    if (/pull_request_target/.test(ctx.eventName)) {
        const number = ctx.payload['number'] ?? obj(ctx.payload['pull_request'])?.['number'];
        if (typeof number === 'number' || typeof number === 'string')
            ref = `refs/pull/${number}/merge`;
    }
    if (prHeadSha && /pull_request/.test(ctx.eventName)) {
        const head = str(obj(obj(ctx.payload['pull_request'])?.['head'])?.['sha']);
        if (head)
            sha = head;
    }
    return { ...ctx, ref, sha };
}
/** Repository data from the webhook payload, for when the API is unavailable. */
function repoInfoFromPayload(ctx) {
    const repo = obj(ctx.payload['repository']) ?? {};
    const fullName = str(repo['full_name']) || ctx.repository;
    const name = str(repo['name']) || fullName.split('/').pop() || '';
    return {
        name,
        fullName,
        description: str(repo['description']),
        htmlUrl: str(repo['html_url']) || (fullName ? `${ctx.serverUrl}/${fullName}` : ''),
        license: str(obj(repo['license'])?.['spdx_id']),
        defaultBranch: str(repo['default_branch'])
    };
}
function validDate(v) {
    if (typeof v !== 'string' || v.length === 0)
        return undefined;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
}
/**
 * Commit time from a push payload. Only a commit matching the built sha counts, so a PR build
 * with the head sha does not pick up an unrelated timestamp.
 */
function commitDateFromPayload(ctx) {
    const commits = ctx.payload['commits'];
    if (Array.isArray(commits)) {
        const hit = commits.map(obj).find(c => c?.['id'] === ctx.sha);
        const d = validDate(hit?.['timestamp']);
        if (d)
            return d;
    }
    const head = obj(ctx.payload['head_commit']);
    if (head && (head['id'] === undefined || head['id'] === ctx.sha)) {
        return validDate(head['timestamp']);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/util/lazy.ts
let loaded;
class LazyModulesNeeded extends Error {
    constructor(what) {
        super(`${what} is needed but was not loaded (call withLazyModules)`);
    }
}
async function loadLazyModules() {
    if (loaded)
        return;
    const [hb, mt, csv, yaml] = await Promise.all([
        __webpack_require__.e(/* import() */ 508).then(__webpack_require__.t.bind(__webpack_require__, 8508, 23)),
        __webpack_require__.e(/* import() */ 856).then(__webpack_require__.t.bind(__webpack_require__, 9856, 23)),
        __webpack_require__.e(/* import() */ 712).then(__webpack_require__.bind(__webpack_require__, 712)),
        __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19))
    ]);
    loaded = {
        handlebars: hb.default,
        moment: mt.default,
        csvParse: csv.parse,
        yamlParse: yaml.parse
    };
}
function lazyModules(what) {
    if (!loaded)
        throw new LazyModulesNeeded(what);
    return loaded;
}
/** Runs `fn`; if it needed a lazy module, loads them all and runs it once more. */
async function withLazyModules(fn) {
    try {
        return fn();
    }
    catch (err) {
        if (!(err instanceof LazyModulesNeeded))
            throw err;
        await loadLazyModules();
        return fn();
    }
}

;// CONCATENATED MODULE: ./src/meta/csv.ts


/**
 * Splits a multi-line input into its meaningful lines. Splitting before CSV parsing (rather
 * than letting csv-parse see the whole text) keeps every error tied to one line the user can
 * find, and lets `#` start a comment only at the beginning of a line so `#` inside a value
 * survives.
 */
function inputLines(text) {
    return text
        .split(/\r\n|\n|\r/)
        .map(l => l.trim())
        .filter(l => l.length > 0 && !l.startsWith('#'));
}
function quote(line) {
    return JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line);
}
/** CSV fields of one line; `"` quotes a field so it may hold commas. */
function csvFields(line, input) {
    // Without a quote, csv-parse (no trimming, `,` delimiter, one record) splits at every comma.
    if (!line.includes('"'))
        return line === '' ? [] : line.split(',');
    const parse = lazyModules('csv-parse').csvParse;
    let records;
    try {
        records = parse(line, {
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true
        });
    }
    catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new errors/* InputError */.dz(input, `${quote(line)} is not a valid CSV line (${why})`);
    }
    const first = records[0];
    return (first ?? []).map(f => String(f));
}
/**
 * `key=value` splits at the first `=` only, so values such as `pattern=a=b` keep theirs; a
 * field without `=` (or starting with one) is a bare value, as metadata-action reads it.
 */
function splitAttr(field) {
    const at = field.indexOf('=');
    if (at <= 0)
        return { value: field.trim() };
    return { key: field.slice(0, at).trim().toLowerCase(), value: field.slice(at + 1).trim() };
}

;// CONCATENATED MODULE: ./src/meta/types.ts
const TAG_TYPES = [
    'schedule',
    'semver',
    'pep440',
    'match',
    'edge',
    'ref',
    'raw',
    'sha'
];
const DEFAULT_PRIORITIES = {
    schedule: 1000,
    semver: 900,
    pep440: 900,
    match: 800,
    edge: 700,
    ref: 600,
    raw: 200,
    sha: 100
};

;// CONCATENATED MODULE: ./src/meta/tags.ts



const COMMON_ATTRS = ['type', 'enable', 'priority', 'prefix', 'suffix'];
const TYPE_ATTRS = {
    schedule: ['pattern'],
    semver: ['pattern', 'value', 'match'],
    pep440: ['pattern', 'value', 'match'],
    match: ['pattern', 'group', 'value'],
    edge: ['branch'],
    ref: ['event'],
    raw: ['value'],
    sha: ['format']
};
/** Every attribute some tag type takes: one given to a type that does not take it is ignored. */
const KNOWN_ATTRS = new Set(Object.values(TYPE_ATTRS).flat());
const REF_EVENTS = ['branch', 'tag', 'pr'];
const SHA_FORMATS = ['short', 'long'];
function parseTagRules(text) {
    return inputLines(text).map(line => parseTagLine(line));
}
function isTagType(v) {
    return TAG_TYPES.includes(v);
}
function fail(line, detail) {
    throw new errors/* InputError */.dz('tags', `${quote(line)}: ${detail}`);
}
/** The line's CSV fields as `type` and attributes, before any per-type rule is applied. */
function readFields(line) {
    let type;
    const attrs = {};
    const seen = [];
    let bareValue = false;
    for (const field of csvFields(line, 'tags')) {
        const { key, value } = splitAttr(field);
        if (key === undefined) {
            attrs['value'] = value;
            seen.push('value');
            bareValue = true;
            continue;
        }
        if (key === 'type') {
            if (!isTagType(value)) {
                fail(line, `unknown type "${value}", expected one of ${TAG_TYPES.join(', ')}`);
            }
            type = value;
            continue;
        }
        attrs[key] = value;
        seen.push(key);
    }
    return { type: type ?? 'raw', attrs, seen, bareValue };
}
/**
 * Another type's attribute (`type=edge,value=edge` is seen in real workflows) is dropped, as
 * metadata-action does, and named in the result; a name no type knows is a typo and fails.
 */
function dropForeignAttrs(line, raw) {
    const t = raw.type;
    const allowed = [...COMMON_ATTRS, ...TYPE_ATTRS[t]];
    const ignored = [];
    for (const key of new Set(raw.seen)) {
        if (allowed.includes(key))
            continue;
        if (KNOWN_ATTRS.has(key)) {
            ignored.push(key === 'value' && raw.bareValue ? 'bare value' : `${key}=`);
            delete raw.attrs[key];
            continue;
        }
        fail(line, `unknown attribute "${key}" for type=${t}, allowed attributes are ${allowed.join(', ')}`);
    }
    return ignored;
}
/** Each type's required attributes and defaults, as metadata-action fills them in. */
function applyTypeRules(line, t, attrs) {
    const has = (k) => Object.prototype.hasOwnProperty.call(attrs, k);
    switch (t) {
        case 'schedule':
            if (!has('pattern'))
                attrs['pattern'] = 'nightly';
            break;
        case 'semver':
        case 'pep440':
            if (!has('pattern'))
                fail(line, `type=${t} needs a pattern, e.g. pattern={{version}}`);
            if (!has('value'))
                attrs['value'] = '';
            // `match` cuts the version out of a tag like `app/v1.2.3` (its first capture group).
            if (!has('match'))
                attrs['match'] = '';
            if (attrs['match'])
                compileMatchPattern(attrs['match'], line);
            break;
        case 'match':
            if (!has('pattern'))
                fail(line, 'type=match needs a pattern, e.g. pattern=v(.*)');
            if (!has('group'))
                attrs['group'] = '0';
            if (!/^\d+$/.test(attrs['group'])) {
                fail(line, `group "${attrs['group']}" must be a capture group number (0, 1, 2, ...)`);
            }
            if (!has('value'))
                attrs['value'] = '';
            compileMatchPattern(attrs['pattern'], line);
            break;
        case 'edge':
            if (!has('branch'))
                attrs['branch'] = '';
            break;
        case 'ref':
            if (!has('event'))
                fail(line, 'type=ref needs event=branch, event=tag or event=pr');
            if (!REF_EVENTS.includes(attrs['event'])) {
                fail(line, `event "${attrs['event']}" is not one of ${REF_EVENTS.join(', ')}`);
            }
            if (attrs['event'] === 'pr' && !has('prefix'))
                attrs['prefix'] = 'pr-';
            break;
        case 'raw':
            if (!has('value'))
                fail(line, 'type=raw needs a value, e.g. type=raw,value=foo');
            break;
        case 'sha':
            if (!has('prefix'))
                attrs['prefix'] = 'sha-';
            if (!has('format'))
                attrs['format'] = 'short';
            if (!SHA_FORMATS.includes(attrs['format'])) {
                fail(line, `format "${attrs['format']}" is not one of ${SHA_FORMATS.join(', ')}`);
            }
            break;
    }
    if (!has('enable'))
        attrs['enable'] = 'true';
    if (!attrs['enable'].includes('{{') && !['true', 'false'].includes(attrs['enable'])) {
        fail(line, `enable "${attrs['enable']}" must be true or false (or an expression giving one)`);
    }
}
function priorityOf(line, t, attrs) {
    const given = attrs['priority'];
    if (given === undefined)
        return DEFAULT_PRIORITIES[t];
    if (!/^-?\d{1,9}$/.test(given))
        fail(line, `priority "${given}" must be an integer`);
    return Number(given);
}
function parseTagLine(line) {
    const raw = readFields(line);
    const ignored = dropForeignAttrs(line, raw);
    const { type: t, attrs } = raw;
    applyTypeRules(line, t, attrs);
    const priority = priorityOf(line, t, attrs);
    return ignored.length > 0
        ? { type: t, line, attrs, priority, ignored }
        : { type: t, line, attrs, priority };
}
/**
 * `/re/flags` is a regular expression with flags; anything else is a regular expression
 * source, which is how String.prototype.match treats a string argument in metadata-action.
 */
function compileMatchPattern(pattern, line) {
    const slashed = /^\/(.+)\/(.*)$/.exec(pattern);
    try {
        return slashed ? new RegExp(slashed[1], slashed[2]) : new RegExp(pattern);
    }
    catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return fail(line, `pattern "${pattern}" is not a valid regular expression (${why})`);
    }
}

;// CONCATENATED MODULE: ./src/meta/defaults.ts


function rule(line, internal) {
    const parsed = parseTagLine(line);
    return internal ? { ...parsed, internal } : parsed;
}
/**
 * Our rules for an empty `tags` input. They differ from metadata-action's defaults: a semver
 * tag also gets its partial versions and `latest`, but a prerelease or a non-semver tag never
 * moves a floating tag, and branch builds carry the commit so every push stays addressable.
 */
/**
 * Said in the log when `images` is set and `tags` is empty, because a workflow moved over from
 * docker/metadata-action with the same inputs gets more tags here than it did there.
 */
const DEFAULT_RULES_NOTICE = [
    "No tags input, so build-tag-push's default tag rules apply.",
    "They differ from docker/metadata-action's defaults (type=schedule, and type=ref for branch,",
    'tag and pr): a semver tag push also gets {{version}}, {{major}}.{{minor}} and {{major}},',
    'a branch push also gets sha-<short sha>, and a prerelease or non-semver tag does not move',
    'latest. Set tags to choose the rules.'
].join(' ');
function defaultTagRules(ctx) {
    if (/schedule/.test(ctx.eventName))
        return [rule('type=schedule')];
    const ref = ctx.ref;
    if (/^refs\/tags\//.test(ref)) {
        const name = ref.replace(/^refs\/tags\//, '').replace(/\//g, '-');
        const version = semver_default().valid(name) ? semver_default().parse(name, { loose: true }) : null;
        if (!version)
            return [rule('type=ref,event=tag', { noLatest: true })];
        if (version.prerelease.length > 0) {
            return [
                rule('type=semver,pattern={{version}}', { noLatest: true }),
                rule('type=ref,event=tag', { noLatest: true })
            ];
        }
        const rules = [
            rule('type=semver,pattern={{version}}'),
            rule('type=semver,pattern={{major}}.{{minor}}')
        ];
        // 0.y.z promises no compatibility within major 0, so a bare `0` tag would mislead.
        if (version.major > 0)
            rules.push(rule('type=semver,pattern={{major}}'));
        rules.push(rule('type=ref,event=tag'));
        return rules;
    }
    if (/^refs\/heads\//.test(ref)) {
        // Any branch name is legal in git (`日本語-fix`, `$(x)`): sanitized like metadata-action
        // does, then trimmed to a valid tag; when nothing usable is left, the sha tag alone remains.
        return [rule('type=ref,event=branch', { lowerCase: true, lenient: true }), rule('type=sha')];
    }
    if (/^refs\/pull\//.test(ref))
        return [rule('type=ref,event=pr')];
    return ctx.sha ? [rule('type=sha')] : [];
}

;// CONCATENATED MODULE: ./src/meta/expressions.ts



class ExpressionError extends Error {
}
function shortSha(sha, length) {
    return length >= sha.length ? sha : sha.slice(0, length);
}
/**
 * `{{date 'YYYYMMDD' tz='Asia/Tokyo'}}`. Handlebars passes its options last, so with no
 * argument at all `options` is missing: that is an error, as in metadata-action. An argument
 * that resolves to nothing (an unquoted `{{date YYYYMMDD}}` is a lookup of a name that does not
 * exist) formats with moment's default, e.g. `2020-01-10T00:30:00Z`, exactly as there.
 */
function dateHelper(when, name) {
    return (format, options) => {
        if (options === undefined) {
            throw new ExpressionError(`{{${name}}} needs a format, e.g. {{${name} 'YYYYMMDD'}}`);
        }
        if (format !== undefined && format !== null && typeof format !== 'string') {
            throw new ExpressionError(`{{${name}}} format must be a quoted string, e.g. 'YYYYMMDD'`);
        }
        const { moment } = lazyModules('moment-timezone');
        let tz = 'UTC';
        for (const [key, value] of Object.entries(options?.hash ?? {})) {
            if (key !== 'tz') {
                throw new ExpressionError(`{{${name}}} has unknown attribute ${key}, only tz is allowed`);
            }
            tz = String(value);
        }
        if (moment.tz.zone(tz) === null) {
            throw new ExpressionError(`{{${name}}} has unknown time zone "${tz}", expected e.g. Asia/Tokyo`);
        }
        return moment(when)
            .tz(tz)
            .format(format ?? undefined);
    };
}
function payloadDefaultBranch(env) {
    const repo = env.ctx.payload['repository'];
    if (typeof repo?.default_branch === 'string')
        return repo.default_branch;
    return env.repo.defaultBranch || undefined;
}
function isDefaultBranch(env) {
    const { ctx } = env;
    const branch = ctx.ref.replace(/^refs\/heads\//, '');
    if (branch.length === 0)
        return false;
    if (payloadDefaultBranch(env) === branch)
        return true;
    // These events only ever run for the last commit of the default branch.
    return /create|discussion|issues|schedule/.test(ctx.eventName);
}
function baseRef(ctx) {
    const payload = ctx.payload;
    if (/^refs\/tags\//.test(ctx.ref) && typeof payload.base_ref === 'string') {
        return payload.base_ref.replace(/^refs\/heads\//, '');
    }
    if (/^refs\/pull\//.test(ctx.ref) && typeof payload.pull_request?.base?.ref === 'string') {
        return payload.pull_request.base.ref;
    }
    return '';
}
/** The names templates may use, as lambdas so each is computed only when referenced. */
function globalScope(env) {
    const { ctx } = env;
    return {
        branch: () => (/^refs\/heads\//.test(ctx.ref) ? ctx.ref.replace(/^refs\/heads\//, '') : ''),
        tag: () => (/^refs\/tags\//.test(ctx.ref) ? ctx.ref.replace(/^refs\/tags\//, '') : ''),
        sha: () => shortSha(ctx.sha, env.shaLength),
        base_ref: () => baseRef(ctx),
        is_default_branch: () => String(isDefaultBranch(env)),
        is_not_default_branch: () => String(!isDefaultBranch(env)),
        date: dateHelper(env.date, 'date'),
        commit_date: dateHelper(env.commitDate, 'commit_date')
    };
}
/** The schedule pattern only ever saw the two date helpers in metadata-action. */
function scheduleScope(env) {
    return {
        date: dateHelper(env.date, 'date'),
        commit_date: dateHelper(env.commitDate, 'commit_date')
    };
}
/**
 * Renders a template. Output is HTML-escaped as Handlebars does by default, because
 * metadata-action renders that way and tags must come out identical after migration.
 */
function render(template, scope, input, line) {
    if (!template.includes('{{'))
        return template;
    const simple = simpleTemplate(template);
    const handlebars = simple ? undefined : lazyModules('handlebars').handlebars;
    try {
        return simple ? renderSimple(simple, scope) : handlebars.compile(template)(scope);
    }
    catch (err) {
        if (err instanceof LazyModulesNeeded)
            throw err;
        const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
        throw new errors/* InputError */.dz(input, `${quote(line)}: cannot evaluate "${template}" (${why})`);
    }
}
/** True when a pattern is exactly `{{raw}}`, the one pattern a prerelease still honours. */
function isRawStatement(pattern) {
    const simple = simpleTemplate(pattern);
    if (simple)
        return simple.length === 3 && simple[0] === '' && simple[2] === '' && simple[1] === 'raw';
    const { handlebars } = lazyModules('handlebars');
    try {
        const ast = handlebars.parseWithoutProcessing(pattern);
        const only = ast.body.length === 1 ? ast.body[0] : undefined;
        if (only?.type !== 'MustacheStatement')
            return false;
        const path = only.path;
        return path.parts?.length === 1 && path.parts[0] === 'raw';
    }
    catch {
        return false;
    }
}
/**
 * Names Handlebars resolves to something other than a context property (keywords, literals
 * and built-in helpers): a template using them goes to Handlebars itself.
 */
const NOT_PLAIN = new Set([
    'this',
    'true',
    'false',
    'null',
    'undefined',
    'else',
    'if',
    'unless',
    'each',
    'with',
    'log',
    'lookup',
    'helperMissing',
    'blockHelperMissing'
]);
/**
 * Splits a template made only of text and `{{name}}` placeholders into
 * [text, name, text, name, …, text]; undefined for anything else (arguments, blocks,
 * comments, whitespace control, escapes), which Handlebars renders.
 */
function simpleTemplate(template) {
    if (/\\|\{\{\{|\}\}\}/.test(template))
        return undefined;
    const parts = template.split(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/);
    for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0 ? parts[i].includes('{{') : NOT_PLAIN.has(parts[i]))
            return undefined;
    }
    return parts;
}
/** Handlebars' escapeExpression: the same HTML escaping, so tags come out identical. */
const ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#x27;',
    '`': '&#x60;',
    '=': '&#x3D;'
};
function escapeValue(value) {
    if (value === null || value === undefined)
        return '';
    // Any value stringifies as Handlebars' own escaping does it (an object gives "[object Object]").
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const text = typeof value === 'string' ? value : String(value);
    return text.replace(/[&<>"'`=]/g, c => ESCAPES[c]);
}
/**
 * `{{name}}` as Handlebars evaluates it on a plain object: an own property, called with no
 * arguments when it is a function (so `{{date}}` fails as there), empty when missing.
 */
function renderSimple(parts, scope) {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
        const raw = Object.hasOwn(scope, parts[i]) ? scope[parts[i]] : undefined;
        const value = typeof raw === 'function' ? raw.call(scope) : raw;
        out += escapeValue(value) + parts[i + 1];
    }
    return out;
}

;// CONCATENATED MODULE: ./src/meta/flavor.ts


const ALLOWED = 'latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false]';
function parseFlavor(text) {
    const flavor = {
        latest: 'auto',
        prefix: '',
        prefixLatest: false,
        suffix: '',
        suffixLatest: false
    };
    for (const line of inputLines(text)) {
        const fail = (detail) => {
            throw new errors/* InputError */.dz('flavor', `${quote(line)}: ${detail}; allowed: ${ALLOWED}`);
        };
        // onlatest qualifies whichever of prefix/suffix came just before it on the same line.
        let onLatestFor;
        for (const field of csvFields(line, 'flavor')) {
            const { key, value } = splitAttr(field);
            switch (key) {
                case undefined:
                    fail(`"${value}" is not a key=value entry`);
                    break;
                case 'latest':
                    if (value !== 'auto' && value !== 'true' && value !== 'false') {
                        fail(`latest "${value}" must be auto, true or false`);
                    }
                    flavor.latest = value;
                    break;
                case 'prefix':
                    flavor.prefix = value;
                    onLatestFor = 'prefix';
                    break;
                case 'suffix':
                    flavor.suffix = value;
                    onLatestFor = 'suffix';
                    break;
                case 'onlatest':
                    if (value !== 'true' && value !== 'false')
                        fail(`onlatest "${value}" must be true or false`);
                    if (onLatestFor === undefined)
                        fail('onlatest must follow prefix= or suffix= on its line');
                    if (onLatestFor === 'prefix')
                        flavor.prefixLatest = value === 'true';
                    else
                        flavor.suffixLatest = value === 'true';
                    break;
                default:
                    fail(`unknown entry "${key}"`);
            }
        }
    }
    return flavor;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/meta/images.ts



const NAME_MAX = 255;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
function parseImages(text) {
    const lines = inputLines(text);
    // metadata-action's original format: one line, comma-separated bare names.
    if (lines.length === 1) {
        const fields = csvFields(lines[0], 'images');
        if (fields.every(f => splitAttr(f).key === undefined)) {
            return fields
                .map(f => f.trim())
                .filter(f => f.length > 0)
                .map(f => images_image(f, true));
        }
    }
    return lines.map(line => {
        let name = '';
        let enable = true;
        for (const field of csvFields(line, 'images')) {
            const { key, value } = splitAttr(field);
            if (key === undefined || key === 'name') {
                name = value;
            }
            else if (key === 'enable') {
                if (value !== 'true' && value !== 'false') {
                    throw new errors/* InputError */.dz('images', `${quote(line)}: enable "${value}" must be true or false`);
                }
                enable = value === 'true';
            }
            else {
                throw new errors/* InputError */.dz('images', `${quote(line)}: unknown attribute "${key}", allowed attributes are name, enable`);
            }
        }
        if (name.length === 0)
            throw new errors/* InputError */.dz('images', `${quote(line)} has no image name`);
        return images_image(name, enable);
    });
}
/** Image names are lower-cased before validation, as metadata-action lower-cases them. */
function images_image(name, enable) {
    const lower = name.toLowerCase();
    validateImageName(lower, 'images');
    return { name: lower, enable };
}
/**
 * The first component is a registry when it looks like a host (has a dot or a port, is
 * `localhost`, or is a bracketed IPv6 address) and something follows it; otherwise the whole
 * name is a repository path on Docker Hub, which is also how the docker CLI decides.
 */
function splitRegistry(name) {
    const slash = name.indexOf('/');
    if (slash < 0)
        return { path: name };
    const first = name.slice(0, slash);
    if (first.includes('.') ||
        first.includes(':') ||
        first === 'localhost' ||
        first.startsWith('[')) {
        return { registry: first, path: name.slice(slash + 1) };
    }
    return { path: name };
}
function validateRegistry(full, registry, input) {
    const fail = (detail) => {
        throw new errors/* InputError */.dz(input, `${quote(full)} ${detail}`);
    };
    let host = registry;
    let port;
    if (registry.startsWith('[')) {
        const m = /^\[([^\]]*)\](?::(.*))?$/.exec(registry);
        if (!m || !(0,external_node_net_.isIPv6)(m[1]))
            fail(`has registry "${registry}" which is not a valid [IPv6] address`);
        host = m[1];
        port = m[2];
    }
    else {
        const colon = registry.lastIndexOf(':');
        if (colon >= 0) {
            host = registry.slice(0, colon);
            port = registry.slice(colon + 1);
        }
        if (/^\d+(?:\.\d+){3}$/.test(host)) {
            if (host.split('.').some(o => Number(o) > 255)) {
                fail(`has registry host "${host}" which is not a valid IPv4 address (octets are 0-255)`);
            }
        }
        else if (host.length === 0 || !host.split('.').every(l => HOST_LABEL.test(l))) {
            fail(`has registry host "${host}" which is not a valid host name (dot-separated labels of ` +
                'letters, digits and inner dashes)');
        }
    }
    if (port !== undefined) {
        if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
            fail(`has port ${port || '(empty)'}, expected 1-65535`);
        }
    }
}
function validatePath(full, path, input) {
    const fail = (detail) => {
        throw new errors/* InputError */.dz(input, `${quote(full)} ${detail}`);
    };
    for (const component of path.split('/')) {
        if (component.length === 0)
            fail('has an empty path component (check for "//" or a trailing "/")');
        if (/[:@]/.test(component)) {
            fail('must not include a tag or digest here; give the image name only');
        }
        if (/[A-Z]/.test(component))
            fail(`must be lower case (path component "${component}")`);
        if (!PATH_COMPONENT.test(component)) {
            fail(`has path component "${component}"; path components may only contain a-z, 0-9 and ` +
                'the separators ".", "_", "__" or "-", and must start and end with a letter or digit');
        }
    }
}
/** Validates an image name without tag or digest against the docker reference grammar. */
function validateImageName(name, input) {
    if (name.length === 0)
        throw new errors/* InputError */.dz(input, 'image name is empty');
    if (name.length > NAME_MAX) {
        throw new errors/* InputError */.dz(input, `${quote(name)} is ${name.length} characters long, image names may have at most ${NAME_MAX}`);
    }
    const { registry, path } = splitRegistry(name);
    if (registry !== undefined)
        validateRegistry(name, registry, input);
    validatePath(name, path, input);
}
/**
 * Splits `host:port/path:tag@digest`. Names are not lower-cased here, because a reference the
 * user typed in full is used verbatim by docker, which would reject upper case.
 */
function parseImageReference(ref, input) {
    let rest = ref.trim();
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest) || (digest.startsWith('sha256:') && digest.length !== 71)) {
            throw new errors/* InputError */.dz(input, `${quote(ref)} has digest "${digest}", expected algorithm:hex such as sha256:<64 hex digits>`);
        }
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/') && !rest.slice(colon).includes(']')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            throw new errors/* InputError */.dz(input, `${quote(ref)} has tag "${tag}"; tags are 1-128 of A-Z a-z 0-9 _ . - and may not start with . or -`);
        }
    }
    validateImageName(rest, input);
    const { registry, path } = splitRegistry(rest);
    const out = { registry: registry ?? 'docker.io', repository: path };
    if (tag !== undefined)
        out.tag = tag;
    if (digest !== undefined)
        out.digest = digest;
    return out;
}

;// CONCATENATED MODULE: ./src/meta/labels.ts



function generated(f) {
    return [
        ['org.opencontainers.image.title', f.repo.name],
        ['org.opencontainers.image.description', f.repo.description],
        ['org.opencontainers.image.url', f.repo.htmlUrl],
        ['org.opencontainers.image.source', f.repo.htmlUrl],
        ['org.opencontainers.image.version', f.version],
        ['org.opencontainers.image.created', f.created.toISOString()],
        ['org.opencontainers.image.revision', f.revision],
        ['org.opencontainers.image.licenses', f.repo.license]
    ];
}
/**
 * The OCI set followed by the user's `KEY=VALUE` lines, later keys overriding earlier ones,
 * sorted by key. Lines are rendered before splitting so an expression may produce the `=`.
 * A line without `=` is skipped with a warning, as metadata-action drops it; an empty key
 * (`=value`) is an error, since no tool accepts a label without a name.
 */
function buildKeyValues(facts, text, input, scope, warnings = []) {
    const map = new Map(generated(facts));
    for (const line of inputLines(text)) {
        const rendered = render(line, scope, input, line);
        const at = rendered.indexOf('=');
        if (at < 0) {
            warnings.push(`${input}: ${quote(line)} is not KEY=VALUE (e.g. maintainer=Jane), skipped`);
            continue;
        }
        if (rendered.slice(0, at).trim().length === 0) {
            throw new errors/* InputError */.dz(input, `${quote(line)} has an empty key; expected KEY=VALUE`);
        }
        const key = rendered.slice(0, at).trim();
        map.delete(key);
        map.set(key, rendered.slice(at + 1).trim());
    }
    return [...map.entries()]
        .sort((a, b) => englishOrder().compare(a[0], b[0]))
        .map(([k, v]) => `${k}=${v}`);
}
function toRecord(pairs) {
    const out = {};
    for (const pair of pairs) {
        const at = pair.indexOf('=');
        out[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return out;
}
let collator;
/** One collator for every sort: `localeCompare(b, 'en')` sets up ICU's collation on each call. */
function englishOrder() {
    collator ??= new Intl.Collator('en');
    return collator;
}

;// CONCATENATED MODULE: ./src/meta/resolve-tags.ts






const TAG_MAX = 128;
function sanitizeTag(tag) {
    return tag.replace(/[^a-zA-Z0-9._-]+/g, '-');
}
/**
 * metadata-action's sanitizing (every run of characters a tag cannot hold becomes `-`), then
 * what docker also requires: no leading `.` or `-`, at most 128 characters. May return ''.
 */
function lenientTag(raw) {
    return sanitizeTag(raw)
        .replace(/^[.-]+/, '')
        .slice(0, TAG_MAX);
}
/**
 * A semver/pep440 pattern makes an immutable tag when it pins the full version; patterns
 * such as `{{major}}.{{minor}}` are moved by every later release.
 */
function patternPinsVersion(pattern) {
    const names = new Set([...pattern.matchAll(/\{\{\s*([a-z_]+)/g)].map(m => m[1]));
    if (names.has('raw') || names.has('version'))
        return true;
    return names.has('major') && names.has('minor') && names.has('patch');
}
/** The part of the version a pattern covers: `{{major}}.{{minor}}` covers one minor line. */
function patternLevel(pattern) {
    if (patternPinsVersion(pattern))
        return 'full';
    const names = new Set([...pattern.matchAll(/\{\{\s*([a-z_]+)/g)].map(m => m[1]));
    if (names.has('major') && names.has('minor'))
        return 'minor';
    if (names.has('major'))
        return 'major';
    return 'all';
}
class TagResolver {
    flavor;
    env;
    warnings = [];
    scope;
    constructor(flavor, env) {
        this.flavor = flavor;
        this.env = env;
        this.scope = globalScope(env);
    }
    get ref() {
        return this.env.ctx.ref;
    }
    resolve(rules) {
        // Array.prototype.sort is stable, so equal priorities keep the order they were written in.
        const sorted = [...rules].sort((a, b) => b.priority - a.priority);
        const tags = [];
        let latest;
        // The release `latest` stands for: the first stable semver/pep440 version of the run.
        let release;
        for (const rule of sorted) {
            const enabled = render(rule.attrs['enable'], this.scope, 'tags', rule.line);
            if (enabled !== 'true' && enabled !== 'false') {
                throw new errors/* InputError */.dz('tags', `${quote(rule.line)}: enable evaluated to "${enabled}", expected true or false`);
            }
            if (enabled === 'false')
                continue;
            const produced = this.produce(rule);
            if (produced === undefined)
                continue;
            const { prefix, suffix } = this.affix(rule);
            const raw = `${prefix}${produced.value}${suffix}`;
            if (raw.length === 0)
                continue;
            const tag = rule.internal?.lenient ? lenientTag(raw) : sanitizeTag(raw);
            if (tag.length === 0)
                continue;
            checkTag(tag, 'tags', rule.line);
            release ??= produced.release;
            const existing = tags.find(t => t.tag === tag);
            if (existing)
                existing.floating ||= produced.floating;
            else {
                const version = produced.release ? { ...produced.release, prefix, suffix } : undefined;
                tags.push({
                    tag,
                    floating: produced.floating,
                    priority: rule.priority,
                    type: rule.type,
                    ...(version ? { version } : {})
                });
            }
            // Like metadata-action, the first rule that yields a tag decides about `latest`.
            if (latest === undefined) {
                let want = this.flavor.latest === 'auto' ? produced.autoLatest : this.flavor.latest === 'true';
                if (rule.internal?.noLatest)
                    want = false;
                latest = { want, priority: rule.priority };
            }
        }
        if (latest?.want)
            this.addLatest(tags, latest.priority, release);
        return { version: tags[0]?.tag ?? '', tags };
    }
    addLatest(tags, priority, release) {
        const f = this.flavor;
        const prefix = f.prefixLatest
            ? render(f.prefix, this.scope, 'flavor', `prefix=${f.prefix}`)
            : '';
        const suffix = f.suffixLatest
            ? render(f.suffix, this.scope, 'flavor', `suffix=${f.suffix}`)
            : '';
        const tag = sanitizeTag(`${prefix}latest${suffix}`);
        checkTag(tag, 'flavor', `${prefix ? `prefix=${f.prefix}` : ''}${suffix ? `suffix=${f.suffix}` : ''}`);
        const version = release ? { ...release, level: 'all', prefix, suffix } : undefined;
        const existing = tags.find(t => t.tag === tag);
        if (existing) {
            existing.floating = true;
            if (version)
                existing.version = version;
        }
        else
            tags.push({ tag, floating: true, priority, type: 'latest', ...(version ? { version } : {}) });
    }
    /** A rule's own prefix/suffix, even an empty one, wins over the flavor's. */
    affix(rule) {
        const has = (k) => Object.prototype.hasOwnProperty.call(rule.attrs, k);
        const part = (k) => {
            if (has(k))
                return render(rule.attrs[k], this.scope, 'tags', rule.line);
            const fromFlavor = this.flavor[k];
            return fromFlavor ? render(fromFlavor, this.scope, 'flavor', `${k}=${fromFlavor}`) : '';
        };
        return { prefix: part('prefix'), suffix: part('suffix') };
    }
    produce(rule) {
        const ref = this.ref;
        const isBranch = /^refs\/heads\//.test(ref);
        switch (rule.type) {
            case 'schedule': {
                if (!/schedule/.test(this.env.ctx.eventName))
                    return undefined;
                const value = render(rule.attrs['pattern'], scheduleScope(this.env), 'tags', rule.line);
                return { value, autoLatest: false, floating: true };
            }
            case 'semver':
                return this.semver(rule);
            case 'pep440':
                return this.pep440(rule);
            case 'match':
                return this.match(rule);
            case 'edge': {
                if (!isBranch)
                    return undefined;
                const branch = rule.attrs['branch'] || this.env.repo.defaultBranch;
                if (branch !== ref.replace(/^refs\/heads\//, ''))
                    return undefined;
                return { value: 'edge', autoLatest: false, floating: true };
            }
            case 'ref':
                return this.refValue(rule);
            case 'raw': {
                const value = render(rule.attrs['value'], this.scope, 'tags', rule.line);
                return { value, autoLatest: false, floating: value === 'latest' };
            }
            case 'sha': {
                const sha = this.env.ctx.sha;
                if (!sha)
                    return undefined;
                const value = rule.attrs['format'] === 'short' ? shortSha(sha, this.env.shaLength) : sha;
                return { value, autoLatest: false, floating: false };
            }
        }
    }
    refValue(rule) {
        const ref = this.ref;
        switch (rule.attrs['event']) {
            case 'branch': {
                if (!/^refs\/heads\//.test(ref))
                    return undefined;
                let value = ref.replace(/^refs\/heads\//, '');
                if (rule.internal?.lowerCase)
                    value = value.toLowerCase();
                return { value, autoLatest: false, floating: true };
            }
            case 'tag':
                if (!/^refs\/tags\//.test(ref))
                    return undefined;
                return { value: ref.replace(/^refs\/tags\//, ''), autoLatest: true, floating: false };
            default:
                if (!/^refs\/pull\//.test(ref))
                    return undefined;
                return {
                    value: ref.replace(/^refs\/pull\//, '').replace(/\/merge$/, ''),
                    autoLatest: false,
                    floating: true
                };
        }
    }
    /** The version a semver/pep440/match rule looks at: its value, else the pushed tag. */
    versionSource(rule, slashToDash) {
        let vraw;
        if (rule.attrs['value'].length > 0) {
            vraw = render(rule.attrs['value'], this.scope, 'tags', rule.line);
        }
        else {
            if (!/^refs\/tags\//.test(this.ref))
                return undefined;
            vraw = this.ref.replace(/^refs\/tags\//, '');
            if (!slashToDash)
                return vraw;
        }
        const match = rule.attrs['match'];
        if (match) {
            const found = vraw.match(compileMatchPattern(match, rule.line));
            if (!found)
                this.warnings.push(`${match} does not match ${vraw}`);
            else
                vraw = found[1] ?? '';
        }
        return slashToDash ? vraw.replace(/\//g, '-') : vraw;
    }
    semver(rule) {
        const vraw = this.versionSource(rule, true);
        if (vraw === undefined)
            return undefined;
        if (!semver_default().valid(vraw)) {
            this.warnings.push(`${vraw} is not a valid semver, ${quote(rule.line)} skipped`);
            return undefined;
        }
        const parsed = semver_default().parse(vraw, { loose: true });
        const scope = {
            raw: vraw,
            version: parsed.version,
            major: parsed.major,
            minor: parsed.minor,
            patch: parsed.patch,
            prerelease: parsed.prerelease,
            build: parsed.build
        };
        const pattern = rule.attrs['pattern'];
        if (semver_default().prerelease(vraw)) {
            // Prereleases never move partial tags: only {{raw}} is honoured, else the full version.
            const value = isRawStatement(pattern)
                ? render(pattern, scope, 'tags', rule.line)
                : parsed.version;
            return { value, autoLatest: false, floating: false };
        }
        return {
            value: render(pattern, scope, 'tags', rule.line),
            autoLatest: true,
            floating: !patternPinsVersion(pattern),
            release: { scheme: 'semver', version: parsed.version, level: patternLevel(pattern) }
        };
    }
    pep440(rule) {
        const vraw = this.versionSource(rule, true);
        if (vraw === undefined)
            return undefined;
        const explained = pep440/* valid */.rZ(vraw) ? pep440/* explain */.WE(vraw) : null;
        if (!explained) {
            this.warnings.push(`${vraw} does not conform to PEP 440, ${quote(rule.line)} skipped`);
            return undefined;
        }
        const pattern = rule.attrs['pattern'];
        const cleaned = pep440/* clean */.uH(vraw) ?? vraw;
        if (explained.is_prerelease || explained.is_postrelease || explained.is_devrelease) {
            return {
                value: isRawStatement(pattern) ? vraw : cleaned,
                autoLatest: false,
                floating: false
            };
        }
        const scope = {
            raw: () => vraw,
            version: () => cleaned,
            major: () => pep440/* major */.eR(vraw),
            minor: () => pep440/* minor */.Ek(vraw),
            patch: () => pep440/* patch */.F6(vraw)
        };
        return {
            value: render(pattern, scope, 'tags', rule.line),
            autoLatest: true,
            floating: !patternPinsVersion(pattern),
            release: { scheme: 'pep440', version: cleaned, level: patternLevel(pattern) }
        };
    }
    match(rule) {
        const vraw = this.versionSource(rule, false);
        if (vraw === undefined)
            return undefined;
        const pattern = rule.attrs['pattern'];
        const found = vraw.match(compileMatchPattern(pattern, rule.line));
        if (!found) {
            this.warnings.push(`${pattern} does not match ${vraw}, ${quote(rule.line)} skipped`);
            return undefined;
        }
        const group = found[Number(rule.attrs['group'])];
        if (group === undefined) {
            this.warnings.push(`group ${rule.attrs['group']} does not exist for ${pattern}, skipped`);
            return undefined;
        }
        // A tag cut out of an immutable git tag is treated as immutable; a regex cannot tell us
        // whether the user meant a partial version.
        return { value: group, autoLatest: true, floating: false };
    }
}
function checkTag(tag, input, line) {
    if (tag.length > TAG_MAX) {
        throw new errors/* InputError */.dz(input, `${quote(line)} gives tag "${tag.slice(0, 40)}…" of ${tag.length} characters; ` +
            `docker tags may have at most ${TAG_MAX}`);
    }
    if (tag.startsWith('.') || tag.startsWith('-')) {
        throw new errors/* InputError */.dz(input, `${quote(line)} gives tag "${tag}"; docker tags may not start with "." or "-"`);
    }
}

;// CONCATENATED MODULE: ./src/meta/index.ts















const DEFAULT_SHA_LENGTH = 7;
function shaLengthOf(inputs) {
    const n = inputs.shaLength ?? DEFAULT_SHA_LENGTH;
    if (!Number.isInteger(n) || n < 1) {
        throw new errors/* InputError */.dz('sha-length', `"${n}" must be a whole number of at least 1, e.g. 7 or 12`);
    }
    return n;
}
/** `type=edge,value=edge` is accepted and the value ignored, as metadata-action does: say so. */
function ignoredAttributeWarnings(rules) {
    return rules.flatMap(r => r.ignored
        ? [
            `tags: ${quote(r.line)}: type=${r.type} takes no ${r.ignored.join(' or ')}; ignored, as metadata-action does`
        ]
        : []);
}
function resolveMetadata(rawCtx, repo, inputs, opts) {
    const ctx = effectiveContext(rawCtx, inputs.prHeadSha);
    const shaLength = shaLengthOf(inputs);
    // SOURCE_DATE_EPOCH pins every clock-derived value, so reproducible builds stay so.
    const pinned = opts.sourceDateEpoch !== undefined ? new Date(opts.sourceDateEpoch * 1000) : undefined;
    const date = pinned ?? opts.now;
    const env = {
        ctx,
        repo,
        shaLength,
        date,
        commitDate: opts.commitDate ?? date
    };
    // Parse every input before resolving so a typo fails on any event, not only on the event
    // whose rules happen to reach it.
    const entries = parseImages(inputs.images);
    const flavor = parseFlavor(inputs.flavor);
    const rules = inputs.tags.trim() ? parseTagRules(inputs.tags) : defaultTagRules(ctx);
    const imagesFromInput = entries.length > 0;
    let images;
    if (imagesFromInput) {
        images = entries.filter(e => e.enable).map(e => e.name);
    }
    else {
        const fallback = opts.defaultImage.toLowerCase();
        validateImageName(fallback, 'images');
        images = [fallback];
    }
    const resolver = new TagResolver(flavor, env);
    const { version, tags } = resolver.resolve(rules);
    const bare = tags.map(t => t.tag);
    const fullTags = images.length > 0 ? images.flatMap(i => bare.map(t => `${i}:${t}`)) : bare;
    const facts = { repo, version, created: pinned ?? opts.commitDate ?? opts.now, revision: ctx.sha };
    const scope = globalScope(env);
    const warnings = [...ignoredAttributeWarnings(rules), ...resolver.warnings];
    const labels = buildKeyValues(facts, inputs.labels, 'labels', scope, warnings);
    const plainAnnotations = buildKeyValues(facts, inputs.annotations, 'annotations', scope, warnings);
    const levels = opts.annotationLevels ?? ['manifest'];
    const annotations = levels.length > 0
        ? levels.flatMap(l => plainAnnotations.map(a => `${l}:${a}`))
        : plainAnnotations;
    return {
        version,
        images,
        imagesFromInput,
        tags,
        fullTags,
        labels,
        annotations,
        // The key order and `tag-names` (since v5.9.0) match metadata-action's json output.
        json: { tags: fullTags, 'tag-names': bare, labels: toRecord(labels), annotations },
        warnings,
        notices: !inputs.tags.trim() && imagesFromInput ? [DEFAULT_RULES_NOTICE] : []
    };
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/util/http.ts

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'build-tag-push';
/** A body that can be sent again after a redirect (a stream cannot). */
function replayable(body) {
    return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}
function fetchFailed(cause) {
    return new TypeError('fetch failed', { cause });
}
function abortReason(signal) {
    const reason = signal.reason;
    // A DOMException (a timeout's reason) may come from another realm; its name is what counts.
    if (reason instanceof Error ||
        (typeof reason === 'object' && reason !== null && 'name' in reason))
        return reason;
    return new DOMException(typeof reason === 'string' ? reason : 'This operation was aborted', 'AbortError');
}
class NodeResponse {
    res;
    url;
    signal;
    status;
    statusText;
    headers;
    body;
    constructor(res, url, signal) {
        this.res = res;
        this.url = url;
        this.signal = signal;
        this.status = res.statusCode ?? 0;
        this.statusText = res.statusMessage ?? '';
        const joined = (v) => (Array.isArray(v) ? v.join(', ') : v);
        this.headers = {
            get: (name) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : joined(v);
            },
            *[Symbol.iterator]() {
                for (const [name, v] of Object.entries(res.headers)) {
                    if (v !== undefined)
                        yield [name, joined(v)];
                }
            }
        };
        this.body = {
            cancel: () => {
                // A short body is drained so the connection can serve the next request.
                const length = Number(res.headers['content-length'] ?? NaN);
                if (res.complete || length <= 64 * 1024)
                    res.resume();
                else
                    res.destroy();
                return Promise.resolve();
            }
        };
    }
    get ok() {
        return this.status >= 200 && this.status < 300;
    }
    async text() {
        return (await this.bytes()).toString('utf8');
    }
    async textUpTo(max) {
        return (await this.bytes(max)).subarray(0, max).toString('utf8');
    }
    bytes(max = Infinity) {
        return new Promise((resolve, reject) => {
            const chunks = [];
            let size = 0;
            const onAbort = () => {
                this.res.destroy();
                reject(abortReason(this.signal));
            };
            if (this.signal?.aborted)
                return onAbort();
            this.signal?.addEventListener('abort', onAbort, { once: true });
            const done = () => this.signal?.removeEventListener('abort', onAbort);
            this.res.on('data', (chunk) => {
                chunks.push(chunk);
                size += chunk.length;
                if (size < max)
                    return;
                // Enough read: the connection is not reused for the rest.
                done();
                this.res.destroy();
                resolve(Buffer.concat(chunks));
            });
            this.res.on('end', () => {
                done();
                resolve(Buffer.concat(chunks));
            });
            this.res.on('error', err => {
                done();
                reject(fetchFailed(err));
            });
        });
    }
    async json() {
        return JSON.parse(await this.text());
    }
    async arrayBuffer() {
        const bytes = await this.bytes();
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }
}
/**
 * node:http or node:https, loaded on first use: a run that never talks HTTP (or only over
 * plain HTTP) does not load TLS, which costs memory and start-up time. getBuiltinModule is
 * synchronous, and unlike `import()` it works the same in the bundle and under jest.
 */
function requestFor(protocol) {
    if (protocol === 'https:')
        return process.getBuiltinModule('node:https').request;
    if (protocol === 'http:')
        return process.getBuiltinModule('node:http').request;
    return undefined;
}
function sendOnce(url, init) {
    return new Promise((resolve, reject) => {
        const signal = init.signal;
        if (signal?.aborted)
            return reject(abortReason(signal));
        const request = requestFor(url.protocol);
        if (!request)
            return reject(fetchFailed(new Error(`unsupported protocol ${url.protocol}`)));
        const headers = { 'User-Agent': USER_AGENT, ...init.headers };
        const body = init.body;
        if (body !== undefined && !(body instanceof ReadableStream)) {
            headers['Content-Length'] ??= String(Buffer.byteLength(body));
        }
        const req = request(url, { method: init.method ?? 'GET', headers });
        const onAbort = () => {
            req.destroy();
            reject(abortReason(signal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('response', res => {
            signal?.removeEventListener('abort', onAbort);
            resolve(res);
        });
        req.on('error', err => {
            signal?.removeEventListener('abort', onAbort);
            reject(signal?.aborted ? abortReason(signal) : fetchFailed(err));
        });
        if (body instanceof ReadableStream) {
            const stream = external_node_stream_.Readable.fromWeb(body);
            stream.on('error', err => req.destroy(err));
            stream.pipe(req);
        }
        else {
            req.end(body);
        }
    });
}
/** `fetch(url, init)`, with redirects followed unless `redirect: 'manual'`. */
const nodeFetch = async (url, init = {}) => {
    let target = new URL(url);
    let current = init;
    for (let hops = 0;; hops++) {
        const res = await sendOnce(target, current);
        const location = res.headers.location;
        const follow = current.redirect !== 'manual' &&
            REDIRECTS.has(res.statusCode ?? 0) &&
            location !== undefined &&
            (res.statusCode === 303 || replayable(current.body));
        if (!follow)
            return new NodeResponse(res, target.toString(), init.signal);
        if (hops >= MAX_REDIRECTS) {
            res.destroy();
            throw fetchFailed(new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`));
        }
        res.resume();
        const next = new URL(location, target);
        const headers = { ...current.headers };
        // Credentials go to the origin they were meant for, never to where it redirects.
        if (next.origin !== target.origin) {
            for (const name of Object.keys(headers)) {
                if (/^(authorization|cookie)$/i.test(name))
                    delete headers[name];
            }
        }
        const asGet = res.statusCode === 303 && current.method !== 'HEAD';
        if (asGet) {
            for (const name of Object.keys(headers)) {
                if (/^content-/i.test(name))
                    delete headers[name];
            }
        }
        current = {
            ...current,
            headers,
            ...(asGet ? { method: 'GET', body: undefined } : {})
        };
        target = next;
    }
};

;// CONCATENATED MODULE: ./src/action/github-api.ts

/**
 * Runs one API call with a hard deadline. The abort signal stops the request; the timer race
 * is there as well because a stalled body read or a retry inside Octokit must not keep the
 * action waiting. Any failure becomes `undefined`: API data only enriches labels.
 */
async function withDeadline(timeoutMs, call) {
    const controller = new AbortController();
    let timer;
    const deadline = new Promise(resolve => {
        timer = setTimeout(() => {
            controller.abort();
            resolve(undefined);
        }, timeoutMs);
    });
    try {
        const work = call(controller.signal).catch(() => undefined);
        return await Promise.race([work, deadline]);
    }
    catch {
        return undefined;
    }
    finally {
        clearTimeout(timer);
        controller.abort();
    }
}
/**
 * Octokit loads only when an API call is made, not at start-up. Its requests go through the
 * registry client's node:http transport rather than a `fetch` (util/http.ts says why): it
 * answers with the status, headers, url and body readers Octokit's request reads.
 */
async function client(token, signal, apiUrl) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 4794));
    return getOctokit(token, {
        ...(apiUrl ? { baseUrl: apiUrl } : {}),
        request: { signal, retries: 0, fetch: nodeFetch }
    });
}
function ownerRepo(ctx) {
    const [owner, repo, ...rest] = ctx.repository.split('/');
    if (!owner || !repo || rest.length > 0)
        return undefined;
    return { owner, repo };
}
async function fetchRepoInfo(token, ctx, timeoutMs, apiUrl) {
    const target = ownerRepo(ctx);
    if (!target)
        return undefined;
    return withDeadline(timeoutMs, async (signal) => {
        const { data } = await (await client(token, signal, apiUrl)).rest.repos.get(target);
        if (typeof data?.name !== 'string')
            return undefined;
        return {
            name: data.name,
            fullName: data.full_name ?? ctx.repository,
            description: data.description ?? '',
            htmlUrl: data.html_url ?? '',
            license: data.license?.spdx_id ?? '',
            defaultBranch: data.default_branch ?? ''
        };
    });
}
async function fetchCommitDate(token, ctx, timeoutMs, apiUrl) {
    const target = ownerRepo(ctx);
    if (!target || !ctx.sha)
        return undefined;
    return withDeadline(timeoutMs, async (signal) => {
        const { data } = await (await client(token, signal, apiUrl)).rest.repos.getCommit({
            ...target,
            ref: ctx.sha
        });
        const when = data?.commit?.committer?.date;
        if (typeof when !== 'string')
            return undefined;
        const date = new Date(when);
        return Number.isNaN(date.getTime()) ? undefined : date;
    });
}

;// CONCATENATED MODULE: ./src/action/metadata.ts




const API_TIMEOUT_MS = 4000;
/**
 * Gathers what the pure resolver needs that lives outside it (repository data, commit time,
 * the clock) and runs it. The API is optional: without a token, or when it is slow or fails,
 * the event payload is used and a notice says so.
 */
async function loadMetadata(ctx, inputs, env, now) {
    const { sourceDateEpoch, annotationLevels } = env;
    const shaLength = inputs.shaLength ?? env.shortShaLength;
    const prHeadSha = inputs.prHeadSha || env.prHeadSha;
    const defaultImage = (ctx.repository.split('/').pop() || 'image').toLowerCase();
    const metaInputs = {
        images: inputs.images,
        tags: inputs.tags,
        flavor: inputs.flavor,
        labels: inputs.labels,
        annotations: inputs.annotations,
        shaLength,
        prHeadSha
    };
    // A first pass on payload data alone validates every rule at once, so a bad tag fails
    // before any network call rather than after an API timeout.
    const payloadRepo = repoInfoFromPayload(ctx);
    await withLazyModules(() => resolveMetadata(ctx, payloadRepo, metaInputs, { now, sourceDateEpoch, defaultImage }));
    // The commit whose time labels the image is the one the tags come from (the PR head with pr-head-sha).
    const commitCtx = effectiveContext(ctx, prHeadSha);
    const payloadCommitDate = commitDateFromPayload(commitCtx);
    const token = inputs.githubToken;
    const [apiRepo, apiCommitDate] = await Promise.all([
        token ? fetchRepoInfo(token, ctx, API_TIMEOUT_MS, env.apiUrl) : undefined,
        token && !payloadCommitDate && sourceDateEpoch === undefined && commitCtx.sha
            ? fetchCommitDate(token, commitCtx, API_TIMEOUT_MS, env.apiUrl)
            : undefined
    ]);
    if (!apiRepo) {
        core_notice(token
            ? 'Repository metadata was not available from the GitHub API; OCI labels use the event payload.'
            : 'No github-token: OCI labels use the event payload.');
    }
    const meta = await withLazyModules(() => resolveMetadata(ctx, apiRepo ?? payloadRepo, metaInputs, {
        annotationLevels,
        now,
        sourceDateEpoch,
        commitDate: payloadCommitDate ?? apiCommitDate,
        defaultImage
    }));
    for (const warning of meta.warnings)
        core_warning(warning);
    for (const notice of meta.notices)
        core_notice(notice);
    return meta;
}

// EXTERNAL MODULE: ./src/docker/cli.ts
var cli = __webpack_require__(1670);
// EXTERNAL MODULE: ./src/docker/config.ts
var config = __webpack_require__(656);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/util/workspace-path.ts
/**
 * Path inputs given relative to the workspace may point at files a pull request committed,
 * including symlinks. A relative path is therefore resolved through every symlink and refused
 * when its real target lies outside the workspace; an absolute path is the workflow author's
 * own choice and is taken as is.
 */



/**
 * The real path of `path`, even when its last components do not exist yet (a file to write):
 * walks from the root one component at a time, following each symlink, including a dangling
 * one (a write would create its target). Linear in the number of components.
 */
function realPathOf(path, depth = 0) {
    const parts = path.split(external_node_path_.sep).filter(p => p.length > 0);
    let cur = external_node_path_.sep;
    for (let i = 0; i < parts.length; i++) {
        const next = (0,external_node_path_.join)(cur, parts[i]);
        let link;
        try {
            const st = (0,external_node_fs_.lstatSync)(next);
            if (st.isSymbolicLink())
                link = (0,external_node_fs_.readlinkSync)(next);
        }
        catch {
            // Missing (or unreadable): nothing below it can redirect us.
            return (0,external_node_path_.join)(next, ...parts.slice(i + 1));
        }
        if (link === undefined)
            cur = next;
        else if (depth >= 40)
            throw new Error(`too many levels of symbolic links: ${next}`);
        else
            cur = realPathOf((0,external_node_path_.resolve)(cur, link), depth + 1);
    }
    return cur;
}
/** Whether `target` is `root` or inside it (both real paths). */
function isInside(root, target) {
    const rel = (0,external_node_path_.relative)(root, target);
    return rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel));
}
/**
 * Resolves a path input. Relative paths are taken from `workspace` and must stay inside it
 * once symlinks are followed; returns the real path (so a later open cannot be redirected by
 * the same link).
 */
function workspacePath(input, value, workspace) {
    if ((0,external_node_path_.isAbsolute)(value))
        return value;
    const root = (0,external_node_fs_.existsSync)(workspace) ? (0,external_node_fs_.realpathSync)(workspace) : (0,external_node_path_.resolve)(workspace);
    const lexical = (0,external_node_path_.resolve)(root, value);
    if (!isInside(root, lexical)) {
        throw new errors/* InputError */.dz(input, `${JSON.stringify(value)} leaves the workspace; give a path inside it, or an absolute path`);
    }
    const real = realPathOf(lexical);
    if (!isInside(root, real)) {
        throw new errors/* InputError */.dz(input, `${JSON.stringify(value)} resolves through a symlink to a path outside the workspace; ` +
            'relative paths must stay inside it (give an absolute path to use a file elsewhere)');
    }
    return real;
}

;// CONCATENATED MODULE: ./src/build/secrets.ts
/**
 * Build secrets reach BuildKit as `--secret id=<id>,src=<file>`: the value never appears in
 * argv (visible in `ps` and in error messages) nor in the image (build-args are recorded in
 * the image history). Values given inline are written to 0600 files in a private 0700
 * directory under RUNNER_TEMP, which the post step removes even when main was killed.
 */




const ID_RE = /^[A-Za-z0-9_.-]+$/;
/** Prefix of the private directory; the post step deletes only directories named like this. */
const SECRET_DIR_PREFIX = 'btp-secrets-';
function parseLines(input, name, what) {
    const out = [];
    input.split('\n').forEach((raw, i) => {
        const line = raw.replace(/\r$/, '');
        // `#` starts a comment line, as in every other line-based input.
        if (line.trim() === '' || line.trim().startsWith('#'))
            return;
        const eq = line.indexOf('=');
        if (eq < 0) {
            // The line may be a bare secret value pasted by mistake: never echo it.
            throw new errors/* InputError */.dz(name, `line ${i + 1} is not in the form id=${what}`);
        }
        const id = line.slice(0, eq).trim();
        if (!ID_RE.test(id)) {
            throw new errors/* InputError */.dz(name, `line ${i + 1}: secret id must match [A-Za-z0-9_.-]+ (got ${JSON.stringify(id.slice(0, 64))})`);
        }
        out.push({ id, rest: line.slice(eq + 1), line: i + 1 });
    });
    return out;
}
/**
 * Parses and checks both secret inputs and masks every value; nothing is written, so a dry
 * run and a bad line leave no file behind.
 */
function parseSecrets(opts) {
    const values = parseLines(opts.secrets, 'secrets', 'VALUE');
    const files = parseLines(opts.secretFiles, 'secret-files', 'PATH');
    const seen = new Set();
    for (const [name, list] of [
        ['secrets', values],
        ['secret-files', files]
    ]) {
        for (const e of list) {
            if (seen.has(e.id))
                throw new errors/* InputError */.dz(name, `secret id "${e.id}" is given more than once`);
            seen.add(e.id);
        }
    }
    const warnings = [];
    const specs = [];
    for (const e of files) {
        const path = e.rest.trim();
        if (path === '')
            throw new errors/* InputError */.dz('secret-files', `secret "${e.id}" has no path`);
        const abs = workspacePath('secret-files', path, opts.workspace ?? process.cwd());
        if (!(0,external_node_fs_.existsSync)(abs) || !(0,external_node_fs_.statSync)(abs).isFile()) {
            throw new errors/* InputError */.dz('secret-files', `file for secret "${e.id}" not found: ${path}`);
        }
        specs.push({ id: e.id, file: abs });
    }
    for (const e of values) {
        if (e.rest === '') {
            warnings.push(`secret "${e.id}" is empty; is the repository secret set (forks do not receive secrets)?`);
        }
        else
            opts.mask?.(e.rest);
        specs.push({ id: e.id, value: e.rest });
    }
    return { specs, warnings };
}
/**
 * Where each secret is mounted from: a value secret gets a file in `dir`, named by position
 * so an id like ".." cannot become a path. Pure: the files are written by writeSecretFiles.
 */
function placeSecrets(specs, dir) {
    const mounts = [];
    const files = [];
    for (const spec of specs) {
        if ('file' in spec) {
            mounts.push({ id: spec.id, src: spec.file });
        }
        else {
            const path = (0,external_node_path_.join)(dir, `secret-${files.length}`);
            files.push({ path, value: spec.value });
            mounts.push({ id: spec.id, src: path });
        }
    }
    return { mounts, files };
}
/**
 * Writes the value files into a new 0700 directory (mkdir fails if it exists, so nobody can
 * have prepared it), each 0600. Returns the cleanup, which is safe to call more than once.
 */
function writeSecretFiles(dir, files) {
    const cleanup = () => (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    (0,external_node_fs_.mkdirSync)(dir, { mode: 0o700 });
    try {
        for (const f of files)
            (0,external_node_fs_.writeFileSync)(f.path, f.value, { mode: 0o600, flag: 'wx' });
    }
    catch (err) {
        cleanup();
        throw err;
    }
    return cleanup;
}
const SECRETISH = /TOKEN|PASSWORD|PASSWD|SECRET|KEY|CREDENTIAL/i;
/** Warnings for build-args whose names suggest a secret: their values end up in the image. */
function secretBuildArgWarnings(buildArgNames) {
    return buildArgNames
        .filter(n => SECRETISH.test(n))
        .map(n => `build-arg "${n}" looks like a secret: build-args are stored in the image history ` +
        `(docker history shows them). Pass it with the "secrets" input and ` +
        `RUN --mount=type=secret,id=${n} instead.`);
}
const BUILDKIT_REQUIRED = 'secrets need BuildKit: install the buildx plugin or set DOCKER_BUILDKIT=1';
/** The classic builder ignores `--secret`; fail before a build that would silently lack it. */
function requireBuildKit(available) {
    if (!available)
        throw new Error(BUILDKIT_REQUIRED);
}

;// CONCATENATED MODULE: ./src/docker/argv.ts
/**
 * Pure builders for docker argv arrays. Every value is one element: nothing passes through a
 * shell, so a build-arg like `X=$(rm -rf /)` reaches docker literally.
 */
function buildArgv(spec) {
    const argv = spec.useBuildx ? ['buildx', 'build', ...(spec.buildxArgs ?? ['--load'])] : ['build'];
    argv.push('--iidfile', spec.iidFile);
    if (spec.file)
        argv.push('--file', spec.file);
    for (const tag of spec.tags)
        argv.push('--tag', tag);
    for (const label of spec.labels)
        argv.push('--label', label);
    for (const [key, value] of spec.buildArgs)
        argv.push('--build-arg', `${key}=${value}`);
    if (spec.target)
        argv.push('--target', spec.target);
    if (spec.pull)
        argv.push('--pull');
    if (spec.noCache)
        argv.push('--no-cache');
    if (spec.network)
        argv.push('--network', spec.network);
    for (const s of spec.secrets)
        argv.push('--secret', secretArg(s.id, s.src));
    for (const from of spec.cacheFrom)
        argv.push('--cache-from', from);
    for (const to of spec.cacheTo)
        argv.push('--cache-to', to);
    // `--` is not accepted by docker build; a context starting with `-` is made explicit instead.
    argv.push(spec.context.startsWith('-') ? `./${spec.context}` : spec.context);
    return argv;
}
/** BuildKit reads `--secret` as one CSV record, so a field with a comma or quote is quoted. */
function csvField(field) {
    return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
function secretArg(id, src) {
    return `${csvField(`id=${id}`)},${csvField(`src=${src}`)}`;
}
/** The password goes through stdin, never argv. */
function loginArgv(registry, username) {
    return ['login', '--username', username, '--password-stdin', registry];
}
function tagArgv(source, target) {
    return ['tag', source, target];
}
function pushArgv(ref) {
    return ['push', ref];
}

;// CONCATENATED MODULE: ./src/docker/reference.ts
/**
 * The registry host of an image name, following docker's rule: the first path component is
 * a host only if it contains `.` or `:`, or is `localhost`; otherwise the image is on Docker Hub.
 */
function registryHost(image) {
    const slash = image.indexOf('/');
    if (slash < 0)
        return 'docker.io';
    const first = image.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost')
        return first;
    return 'docker.io';
}
/** The repository path inside its registry (`acme/app` for `ghcr.io/acme/app`). */
function repositoryPath(image) {
    const host = registryHost(image);
    if (host === 'docker.io' && !image.startsWith('docker.io/')) {
        return image.includes('/') ? image : `library/${image}`;
    }
    return image.slice(host.length + 1);
}

;// CONCATENATED MODULE: ./src/smoke/crash-signatures.ts
/**
 * Lines that only show up when a process dies of an unhandled error. They are matched per
 * line, so each one must be recognisable on its own without the lines around it.
 */
const SIGNATURES = [
    ['^Traceback \\(most recent call last\\):', 'python'],
    // Node: the source line of an uncaught `throw`, the version banner node prints after an
    // uncaught exception (v18+), and unhandled rejections in both old and new wording.
    ['^\\s+throw ', 'node'],
    ['^Node\\.js v\\d+\\.\\d+\\.\\d+$', 'node'],
    ['UnhandledPromiseRejection', 'node'],
    ['^Uncaught \\w*Error', 'node'],
    ['^panic: ', 'go'],
    ['^goroutine \\d+ \\[running\\]:?', 'go'],
    ['^fatal error: ', 'go'],
    ['Exception in thread "', 'java']
];
const CRASH_SIGNATURES = SIGNATURES.map(([source]) => source);
/** The runtime of a built-in signature; undefined for a user's own fail pattern. */
function crashKind(source) {
    return SIGNATURES.find(([s]) => s === source)?.[1];
}
function crashSignaturePatterns() {
    return CRASH_SIGNATURES.map(source => ({ source, regex: new RegExp(source), count: 1 }));
}

;// CONCATENATED MODULE: ./src/smoke/shell-words.ts
/**
 * Splits a command line into words the way a POSIX shell tokenises (quotes and backslashes)
 * without expanding anything: `$HOME`, globs and `;` stay literal because no shell ever runs.
 * Throws a plain Error with the reason; callers wrap it with the input name.
 */
function splitShellWords(line) {
    const words = [];
    let word = '';
    // Distinguishes `''` (an empty argument) from no word at all.
    let inWord = false;
    let quote;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote === "'") {
            if (c === "'")
                quote = undefined;
            else
                word += c;
            continue;
        }
        if (quote === '"') {
            if (c === '"')
                quote = undefined;
            else if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
                i++;
                if (line[i] !== '\n')
                    word += line[i];
            }
            else
                word += c;
            continue;
        }
        if (c === "'" || c === '"') {
            quote = c;
            inWord = true;
        }
        else if (c === '\\') {
            if (i + 1 >= line.length)
                throw new Error('ends with a lone backslash');
            i++;
            // Backslash-newline is a line continuation, as in a shell.
            if (line[i] !== '\n') {
                word += line[i];
                inWord = true;
            }
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
        }
        else {
            word += c;
            inWord = true;
        }
    }
    if (quote)
        throw new Error(`unterminated ${quote} quote`);
    if (inWord)
        words.push(word);
    return words;
}

;// CONCATENATED MODULE: ./src/smoke/fields.ts
/**
 * Parsers for one input value each. They throw FieldError with only the reason; the caller
 * knows whether the value came from an action input or a smoke-config key and names it.
 */


class FieldError extends Error {
}
/** Non-empty lines with surrounding blanks trimmed and whole-line `#` comments removed. */
function meaningfulLines(raw) {
    return raw
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(l => l.length > 0 && !l.startsWith('#'));
}
function parseBool(raw, fallback) {
    const v = raw.trim().toLowerCase();
    if (v === '')
        return fallback;
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw new FieldError(`expected true or false, got "${raw.trim()}"`);
}
function parseSeconds(raw, fallback, allowZero = false) {
    const v = raw.trim();
    if (v === '')
        return fallback;
    const n = /^\d+(\.\d+)?$|^\.\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) {
        const what = allowZero ? 'a number of seconds (0 or more)' : 'a positive number of seconds';
        throw new FieldError(`expected ${what}, got "${v}"`);
    }
    return n;
}
function compile(source) {
    try {
        return new RegExp(source);
    }
    catch (err) {
        throw new FieldError(`invalid regular expression /${source}/: ${err.message}`);
    }
}
/** One regex per line; a trailing ` xN` asks for N matching lines. */
function parseLogPatterns(raw) {
    return meaningfulLines(raw).map(line => {
        const counted = /^(.*\S)\s+x(\d+)$/.exec(line);
        const source = counted ? counted[1] : line;
        const count = counted ? Number(counted[2]) : 1;
        if (count < 1)
            throw new FieldError(`"${line}": the count after x must be 1 or more`);
        return { source, regex: compile(source), count };
    });
}
/** Empty means the built-in crash signatures; `none` turns fail patterns off. */
function parseFailPatterns(raw) {
    const lines = meaningfulLines(raw);
    if (lines.length === 0)
        return crashSignaturePatterns();
    if (lines.length === 1 && lines[0].toLowerCase() === 'none')
        return [];
    return lines.map(source => ({ source, regex: compile(source), count: 1 }));
}
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** KEY=VALUE lines; the value is everything after the first `=`, kept verbatim. */
function parseKeyValues(raw) {
    const out = [];
    for (const line of raw.split(/\r?\n/)) {
        const trimmed = line.trimStart();
        if (trimmed.trim() === '' || trimmed.startsWith('#'))
            continue;
        const at = trimmed.indexOf('=');
        // A bare KEY would make docker copy the runner's own variable into the container.
        if (at < 0)
            throw new FieldError(`expected KEY=VALUE lines, got "${trimmed.trim()}"`);
        const key = trimmed.slice(0, at).trim();
        if (!ENV_KEY.test(key)) {
            throw new FieldError(`"${key}" is not a valid variable name (letters, digits, _ . -)`);
        }
        out.push([key, trimmed.slice(at + 1)]);
    }
    return out;
}
function parseCommand(raw) {
    if (raw.trim() === '')
        return undefined;
    try {
        return splitShellWords(raw);
    }
    catch (err) {
        throw new FieldError(`cannot split into words: ${err.message}`);
    }
}
/** One argument per line, kept verbatim apart from the line break (no comments: `#` is data). */
function parseArgs(raw) {
    return raw.split(/\r?\n/).filter(l => l.trim() !== '');
}
function portNumber(v) {
    const n = Number(v);
    return /^\d{1,5}$/.test(v) && n >= 1 && n <= 65535;
}
/** `[ip:]hostPort:containerPort[/proto]`, ip may be IPv4 or bracketed IPv6. */
function parsePorts(raw) {
    return meaningfulLines(raw).map(line => {
        const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(\d+):(\d+)(?:\/(tcp|udp|sctp))?$/.exec(line);
        if (!m || !portNumber(m[2]) || !portNumber(m[3])) {
            throw new FieldError(`"${line}" is not a port mapping; expected [ip:]hostPort:containerPort[/tcp|udp|sctp]`);
        }
        if (m[1] && !m[1].startsWith('[') && m[1].split('.').some(o => Number(o) > 255)) {
            throw new FieldError(`"${line}": ${m[1]} is not an IPv4 address`);
        }
        return line;
    });
}
/** `URL [status=N] [body=REGEX]`; the regex cannot contain spaces (write \s). */
function parseHttpProbes(raw) {
    return meaningfulLines(raw).map(line => {
        const [url, ...opts] = line.split(/\s+/);
        let parsed;
        try {
            parsed = new URL(url);
        }
        catch {
            parsed = undefined;
        }
        if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
            throw new FieldError(`"${url}" is not an http(s) URL; expected URL [status=N] [body=REGEX]`);
        }
        const probe = { url };
        for (const opt of opts) {
            const status = /^status=(\d{3})$/.exec(opt);
            if (status && Number(status[1]) >= 100 && Number(status[1]) <= 599) {
                probe.status = Number(status[1]);
            }
            else if (opt.startsWith('body=') && opt.length > 5) {
                probe.body = compile(opt.slice(5));
            }
            else {
                throw new FieldError(`"${opt}" in "${line}": expected status=NNN (100-599) or body=REGEX`);
            }
        }
        return probe;
    });
}
function parseHealth(raw) {
    const v = raw.trim().toLowerCase();
    if (v === '')
        return 'auto';
    if (v === 'auto' || v === 'true' || v === 'false')
        return v;
    throw new FieldError(`expected auto, true or false, got "${raw.trim()}"`);
}
function parseExitCode(raw) {
    const v = raw.trim();
    if (v === '')
        return undefined;
    if (!/^\d{1,3}$/.test(v) || Number(v) > 255) {
        throw new FieldError(`expected an exit code from 0 to 255, got "${v}"`);
    }
    return Number(v);
}
/** Docker rejects relative working directories only after creating the container. */
function parseWorkdir(raw) {
    const v = raw.trim();
    if (v === '')
        return undefined;
    if (!v.startsWith('/') || /[\r\n]/.test(v)) {
        throw new FieldError(`expected an absolute path inside the container, got "${v}"`);
    }
    return v;
}
/** A single word passed to docker as a flag value, so a space or newline is always a mistake. */
function parseWord(raw) {
    const v = raw.trim();
    if (v === '')
        return undefined;
    if (/\s/.test(v))
        throw new FieldError(`expected a single word, got "${v}"`);
    return v;
}

;// CONCATENATED MODULE: ./src/smoke/config-file.ts
/**
 * `smoke-config`: a YAML file of named scenarios, each run in its own container. Keys mirror
 * the `smoke-*` inputs without the prefix; anything not set falls back to the inputs.
 */





const INPUT = 'smoke-config';
/** Lists become lines so every key is validated by the same parser as its input. */
function asLines(v) {
    if (Array.isArray(v))
        return v.map(item => asScalar(item)).join('\n');
    return asScalar(v);
}
function asScalar(v) {
    if (v === null || v === undefined)
        return '';
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        return String(v);
    throw new FieldError(`expected a string, number or boolean, got ${JSON.stringify(v)}`);
}
function asEnv(v) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        return parseKeyValues(Object.entries(v)
            .map(([k, val]) => `${k}=${asScalar(val)}`)
            .join('\n'));
    }
    return parseKeyValues(asLines(v));
}
function asCommand(v) {
    // A list is taken word for word, so arguments with spaces need no quoting.
    if (Array.isArray(v))
        return v.map(item => asScalar(item));
    return parseCommand(asScalar(v));
}
/** A name is text (YAML may read `name: 1` as a number); a mapping or list is no name. */
function scenarioName(v) {
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
}
const KEYS = {
    name: () => undefined,
    command: (s, v) => (s.command = asCommand(v)),
    args: (s, v) => (s.args = Array.isArray(v) ? v.map(asScalar) : parseArgs(asScalar(v))),
    env: (s, v) => {
        const merged = new Map(s.env);
        for (const [k, val] of asEnv(v))
            merged.set(k, val);
        s.env = [...merged];
    },
    log: (s, v) => (s.logPatterns = parseLogPatterns(asLines(v))),
    'log-order': (s, v) => (s.logOrder = parseBool(asScalar(v), s.logOrder)),
    'fail-log': (s, v) => (s.failPatterns = parseFailPatterns(asLines(v))),
    timeout: (s, v) => (s.timeoutSec = parseSeconds(asScalar(v), s.timeoutSec)),
    settle: (s, v) => (s.settleSec = parseSeconds(asScalar(v), s.settleSec, true)),
    http: (s, v) => (s.http = parseHttpProbes(asLines(v))),
    'http-grace': (s, v) => (s.httpGraceSec = parseSeconds(asScalar(v), s.httpGraceSec, true)),
    health: (s, v) => (s.health = parseHealth(asScalar(v))),
    'exit-code': (s, v) => (s.exitCode = parseExitCode(asScalar(v))),
    user: (s, v) => (s.user = parseWord(asScalar(v))),
    workdir: (s, v) => (s.workdir = parseWorkdir(asScalar(v))),
    network: (s, v) => (s.network = parseWord(asScalar(v))),
    ports: (s, v) => (s.ports = parsePorts(asLines(v)))
};
function scenariosFromText(text, defaults, where) {
    let doc;
    const { yamlParse } = lazyModules('yaml');
    try {
        doc = yamlParse(text);
    }
    catch (err) {
        // Only the position: the parser's message quotes the file, which may not be ours to show.
        const pos = err.linePos?.[0];
        const code = err.code;
        throw new errors/* InputError */.dz(INPUT, `${where} is not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}${typeof code === 'string' ? `: ${code}` : ''}`);
    }
    const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'scenarios' in doc
        ? doc.scenarios
        : doc;
    if (!Array.isArray(list) || list.length === 0) {
        throw new errors/* InputError */.dz(INPUT, `${where}: expected a non-empty list under "scenarios:"`);
    }
    const seen = new Set();
    return list.map((item, i) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
            throw new errors/* InputError */.dz(INPUT, `${where}: scenario ${i + 1} must be a mapping of keys`);
        }
        const raw = item;
        const name = raw.name === undefined ? `scenario-${i + 1}` : scenarioName(raw.name);
        if (name === undefined) {
            throw new errors/* InputError */.dz(INPUT, `${where}: scenario ${i + 1}: name: expected a string, got ${JSON.stringify(raw.name)}`);
        }
        if (!name || seen.has(name)) {
            throw new errors/* InputError */.dz(INPUT, `${where}: scenario ${i + 1} needs a unique, non-empty name`);
        }
        seen.add(name);
        const scenario = { ...defaults, name };
        for (const [key, value] of Object.entries(raw)) {
            const set = KEYS[key];
            if (!set) {
                throw new errors/* InputError */.dz(INPUT, `${where}: scenario "${name}": unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
            }
            try {
                set(scenario, value);
            }
            catch (err) {
                if (err instanceof FieldError) {
                    throw new errors/* InputError */.dz(INPUT, `${where}: scenario "${name}": ${key}: ${err.message}`);
                }
                throw err;
            }
        }
        return scenario;
    });
}
/** A relative path is taken from the workspace, like every other path input. */
function scenariosFromConfig(path, defaults) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(workspacePath(INPUT, path, process.env.GITHUB_WORKSPACE || '.'), 'utf8');
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        throw new errors/* InputError */.dz(INPUT, `cannot read ${path}: ${err.code ?? String(err)}`);
    }
    return scenariosFromText(text, defaults, path);
}

;// CONCATENATED MODULE: ./src/smoke/inputs.ts




const DEFAULT_TIMEOUT_SEC = 60;
const DEFAULT_SETTLE_SEC = 3;
const DEFAULT_HTTP_GRACE_SEC = 2;
/** Runs one field parser and names the input in the error, as InputError promises. */
function field(get, name, parse) {
    try {
        return parse(get(name) ?? '');
    }
    catch (err) {
        if (err instanceof FieldError)
            throw new errors/* InputError */.dz(name, err.message);
        throw err;
    }
}
/** Reads and validates every smoke input; nothing is started, so bad input fails fast. */
function parseSmokeInputs(get) {
    const enabled = field(get, 'smoke', raw => parseBool(raw, true));
    const defaults = {
        name: 'default',
        command: field(get, 'smoke-command', parseCommand),
        args: field(get, 'smoke-args', parseArgs),
        env: field(get, 'smoke-env', parseKeyValues),
        logPatterns: field(get, 'smoke-log', parseLogPatterns),
        logOrder: field(get, 'smoke-log-order', raw => parseBool(raw, false)),
        failPatterns: field(get, 'smoke-fail-log', parseFailPatterns),
        timeoutSec: field(get, 'smoke-timeout', raw => parseSeconds(raw, DEFAULT_TIMEOUT_SEC)),
        settleSec: field(get, 'smoke-settle', raw => parseSeconds(raw, DEFAULT_SETTLE_SEC, true)),
        http: field(get, 'smoke-http', parseHttpProbes),
        httpGraceSec: field(get, 'smoke-http-grace', raw => parseSeconds(raw, DEFAULT_HTTP_GRACE_SEC, true)),
        health: field(get, 'smoke-health', parseHealth),
        exitCode: field(get, 'smoke-exit-code', parseExitCode),
        user: field(get, 'smoke-user', parseWord),
        workdir: field(get, 'smoke-workdir', parseWorkdir),
        network: field(get, 'smoke-network', parseWord),
        ports: field(get, 'smoke-ports', parsePorts)
    };
    const secrets = field(get, 'smoke-secrets', parseKeyValues);
    // Masked before anything could print them, including a failing scenario's output.
    for (const [, value] of secrets)
        if (value.trim() !== '')
            setSecret(value);
    const clash = secrets.find(([k]) => defaults.env.some(([e]) => e === k));
    if (clash) {
        throw new errors/* InputError */.dz('smoke-secrets', `${clash[0]} is also set in smoke-env; set it in one only`);
    }
    const configPath = (get('smoke-config') ?? '').trim();
    // A disabled smoke test must not fail the build over a config file it will not read.
    const scenarios = configPath && enabled ? scenariosFromConfig(configPath, defaults) : [defaults];
    const junitPath = (get('smoke-junit') ?? '').trim() || undefined;
    return { enabled, scenarios, secrets, junitPath };
}

// EXTERNAL MODULE: ./src/util/untrusted.ts
var untrusted = __webpack_require__(9630);
;// CONCATENATED MODULE: ./src/smoke/env-file.ts


/**
 * Writes secrets to a 0600 file for `docker run --env-file`, so they never show up in argv
 * (visible to every user through ps). Docker reads the value verbatim up to the line end.
 */
function writeSecretEnvFile(secrets, 
/** The planned file; its directory must not exist yet and is created 0700. */
path, 
/** Told the directory before anything is written, so the post step can always remove it. */
onDir) {
    if (secrets.length === 0)
        return undefined;
    for (const [k, v] of secrets) {
        if (/[\r\n]/.test(v))
            throw new Error(`secret ${k} contains a line break`);
    }
    const dir = (0,external_node_path_.dirname)(path);
    (0,external_node_fs_.mkdirSync)(dir, { mode: 0o700 });
    onDir?.(dir);
    (0,external_node_fs_.writeFileSync)(path, secrets.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
    return { path, remove: () => (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true }) };
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./src/smoke/line-matcher.ts
/**
 * Streaming output matching. Kept free of runtime imports so the latency bench can load the
 * compiled file on its own.
 */

/** Longest line matched as one piece; longer runs without a newline are cut into pieces. */
const MAX_MATCH_LINE = 64 * 1024;
/**
 * Turns chunks into lines whatever the chunk boundaries: a line (or a UTF-8 character) may be
 * split across writes, `\r\n` counts as one break, and memory stays bounded for output with
 * no newline at all.
 */
class LineSplitter {
    onLine;
    maxLine;
    partial = '';
    decoder = new external_node_string_decoder_.StringDecoder('utf8');
    constructor(onLine, maxLine = MAX_MATCH_LINE) {
        this.onLine = onLine;
        this.maxLine = maxLine;
    }
    push(chunk) {
        let text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            this.emit(text.slice(start, nl));
            start = nl + 1;
        }
        text = text.slice(start);
        while (text.length > this.maxLine) {
            this.onLine(text.slice(0, this.maxLine));
            text = text.slice(this.maxLine);
        }
        this.partial = text;
    }
    /** The last line often has no newline (`printf ready`), and must still count. */
    end() {
        const rest = this.partial + this.decoder.end();
        this.partial = '';
        if (rest.length > 0)
            this.emit(rest);
    }
    emit(line) {
        const l = line.endsWith('\r') ? line.slice(0, -1) : line;
        for (let i = 0; i < l.length; i += this.maxLine)
            this.onLine(l.slice(i, i + this.maxLine));
        if (l.length === 0)
            this.onLine('');
    }
}
/**
 * Checks each line against the fail patterns, then the required ones. In order mode a line
 * only counts for the first pattern not yet complete, so `a` then `b` needs a `b` line after
 * the `a` line(s), never the same line.
 */
class LogMatcher {
    failPatterns;
    ordered;
    progress;
    next = 0;
    constructor(patterns, failPatterns, ordered = false) {
        this.failPatterns = failPatterns;
        this.ordered = ordered;
        this.progress = patterns.map(pattern => ({ pattern, seen: 0 }));
    }
    get done() {
        return this.progress.every(p => p.seen >= p.pattern.count);
    }
    missing() {
        return this.progress.filter(p => p.seen < p.pattern.count);
    }
    test(line) {
        for (const pattern of this.failPatterns) {
            if (pattern.regex.test(line))
                return { failed: { pattern, line }, completed: [] };
        }
        const completed = [];
        if (this.ordered) {
            const p = this.progress[this.next];
            if (p && p.pattern.regex.test(line) && this.count(p, line)) {
                completed.push(this.next);
                this.next++;
            }
        }
        else {
            this.progress.forEach((p, i) => {
                if (p.seen < p.pattern.count && p.pattern.regex.test(line) && this.count(p, line)) {
                    completed.push(i);
                }
            });
        }
        return { completed };
    }
    count(p, line) {
        p.seen++;
        if (p.seen < p.pattern.count)
            return false;
        p.matchedLine = line;
        return true;
    }
}
/** `/ready/ x2 (1 seen)`: how a pattern is named in messages and reports. */
function describePattern(p, seen) {
    const count = p.count > 1 ? ` x${p.count}` : '';
    const progress = seen !== undefined && p.count > 1 && seen > 0 ? ` (${seen} seen)` : '';
    return `/${p.source}/${count}${progress}`;
}

;// CONCATENATED MODULE: ./src/smoke/health.ts


/** Whether the image declares a HEALTHCHECK (a `HEALTHCHECK NONE` counts as none). */
async function imageHasHealthcheck(docker, image) {
    const res = await docker.exec([
        'image',
        'inspect',
        '--format',
        '{{json .Config.Healthcheck}}',
        image
    ]);
    const text = res.stdout.trim();
    if (text === '' || text === 'null')
        return false;
    const hc = JSON.parse(text);
    return Array.isArray(hc.Test) && hc.Test.length > 0 && hc.Test[0] !== 'NONE';
}
/**
 * Streams the container's health_status events. Started before `docker run` with `--since`,
 * so a status reported before the stream connects is replayed rather than lost.
 */
function watchHealth(docker, name, sinceSec, onStatus) {
    const proc = docker.spawn([
        'events',
        '--since',
        sinceSec.toFixed(3),
        '--filter',
        `container=${name}`,
        '--filter',
        'event=health_status',
        '--format',
        '{{.Status}}'
    ]);
    const splitter = new LineSplitter(line => {
        const m = /health_status:\s*(starting|healthy|unhealthy)/.exec(line);
        if (m)
            onStatus(m[1]);
    });
    proc.stdout.on('data', (chunk) => splitter.push(chunk));
    proc.stderr.resume();
    return { stop: () => proc.kill() };
}
/** The last health check's output, to say why a container went unhealthy. */
async function lastHealthOutput(docker, name) {
    const res = await docker.exec(['inspect', '--format', '{{json .State.Health}}', name], {
        allowFailure: true
    });
    if (res.exitCode !== 0)
        return '';
    try {
        const health = JSON.parse(res.stdout);
        const last = health.Log?.[health.Log.length - 1];
        if (!last)
            return '';
        // The image's text: split as the runner splits (a lone \r too), so it stays one line.
        const output = (0,untrusted/* runnerLines */.Cz)((last.Output ?? '').trim())
            .map(l => l.trim())
            .filter(l => l.length > 0)
            .slice(-3)
            .join(' | ');
        return (0,untrusted/* oneLine */.TN)(`exit ${last.ExitCode ?? '?'}${output ? `: ${output.slice(0, 300)}` : ''}`);
    }
    catch {
        return '';
    }
}

;// CONCATENATED MODULE: ./src/smoke/report-text.ts
/** Terminal colour codes and other control characters mean nothing in a summary or XML. */
function plainText(line) {
    return line
        .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
        .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
        .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
function formatMs(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./src/smoke/http-probe.ts


/** Bodies beyond this are not read: a probe only needs the start of a health page. */
const MAX_BODY = 64 * 1024;
const PROBE_RETRY_MS = 200;
const ATTEMPT_TIMEOUT_MS = 5000;
/** How much of a wrong answer's body goes into the failure message. */
const BODY_EXCERPT = 200;
function describeProbe(p) {
    const status = p.status !== undefined ? `status ${p.status}` : '2xx';
    const body = p.body ? ` body /${p.body.source}/` : '';
    return `GET ${p.url} → ${status}${body}`;
}
/**
 * Connection-level failures that still prove something listens on the port (node:http's
 * words: "socket hang up" is a connection closed before any answer, HPE_* a parser error).
 */
function answeredFailure(cause) {
    const code = cause?.code ?? '';
    if (code === 'ECONNRESET') {
        return cause?.message === 'socket hang up'
            ? 'empty reply (connection closed without an answer)'
            : 'connection reset';
    }
    return code.startsWith('HPE_') ? 'not an HTTP answer' : '';
}
function errorAttempt(err) {
    const e = err;
    if (e.name === 'TimeoutError')
        return { ok: false, detail: 'no response in time', answered: false };
    if (e.name === 'AbortError')
        return { ok: false, detail: 'aborted', answered: false };
    const code = e.cause?.code;
    const answered = answeredFailure(e.cause);
    if (answered)
        return { ok: false, detail: answered, answered: true };
    return {
        ok: false,
        detail: code ?? e.cause?.message ?? e.message ?? String(err),
        answered: false
    };
}
/** The start of a wrong answer's body, quoted so no line break or markup survives. */
function bodyExcerpt(body) {
    const clipped = body.length > BODY_EXCERPT ? `${body.slice(0, BODY_EXCERPT)}…` : body;
    return JSON.stringify(plainText(clipped));
}
async function probeOnce(p, signal, timeoutMs = ATTEMPT_TIMEOUT_MS) {
    try {
        // node:http, not fetch: see util/http.ts.
        const res = await nodeFetch(p.url, {
            signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
            redirect: 'manual'
        });
        const statusOk = p.status !== undefined ? res.status === p.status : res.status >= 200 && res.status < 300;
        if (!statusOk) {
            const body = await res.textUpTo(BODY_EXCERPT + 1);
            const excerpt = body.trim() ? `, body ${bodyExcerpt(body)}` : '';
            return { ok: false, detail: `status ${res.status}${excerpt}`, answered: true };
        }
        if (p.body) {
            const body = await res.textUpTo(MAX_BODY);
            if (!p.body.test(body)) {
                const detail = `status ${res.status}, body did not match: ${bodyExcerpt(body)}`;
                return { ok: false, detail, answered: true };
            }
        }
        else {
            await res.body?.cancel().catch(() => undefined);
        }
        return { ok: true, detail: `status ${res.status}`, answered: true };
    }
    catch (err) {
        return errorAttempt(err);
    }
}

;// CONCATENATED MODULE: ./src/smoke/checks.ts
/**
 * The check plan of one scenario: which checks must pass, and what happens after they have.
 * Pure, so every combination of inputs is unit-tested without an engine.
 */


function planChecks(s, imageHasHealthcheck) {
    const checks = [
        ...s.logPatterns.map((p, index) => ({
            kind: 'log',
            name: `log ${describePattern(p)}`,
            index
        })),
        ...s.http.map((p, index) => ({
            kind: 'http',
            name: `http ${describeProbe(p)}`,
            index
        }))
    ];
    // A batch job (exit code expected) is not judged by a service health check it inherited.
    const wantHealth = s.health === 'true' || (s.health === 'auto' && imageHasHealthcheck && s.exitCode === undefined);
    if (wantHealth)
        checks.push({ kind: 'health', name: 'health: healthy', index: 0 });
    if (s.exitCode !== undefined) {
        checks.push({ kind: 'exit', name: `exit code ${s.exitCode}`, index: 0 });
    }
    const noChecks = checks.length === 0;
    if (noChecks) {
        checks.push({ kind: 'settle', name: `stays up ${s.settleSec}s or exits 0`, index: 0 });
    }
    const plan = {
        checks,
        stayUpSec: noChecks || s.exitCode !== undefined ? 0 : s.settleSec,
        wantHealth
    };
    if (s.health === 'true' && !imageHasHealthcheck) {
        plan.impossible = 'smoke-health is true but the image declares no HEALTHCHECK';
    }
    return plan;
}
/** "3 s", "0.5 s": how the stay-up window and grace period are named in messages. */
function secondsText(sec) {
    return `${sec} s`;
}
function stayUpName(sec) {
    return `stays up ${secondsText(sec)} after ready`;
}

;// CONCATENATED MODULE: ./src/smoke/output-tail.ts
const TAIL_LINES = 200;
const TAIL_LINE_CHARS = 4096;
/** The last lines of a container's output in a fixed-size ring, for logs and reports. */
class OutputTail {
    maxLines;
    maxChars;
    ring = [];
    start = 0;
    dropped = 0;
    constructor(maxLines = TAIL_LINES, maxChars = TAIL_LINE_CHARS) {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }
    push(line) {
        const kept = line.length > this.maxChars
            ? `${line.slice(0, this.maxChars)}… [${line.length - this.maxChars} more characters]`
            : line;
        if (this.ring.length < this.maxLines) {
            this.ring.push(kept);
            return;
        }
        this.ring[this.start] = kept;
        this.start = (this.start + 1) % this.maxLines;
        this.dropped++;
    }
    lines() {
        return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
    }
}

;// CONCATENATED MODULE: ./src/smoke/scenario-report.ts
/**
 * The report of a decided scenario: every check with the time it passed (or failed) since
 * the container started; checks still open when the scenario ended count as failed then.
 */
function scenarioReport(name, state, tail, startedAt, now) {
    const decision = state.decision;
    if (!decision)
        throw new Error('smoke scenario ended without a decision');
    const checks = state.checks.map(c => {
        const passed = c.passedAt !== undefined && c.failedAt === undefined;
        const at = c.failedAt ?? c.passedAt ?? decision.at;
        const out = {
            name: c.check.name,
            result: passed ? 'passed' : 'failed',
            timeMs: Math.max(0, at - state.t0)
        };
        if (c.matchedLine !== undefined)
            out.matchedLine = c.matchedLine;
        return out;
    });
    const report = {
        name,
        result: decision.result,
        message: decision.message,
        durationMs: now - startedAt,
        checks,
        outputTail: tail.lines(),
        droppedLines: tail.dropped
    };
    if (decision.cause !== undefined)
        report.cause = decision.cause;
    if (state.exitCode !== undefined)
        report.exitCode = state.exitCode;
    return report;
}
/** A scenario that could not start: every planned check fails with the reason. */
function impossibleReport(name, plan, durationMs) {
    return {
        name,
        result: 'failed',
        message: plan.impossible ?? 'the scenario cannot run',
        durationMs,
        checks: plan.checks.map(c => ({ name: c.name, result: 'failed', timeMs: 0 })),
        outputTail: [],
        droppedLines: 0
    };
}

;// CONCATENATED MODULE: ./src/smoke/crash-cause.ts
/** `Error: boom`, `TypeError: x`, `Error [ERR_MODULE_NOT_FOUND]: …`, `MyAppError: …` */
const NODE_ERROR = /^(?:Uncaught )?(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception)(?: \[[\w-]+\])?(?::|$)/;
/** Lines inside a Python traceback that are not the exception that ends it. */
const PY_INSIDE = /^(?:\s|$|Traceback \(most recent call last\)|During handling of the above exception|The above exception was the direct cause)/;
const GO_HEAD = /^(?:panic|fatal error): /;
const GO_GOROUTINE = /^goroutine \d+ \[/;
/**
 * Finds the line that names why a process crashed, given the line a crash signature matched,
 * the lines before it, and then each following line until `done`. The signature line itself
 * (`Traceback (most recent call last):`, `Node.js v20.1.0`) rarely says what went wrong:
 * - Python: the exception line that ends the traceback;
 * - Node: the `Error: …` line (after a `throw` source line, or before the version banner);
 * - Go: the `panic: …` (or `fatal error: …`) line and the first frame of the goroutine;
 * - Java, and a user's own fail pattern: the matched line.
 */
class CauseFinder {
    kind;
    matched;
    found;
    goHead;
    goFrame = [];
    goInStack = false;
    constructor(kind, matched, before) {
        this.kind = kind;
        this.matched = matched;
        if (kind === 'node' && /^Node\.js v/.test(matched)) {
            this.found = [...before].reverse().find(l => NODE_ERROR.test(l)) ?? matched;
        }
        else if (kind === 'node' && !/^\s+throw /.test(matched)) {
            this.found = matched;
        }
        else if (kind === 'go') {
            this.goHead = GO_HEAD.test(matched)
                ? matched
                : ([...before].reverse().find(l => GO_HEAD.test(l)) ?? matched);
            this.goInStack = GO_GOROUTINE.test(matched);
        }
        else if (kind === undefined || kind === 'java') {
            this.found = matched;
        }
    }
    get done() {
        return this.found !== undefined;
    }
    push(line) {
        if (this.found !== undefined)
            return;
        if (this.kind === 'python') {
            if (!PY_INSIDE.test(line))
                this.found = line;
        }
        else if (this.kind === 'node') {
            if (NODE_ERROR.test(line))
                this.found = line;
        }
        else if (this.kind === 'go') {
            this.pushGo(line);
        }
    }
    /** The cause line, or the best guess when the output ended before it appeared. */
    cause() {
        if (this.found !== undefined)
            return this.found;
        if (this.kind === 'go')
            return this.goCause();
        return this.matched;
    }
    pushGo(line) {
        if (!this.goInStack) {
            this.goInStack = GO_GOROUTINE.test(line);
            return;
        }
        if (line.trim() === '')
            return;
        this.goFrame.push(line.trim());
        // A frame is the function line and its `\t/path/file.go:12 +0x1d` line.
        if (this.goFrame.length === 2)
            this.found = this.goCause();
    }
    goCause() {
        const head = this.goHead ?? this.matched;
        return this.goFrame.length > 0 ? `${head} (at ${this.goFrame.join(' ')})` : head;
    }
}

;// CONCATENATED MODULE: ./src/smoke/verdict.ts
/**
 * The verdict of one scenario as a small state machine: the runner feeds it events (output
 * lines, probe attempts, health statuses, the exit) with their time, and asks it when it next
 * needs a tick. It does no I/O and reads no clock, so every verdict is unit-tested directly.
 */






/** How long a crash may take to print the line that names its cause. */
const CAUSE_WAIT_MS = 1000;
/** Lines kept to look back from a signature that comes last (Node's version banner). */
const RECENT_LINES = 40;
const CRASH_LABEL = {
    python: 'Python exception',
    node: 'Node error',
    go: 'Go panic',
    java: 'Java exception'
};
class ScenarioState {
    s;
    plan;
    t0;
    checks;
    decision;
    exitCode;
    /** When every check had passed: the stay-up window starts here. */
    readyAt;
    matcher;
    recent = [];
    crash;
    graceFrom;
    lastProbe;
    healthStatus = 'not reported yet';
    constructor(s, plan, 
    /** When the container was started; check times are measured from here. */
    t0) {
        this.s = s;
        this.plan = plan;
        this.t0 = t0;
        this.matcher = new LogMatcher(s.logPatterns, s.failPatterns, s.logOrder);
        this.checks = plan.checks.map(check => ({ check }));
        this.graceFrom = s.http.map(() => (s.logPatterns.length === 0 ? undefined : Infinity));
        this.lastProbe = s.http.map(() => 'no attempt yet');
        this.maybeReady(t0);
    }
    /** The next time `tick` must be called, if any. */
    nextDeadline() {
        if (this.decision)
            return undefined;
        if (this.crash)
            return this.crash.deadline;
        if (this.readyAt !== undefined)
            return this.readyAt + this.plan.stayUpSec * 1000;
        const settle = this.find('settle');
        const timeout = this.t0 + this.s.timeoutSec * 1000;
        return settle ? Math.min(timeout, this.t0 + this.s.settleSec * 1000) : timeout;
    }
    tick(now) {
        const due = this.nextDeadline();
        if (due === undefined || now < due)
            return;
        if (this.crash)
            return this.decideCrash(now);
        if (this.readyAt !== undefined) {
            const stayUp = this.find('stay-up');
            if (stayUp)
                stayUp.passedAt = now;
            const after = `stayed up ${secondsText(this.plan.stayUpSec)} after ready`;
            return this.decide('passed', `all checks passed; ${after}`, now);
        }
        const settle = this.find('settle');
        if (settle && now >= this.t0 + this.s.settleSec * 1000) {
            settle.passedAt = now;
            return this.decide('passed', `the container stayed up for ${this.s.settleSec}s`, now);
        }
        this.decide('failed', `timed out after ${this.s.timeoutSec}s waiting for: ${this.waitingFor()}`, now);
    }
    /** One line of output (stdout or stderr); colour codes are ignored for matching. */
    line(raw, now) {
        if (this.decision)
            return;
        const line = plainText(raw);
        if (this.crash) {
            this.crash.finder.push(line);
            if (this.crash.finder.done)
                this.decideCrash(now);
            return;
        }
        const verdict = this.matcher.test(line);
        this.remember(line);
        if (verdict.failed)
            return this.startCrash(verdict.failed.pattern, line, now);
        for (const i of verdict.completed) {
            this.pass(this.checks[i], now, this.matcher.progress[i].matchedLine);
        }
        if (verdict.completed.length > 0 && this.matcher.done) {
            // The grace period for probes starts once the service says it is ready.
            for (const [i, from] of this.graceFrom.entries()) {
                if (from === Infinity)
                    this.graceFrom[i] = now;
            }
        }
        this.maybeReady(now);
    }
    /** Whether the runner should keep probing `index`. */
    probing(index) {
        return !this.decision && this.find('http', index)?.passedAt === undefined;
    }
    probe(index, a, now) {
        const check = this.find('http', index);
        if (this.decision || !check || check.passedAt !== undefined)
            return;
        if (a.ok) {
            this.pass(check, now, a.detail);
            return this.maybeReady(now);
        }
        this.lastProbe[index] = a.detail;
        if (this.graceFrom[index] === undefined && a.answered)
            this.graceFrom[index] = now;
        const from = this.graceFrom[index] ?? Infinity;
        if (now - from < this.s.httpGraceSec * 1000)
            return;
        check.failedAt = now;
        const grace = secondsText(this.s.httpGraceSec);
        this.decide('failed', `${describeProbe(this.s.http[index])}: got ${a.detail} after the ${grace} grace period (smoke-http-grace)`, now);
    }
    health(status, now, why = '') {
        if (this.decision)
            return;
        this.healthStatus = status;
        const check = this.find('health');
        if (status === 'healthy' && check) {
            this.pass(check, now);
            this.maybeReady(now);
        }
        else if (status === 'unhealthy') {
            const after = this.readyAt !== undefined ? ` ${this.sinceReady(now)} after ready` : '';
            this.decide('failed', `container became unhealthy${after}${why ? ` (last check ${why})` : ''}`, now);
        }
    }
    /** `docker run` itself failed: the container never ran. */
    dockerFailed(message, now) {
        this.decide('failed', message, now);
    }
    /** The container exited; every line it wrote has been fed in before this. */
    exited(code, now) {
        if (this.decision)
            return;
        this.exitCode = code;
        if (this.crash)
            return this.decideCrash(now);
        if (this.readyAt !== undefined) {
            const must = secondsText(this.plan.stayUpSec);
            const msg = `the container exited with code ${code} ${this.sinceReady(now)} after ready; a service must stay up ${must} (smoke-settle)`;
            return this.decide('failed', msg, now);
        }
        const exit = this.find('exit');
        if (exit && code !== this.s.exitCode) {
            return this.decide('failed', `the container exited with code ${code}, expected ${this.s.exitCode}`, now);
        }
        if (exit)
            exit.passedAt = now;
        const settle = this.find('settle');
        if (settle && code === 0)
            settle.passedAt = now;
        // "before: the container to stay up" would only restate the exit.
        const missing = this.waitingFor();
        if (missing || (code !== 0 && !exit)) {
            return this.decide('failed', `the container exited with code ${code}${missing ? ` before: ${missing}` : ''}`, now);
        }
        this.decide('passed', exit ? `exited with code ${code} as expected` : 'exited with code 0', now);
    }
    startCrash(pattern, line, now) {
        const check = {
            check: { kind: 'log', name: `fail-log /${pattern.source}/`, index: -1 },
            failedAt: now,
            matchedLine: line
        };
        this.checks.push(check);
        const finder = new CauseFinder(crashKind(pattern.source), line, this.recent);
        this.crash = { pattern, finder, check, deadline: now + CAUSE_WAIT_MS };
        if (finder.done)
            this.decideCrash(now);
    }
    decideCrash(now) {
        const crash = this.crash;
        const cause = crash.finder.cause();
        const kind = crashKind(crash.pattern.source);
        const clipped = cause.length > 300 ? `${cause.slice(0, 300)}…` : cause;
        const message = kind
            ? `the container crashed (${CRASH_LABEL[kind]}): ${clipped}`
            : `output matched fail pattern /${crash.pattern.source}/: ${JSON.stringify(clipped)}`;
        this.decide('failed', message, now, cause);
    }
    maybeReady(now) {
        if (this.decision || this.readyAt !== undefined || this.crash)
            return;
        if (this.checks.some(c => c.passedAt === undefined && c.check.kind !== 'settle'))
            return;
        if (this.find('settle'))
            return;
        if (this.plan.stayUpSec <= 0)
            return this.decide('passed', 'all checks passed', now);
        this.readyAt = now;
        this.checks.push({
            check: { kind: 'stay-up', name: stayUpName(this.plan.stayUpSec), index: 0 }
        });
    }
    pass(c, now, line) {
        if (!c || c.passedAt !== undefined)
            return;
        c.passedAt = now;
        if (line !== undefined)
            c.matchedLine = line;
    }
    decide(result, message, at, cause) {
        if (this.decision)
            return;
        this.decision = { result, message, at, ...(cause !== undefined ? { cause } : {}) };
    }
    find(kind, index = 0) {
        return this.checks.find(c => c.check.kind === kind && c.check.index === index);
    }
    waitingFor() {
        return this.checks
            .filter(c => c.passedAt === undefined && c.failedAt === undefined)
            .map(c => this.describe(c.check))
            .filter(Boolean)
            .join(', ');
    }
    describe(c) {
        switch (c.kind) {
            case 'log': {
                const p = this.matcher.progress[c.index];
                return describePattern(p.pattern, p.seen);
            }
            case 'http':
                return `${describeProbe(this.s.http[c.index])} (last: ${this.lastProbe[c.index]})`;
            case 'health':
                return `healthy (status: ${this.healthStatus})`;
            case 'exit':
                return `exit code ${this.s.exitCode}`;
            default:
                return '';
        }
    }
    sinceReady(now) {
        return secondsText(Math.round((now - (this.readyAt ?? now)) / 100) / 10);
    }
    remember(line) {
        this.recent.push(line);
        if (this.recent.length > RECENT_LINES)
            this.recent.shift();
    }
}

;// CONCATENATED MODULE: ./src/smoke/scenario.ts
/**
 * One scenario: run the container attached, so its output streams from the moment it is
 * created, feed every event into the verdict state, and stop as soon as it has decided.
 */










/** Resolves like `p`, or with undefined once `ms` have passed. */
function within(p, ms) {
    let timer;
    const timeout = new Promise(resolve => {
        timer = setTimeout(() => resolve(undefined), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
/** Re-arms one timer at the state's next deadline after every event; resolves once decided. */
class Referee {
    state;
    decided;
    announce = () => undefined;
    timer;
    constructor(state) {
        this.state = state;
        this.decided = new Promise(resolve => (this.announce = resolve));
    }
    /** Call after feeding the state an event. */
    update() {
        clearTimeout(this.timer);
        if (this.state.decision)
            return this.announce();
        const due = this.state.nextDeadline();
        if (due === undefined)
            return;
        this.timer = setTimeout(() => {
            this.state.tick(Math.max(Date.now(), due));
            this.update();
        }, Math.max(0, due - Date.now()));
    }
    stop() {
        clearTimeout(this.timer);
    }
}
/**
 * The container's events until the checks are known: `docker run` starts while the image's
 * HEALTHCHECK is still being looked up, and what it says meanwhile is replayed, with the time
 * it arrived, once the checks are planned.
 */
class EarlyEvents {
    queue = [];
    ref;
    push(event) {
        if (this.ref)
            event(this.ref);
        else
            this.queue?.push(event);
    }
    /** Replays the held events into `ref`, then passes later ones straight through. */
    open(ref) {
        const held = this.queue ?? [];
        this.queue = undefined;
        this.ref = ref;
        for (const event of held)
            event(ref);
    }
}
async function runScenario(r) {
    const started = Date.now();
    // health: true on an image with no HEALTHCHECK can never pass: known before any container.
    const planned = typeof r.imageHasHealthcheck === 'boolean'
        ? planChecks(r.scenario, r.imageHasHealthcheck)
        : undefined;
    if (planned?.impossible)
        return impossibleReport(r.scenario.name, planned, Date.now() - started);
    const tail = new OutputTail();
    const abort = new AbortController();
    const events = new EarlyEvents();
    let container;
    let health;
    let referee;
    try {
        r.onContainer?.(r.name);
        // The health stream starts after the container, with --since, so no status can be missed.
        const healthSince = (Date.now() - 1000) / 1000;
        const t0 = Date.now();
        container = startContainer(r, tail, events);
        const plan = planned ?? planChecks(r.scenario, await r.imageHasHealthcheck);
        if (plan.impossible)
            return impossibleReport(r.scenario.name, plan, Date.now() - started);
        const state = new ScenarioState(r.scenario, plan, t0);
        referee = new Referee(state);
        const ref = referee;
        if (plan.wantHealth)
            health = followHealth(r, healthSince, ref);
        events.open(ref);
        for (const i of r.scenario.http.keys())
            void probeLoop(r, i, abort.signal, ref);
        ref.update();
        await ref.decided;
    }
    finally {
        referee?.stop();
        abort.abort();
        health?.stop();
        const removal = removeAndDetach(r, container);
        if (referee?.state.decision?.result === 'passed' && r.deferRemoval)
            r.deferRemoval(removal);
        else
            await removal;
    }
    printOutput(r.scenario.name, tail);
    return scenarioReport(r.scenario.name, referee.state, tail, started, Date.now());
}
/**
 * `docker run` without `-d`: the client attaches before the container starts, so a line
 * written at start-up arrives as fast as a later one, and it exits with the container's code
 * once all output is delivered. The container keeps its fixed name and run label, which is
 * what removal, cancellation and the post step go by.
 */
function startContainer(r, tail, events) {
    const proc = r.docker.spawn(r.runArgs);
    const dockerSays = [];
    const onLine = (line) => {
        tail.push(line);
        const at = Date.now();
        events.push(ref => {
            ref.state.line(line, at);
            ref.update();
        });
    };
    const out = new LineSplitter(onLine);
    const err = new LineSplitter(line => {
        // The CLI's own errors ("docker: Error response from daemon: …") share the stream.
        if (line.startsWith('docker: '))
            dockerSays.push(line);
        onLine(line);
    });
    proc.stdout.on('data', (chunk) => out.push(chunk));
    proc.stderr.on('data', (chunk) => err.push(chunk));
    void proc.exited.then(code => {
        out.end();
        err.end();
        const at = Date.now();
        events.push(ref => {
            // 125: docker failed; 126/127: the command could not be started.
            if (dockerSays.length > 0 && code >= 125 && code <= 127) {
                ref.state.dockerFailed(`docker run failed: ${(0,cli/* usefulStderrLine */.nb)(dockerSays.join('\n'))}`, at);
            }
            else {
                ref.state.exited(code, at);
            }
            ref.update();
        });
    });
    return proc;
}
function followHealth(r, since, ref) {
    return watchHealth(r.docker, r.name, since, status => {
        if (status !== 'unhealthy') {
            ref.state.health(status, Date.now());
            ref.update();
            return;
        }
        const at = Date.now();
        void lastHealthOutput(r.docker, r.name).then(why => {
            ref.state.health(status, at, why);
            ref.update();
        });
    });
}
/** Probes every PROBE_RETRY_MS until the probe passes or the scenario is decided. */
async function probeLoop(r, i, signal, ref) {
    const redact = r.redact ?? ((t) => t);
    while (!signal.aborted && ref.state.probing(i)) {
        const a = await probeOnce(r.scenario.http[i], signal);
        if (signal.aborted)
            return;
        ref.state.probe(i, { ...a, detail: redact(a.detail) }, Date.now());
        ref.update();
        if (!ref.state.probing(i))
            return;
        await new Promise(resolve => {
            const timer = setTimeout(done, PROBE_RETRY_MS);
            function done() {
                clearTimeout(timer);
                signal.removeEventListener('abort', done);
                resolve();
            }
            signal.addEventListener('abort', done, { once: true });
        });
    }
}
/** Removing the container ends the attached client; its last buffered lines go to the tail. */
async function removeAndDetach(r, container) {
    await removeContainer(r.docker, r.name);
    if (container && (await within(container.exited, 2000)) === undefined)
        container.kill();
}
/** `rm -f` on every path; a container that is already gone is not an error. */
async function removeContainer(docker, name) {
    const res = await docker.exec(['rm', '-f', name], { allowFailure: true });
    if (res.exitCode !== 0 && !/no such container/i.test(res.stderr)) {
        core_warning(`could not remove smoke container ${name}: ${(0,cli/* usefulStderrLine */.nb)(res.stderr)}`);
    }
}
/**
 * Prints the kept tail in a collapsed group. Workflow commands are switched off around it so
 * a line like `::add-mask::` or `::set-output` from the image cannot act on the runner.
 */
function printOutput(name, tail) {
    const lines = tail.lines();
    startGroup(`Smoke scenario "${name}": container output (${lines.length} lines)`);
    const token = (0,external_node_crypto_.randomUUID)();
    core_info(`::stop-commands::${token}`);
    if (tail.dropped > 0)
        core_info(`… ${tail.dropped} earlier lines not kept`);
    for (const line of lines)
        core_info(line);
    core_info(`::${token}::`);
    endGroup();
}

;// CONCATENATED MODULE: ./src/smoke/run.ts





/**
 * Runs every planned scenario, one container at a time. A failing image yields a `failed`
 * report, never an exception; only broken plumbing (docker missing, unwritable temp dir) throws.
 */
async function runSmoke(docker, plan, opts, hooks = {}) {
    const started = Date.now();
    if (!opts.enabled || !plan) {
        const report = {
            result: 'skipped',
            message: 'smoke test disabled (smoke: false)',
            durationMs: 0,
            scenarios: []
        };
        return report;
    }
    const image = plan.image;
    const needsHealth = plan.runs.some(r => r.scenario.health !== 'false');
    // With health: auto the lookup runs while the first container starts (its answer only adds
    // a check); health: true must know first, so an image without one starts nothing.
    const lookup = needsHealth ? imageHasHealthcheck(docker, image) : Promise.resolve(false);
    lookup.catch(() => undefined);
    const mustKnow = plan.runs.some(r => r.scenario.health === 'true');
    const hasHealthcheck = mustKnow ? await lookup : lookup;
    const envFile = plan.envFile
        ? writeSecretEnvFile(opts.secrets, plan.envFile, hooks.onTempDir)
        : undefined;
    const scenarios = [];
    try {
        for (const [i, run] of plan.runs.entries()) {
            const scenario = run.scenario;
            const network = networkOf(run.argv);
            if (network === 'none' && scenario.http.length > 0) {
                core_warning(`smoke scenario "${scenario.name}": HTTP probes cannot reach a container on network none`);
            }
            core_info(`Smoke scenario "${scenario.name}": starting ${image}`);
            const report = await runScenario({
                docker,
                scenario,
                name: run.name,
                runArgs: run.argv,
                imageHasHealthcheck: hasHealthcheck,
                onContainer: hooks.onContainer,
                // Only the last: the next scenario may need the port this container holds.
                deferRemoval: i === plan.runs.length - 1 ? hooks.deferRemoval : undefined,
                redact: secretRedactor(opts.secrets)
            });
            // The caller turns a failed report into the step's error, so no annotation here.
            core_info((0,untrusted/* oneLine */.TN)(`Smoke scenario "${report.name}" ${report.result}: ${report.message}`));
            scenarios.push(report);
        }
    }
    finally {
        envFile?.remove();
    }
    const failed = scenarios.filter(s => s.result === 'failed');
    const report = {
        result: failed.length > 0 ? 'failed' : 'passed',
        message: failed.length === 0
            ? `${scenarios.length} smoke scenario${scenarios.length === 1 ? '' : 's'} passed`
            : failed
                .map(s => (scenarios.length > 1 ? `${s.name}: ${s.message}` : s.message))
                .join('; '),
        durationMs: Date.now() - started,
        scenarios
    };
    return report;
}
/** Hides smoke-secrets values in text from the container that goes into messages. */
function secretRedactor(secrets) {
    const values = secrets.map(([, v]) => v).filter(v => v.trim() !== '');
    return text => values.reduce((t, v) => t.split(v).join('***'), text);
}
/** The `--network` value of a planned `docker run`, if any. */
function networkOf(argv) {
    const i = argv.indexOf('--network');
    return i >= 0 ? argv[i + 1] : undefined;
}

;// CONCATENATED MODULE: ./src/util/markdown.ts
/**
 * Untrusted text in the job summary (image output, registry messages, branch names): GitHub
 * renders the summary as GitHub-flavoured markdown with HTML, so every character that can
 * start markup is escaped and autolinks are broken, and the text renders exactly as written.
 */
/**
 * Inline text: no HTML, no emphasis, no links (not even bare URLs or e-mail addresses), no
 * line breaks, and no block markup (heading, list, quote) at its start.
 */
function mdText(text) {
    return (text
        .replace(/\r\n|\r|\n/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        // Emphasis, code, links, images, strike-through, table pipes, escapes themselves.
        .replace(/[\\`*_[\]|~]/g, c => `\\${c}`)
        // Autolinks: `scheme://`, `www.` and `user@host` are recognised without brackets.
        .replace(/:\/\//g, '\\://')
        .replace(/\b(w)(ww)\./gi, '$1$2\\.')
        .replace(/@/g, '\\@')
        // Block markers only count at the start of a line.
        .replace(/^(\s*)([#>+=-])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'));
}
/** A table cell: inline text (pipes are escaped by mdText). */
function mdCell(text) {
    return mdText(text).trim();
}
/**
 * A code span: markdown and HTML are not interpreted inside backticks, so only a backtick run
 * in the text (which would close the span) and, in a table, a pipe need care.
 */
function mdCode(text, inTable = true) {
    let t = text.replace(/\r\n|\r|\n/g, ' ');
    if (inTable)
        t = t.replace(/\|/g, '\\|');
    if (t.trim() === '')
        return '';
    const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map(r => r.length));
    const ticks = '`'.repeat(longest + 1);
    const pad = t.startsWith('`') || t.endsWith('`') || longest > 0 ? ' ' : '';
    return `${ticks}${pad}${t}${pad}${ticks}`;
}

;// CONCATENATED MODULE: ./src/smoke/report-markdown.ts


const SUMMARY_OUTPUT_LINES = 50;
/** A passing scenario shows a short excerpt, collapsed: enough to see the image start. */
const SUMMARY_EXCERPT_LINES = 10;
const ICON = {
    passed: '✅',
    failed: '❌',
    skipped: '⏭️',
    pending: '…'
};
/** Table cells and headings: no HTML, no markdown, no links from the image's output. */
function cell(text) {
    return mdCell(plainText(text).replace(/\s+/g, ' '));
}
function codeSpan(text) {
    return mdCode(plainText(text.length > 300 ? `${text.slice(0, 300)}…` : text));
}
/** A fence longer than any backtick run in the content, so output cannot close it. */
function fenced(lines) {
    const body = lines.map(plainText).join('\n');
    const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map(r => r.length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}text\n${body}\n${fence}`;
}
function scenarioMarkdown(s) {
    const parts = [
        `#### ${ICON[s.result]} ${cell(s.name)}: ${s.result} in ${formatMs(s.durationMs)}`,
        '',
        cell(s.message),
        ''
    ];
    if (s.checks.length > 0) {
        parts.push('| Check | Result | Time | Matching line |', '| --- | --- | --- | --- |');
        for (const c of s.checks) {
            parts.push(`| ${cell(c.name)} | ${ICON[c.result]} ${c.result} | ${formatMs(c.timeMs)} | ${codeSpan(c.matchedLine ?? '')} |`);
        }
        parts.push('');
    }
    if (s.outputTail.length > 0) {
        const failed = s.result === 'failed';
        const lines = s.outputTail.slice(-(failed ? SUMMARY_OUTPUT_LINES : SUMMARY_EXCERPT_LINES));
        parts.push(failed ? '<details open>' : '<details>', `<summary>Last ${lines.length} lines of container output</summary>`, '', fenced(lines), '', '</details>', '');
    }
    return parts.join('\n');
}
/** Markdown for the job summary: one table of checks per scenario and its output tail. */
function smokeSummaryMarkdown(report) {
    return smokeSummarySections(report).join('\n');
}
/** The same, one section per scenario, so an oversized summary can cut the longest ones. */
function smokeSummarySections(report) {
    const head = [
        `### ${ICON[report.result]} Smoke test ${report.result} (${formatMs(report.durationMs)})`,
        '',
        cell(report.message),
        ''
    ];
    return [head.join('\n'), ...report.scenarios.map(scenarioMarkdown)];
}

;// CONCATENATED MODULE: ./src/smoke/report-junit.ts

function xml(text) {
    return plainText(text)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/[\uD800-\uDFFF\uFFFE\uFFFF]/g, '\uFFFD');
}
const sec = (ms) => (ms / 1000).toFixed(3);
function suite(s) {
    const cases = s.checks.map(c => {
        const open = `    <testcase classname="smoke.${xml(s.name)}" name="${xml(c.name)}" time="${sec(c.timeMs)}"`;
        if (c.result === 'passed')
            return `${open}/>`;
        const why = c.matchedLine !== undefined ? `matched: ${c.matchedLine}` : s.message;
        return `${open}>\n      <failure message="${xml(s.message)}">${xml(why)}</failure>\n    </testcase>`;
    });
    // A scenario can fail with every listed check green (e.g. docker run itself failed).
    if (s.result === 'failed' && !s.checks.some(c => c.result === 'failed')) {
        cases.push(`    <testcase classname="smoke.${xml(s.name)}" name="scenario" time="${sec(s.durationMs)}">\n      <failure message="${xml(s.message)}"/>\n    </testcase>`);
    }
    const failures = cases.filter(c => c.includes('<failure')).length;
    const out = s.outputTail.map(xml).join('\n');
    return [
        `  <testsuite name="smoke.${xml(s.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${sec(s.durationMs)}">`,
        ...cases,
        `    <system-out>${out}</system-out>`,
        '  </testsuite>'
    ].join('\n');
}
/** JUnit XML: a suite per scenario and a test case per check, for test-report actions. */
function junitXml(report) {
    const suites = report.result === 'skipped'
        ? [
            '  <testsuite name="smoke" tests="1" failures="0" errors="0" skipped="1" time="0.000">',
            `    <testcase classname="smoke" name="smoke test"><skipped message="${xml(report.message)}"/></testcase>`,
            '  </testsuite>'
        ].join('\n')
        : report.scenarios.map(suite).join('\n');
    const tests = report.result === 'skipped' ? 1 : (suites.match(/<testcase /g) ?? []).length;
    const failures = (suites.match(/<failure /g) ?? []).length;
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="smoke" tests="${tests}" failures="${failures}" time="${sec(report.durationMs)}">`,
        suites,
        '</testsuites>',
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/smoke/run-args.ts
const RUN_LABEL = 'build-tag-push.run';
/** Docker names allow [a-zA-Z0-9_.-] and must start alphanumeric. */
function containerName(runId, index) {
    const safe = runId.replace(/[^a-zA-Z0-9_.-]/g, '-');
    return `btp-${safe}-${index}`;
}
/**
 * The `docker run` argv for one scenario: pure, so every flag combination is unit-tested.
 * No `-d`: the runner stays attached from creation, so no start-up line is replayed late.
 */
function scenarioRunArgs(s, image, target) {
    // Never pull: the image under test is the one just built, not whatever a registry has.
    const args = ['run', '--pull', 'never', '--name', target.name];
    args.push('--label', `${RUN_LABEL}=${target.runId}`);
    const network = s.network ?? target.defaultNetwork;
    if (network)
        args.push('--network', network);
    if (target.platform)
        args.push('--platform', target.platform);
    for (const p of s.ports)
        args.push('-p', p);
    for (const [k, v] of s.env)
        args.push('-e', `${k}=${v}`);
    if (target.envFile)
        args.push('--env-file', target.envFile);
    if (s.user)
        args.push('--user', s.user);
    if (s.workdir)
        args.push('--workdir', s.workdir);
    args.push(image);
    if (s.command)
        args.push(...s.command);
    args.push(...s.args);
    return args;
}
/**
 * The `docker run` of every scenario, in order: the one function both the printed plan and
 * the smoke runner take their argv from.
 */
function smokeRunArgs(opts, image, run) {
    return opts.scenarios.map((scenario, i) => {
        const name = containerName(run.runId, i);
        const argv = scenarioRunArgs(scenario, image, {
            name,
            runId: run.runId,
            defaultNetwork: run.defaultNetwork,
            envFile: opts.secrets.length > 0 ? run.envFile : undefined,
            platform: run.platform
        });
        return { scenario, name, argv };
    });
}
/**
 * Without a default bridge (a loopback-only engine) containers need an explicit network:
 * the host's when an HTTP probe must reach them, else none.
 */
function defaultSmokeNetwork(opts, hasBridge) {
    if (hasBridge)
        return undefined;
    return opts.scenarios.some(s => s.http.length > 0) ? 'host' : 'none';
}

;// CONCATENATED MODULE: ./src/smoke/index.ts






;// CONCATENATED MODULE: ./src/plan/build-context.ts

/** A remote context (a git URL or tarball, as build-push-action accepts) goes to docker as is. */
function isRemoteContext(context) {
    return /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context);
}
/** The build context and Dockerfile as docker gets them: local paths resolved against the workspace. */
function contextPaths(opts, workspace) {
    const local = (p) => ((0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.resolve)(workspace, p));
    return {
        context: isRemoteContext(opts.context) ? opts.context : local(opts.context),
        file: opts.file ? local(opts.file) : ''
    };
}

;// CONCATENATED MODULE: ./src/build/platforms.ts
/**
 * Which platforms a build makes, which one the smoke test runs, and how the result reaches the
 * registry, decided from the inputs and what the engine and builder can do. Pure.
 */

/** `linux/arm64/v8` is how some tools spell linux/arm64; compare them as equal. */
function samePlatform(a, b) {
    const norm = (p) => p.toLowerCase().replace(/^(linux\/arm64)\/v8$/, '$1');
    return norm(a) === norm(b);
}
/** docker info's `Architecture` (uname -m) as an OCI platform. */
function platformOf(os, machine) {
    const arch = {
        x86_64: 'amd64',
        amd64: 'amd64',
        aarch64: 'arm64',
        arm64: 'arm64',
        armv7l: 'arm/v7',
        ppc64le: 'ppc64le',
        s390x: 's390x',
        riscv64: 'riscv64'
    };
    return `${os || 'linux'}/${arch[machine] ?? machine}`;
}
const MULTI_PLATFORM_HELP = 'add docker/setup-buildx-action (a docker-container builder) before this step, or use an engine with the containerd image store ("features": {"containerd-snapshotter": true} in daemon.json)';
function planPlatforms(requested, smokePlatformInput, caps) {
    const native = caps.nativePlatform;
    const loadsIndex = caps.driver === 'docker' && caps.containerdStore === true;
    const keepsAttestations = loadsIndex || caps.driver !== 'docker';
    if (requested.length > 1 && caps.driver === 'docker' && caps.containerdStore !== true) {
        throw new errors/* InputError */.dz('platforms', `${requested.join(',')} needs a builder that can hold more than one platform, and this engine's classic image store holds one per tag: ${MULTI_PLATFORM_HELP}`);
    }
    // A builder outside the engine loses attestations on --load, so it pushes them itself.
    const path = caps.driver !== 'docker' ? 'builder-push' : 'load';
    const built = requested.length > 0 ? requested.join(', ') : `${native} (the engine's own)`;
    let smokePlatform = '';
    let note;
    if (smokePlatformInput) {
        smokePlatform = smokePlatformInput;
        note = `Built ${built}; smoke-testing ${smokePlatform} (smoke-platform)`;
    }
    else if (requested.length === 0 || requested.some(p => samePlatform(p, native))) {
        smokePlatform = requested.find(p => samePlatform(p, native)) ?? native;
        note = `Built ${built}; smoke-testing ${smokePlatform}, the runner's platform`;
    }
    else {
        note = `Built ${built}; none of them is the runner's platform (${native}), so nothing is smoke-tested. Set smoke-platform to test one under emulation`;
    }
    return {
        path,
        platforms: [...requested],
        smokePlatform,
        emulated: smokePlatform !== '' && !samePlatform(smokePlatform, native),
        note,
        keepsAttestations
    };
}

;// CONCATENATED MODULE: ./src/build/buildkit-build.ts
/**
 * The BuildKit half of a build: which platforms, which output flags, and whether
 * attestations, annotations and cache export can work with this engine and builder. Errors
 * name the input and what to add, before anything is built.
 */



const wantsAttestation = (v) => v !== '' && v.toLowerCase() !== 'false';
/** `type=registry,...` → registry; a bare `user/app:cache` is a registry ref. */
function cacheType(spec) {
    return /(?:^|,)type=([^,]+)/.exec(spec)?.[1] ?? 'registry';
}
/**
 * Whether the plan depends on the engine's image store or the runner's platform: without
 * `platforms`, `smoke-platform`, attestations or an exported cache, the default docker
 * driver builds, loads and pushes the same way on either store.
 */
function needsStoreFacts(o, cacheTo) {
    return (o.platforms.length > 0 ||
        o.smokePlatform !== '' ||
        wantsAttestation(o.provenance) ||
        wantsAttestation(o.sbom) ||
        cacheTo.some(c => cacheType(c) !== 'inline'));
}
function planBuildkit(o, caps, run) {
    const platform = planPlatforms(o.platforms, o.smokePlatform, caps);
    const notices = [];
    // Unknown (not asked) only when nothing below depends on it: see probeBuildCapabilities.
    const classicDocker = caps.driver === 'docker' && caps.containerdStore === false;
    if (classicDocker) {
        for (const [name, value] of [
            ['provenance', o.provenance],
            ['sbom', o.sbom]
        ]) {
            if (wantsAttestation(value)) {
                throw new errors/* InputError */.dz(name, `attestations cannot reach the registry from this engine: its classic image store drops them when the image is loaded for the smoke test. ${MULTI_PLATFORM_HELP[0]?.toUpperCase()}${MULTI_PLATFORM_HELP.slice(1)}`);
            }
        }
        const exported = run.cacheTo.filter(c => cacheType(c) !== 'inline');
        if (exported.length > 0) {
            throw new errors/* InputError */.dz('cache-to', `${exported[0]}: the default docker driver cannot export a cache (only type=inline) on an engine with the classic image store. Add docker/setup-buildx-action (driver docker-container) before this step and keep builder empty (or name it in "builder"), or use type=inline`);
        }
        if (run.annotations.length > 0) {
            notices.push('Annotations are not applied: this engine keeps images in the classic store, which drops them. The annotations output lists them for other tools.');
        }
    }
    const outputFlags = [];
    if (platform.path === 'load')
        outputFlags.push('--load');
    for (const out of o.outputs)
        outputFlags.push('--output', out);
    if (platform.path === 'builder-push') {
        const full = (platforms, attestations, annotations) => buildkitArgv(o, { platforms, annotations, attestations });
        const loaded = platform.smokePlatform
            ? [platform.smokePlatform]
            : platform.platforms.slice(0, 1);
        return {
            platform,
            buildxArgs: ['--load', ...outputFlags, ...full(loaded, false, [])],
            ...(platform.platforms.length > 1
                ? { prebuildArgs: full(platform.platforms, true, run.annotations) }
                : {}),
            pushArgs: ['--push', ...full(platform.platforms, true, run.annotations)],
            notices
        };
    }
    return {
        platform,
        buildxArgs: [
            ...outputFlags,
            ...buildkitArgv(o, {
                platforms: platform.platforms,
                annotations: classicDocker ? [] : run.annotations,
                attestations: platform.keepsAttestations
            }),
            ...(unaskedProvenanceOff(o) ? ['--provenance=false'] : [])
        ],
        notices
    };
}
/**
 * A one-platform build on the docker driver attaches no provenance unless `provenance` asks for
 * it. buildx's default attestation records the build's start time and a random invocation id,
 * so on the containerd store every build, even a fully cached one, would get a new image id:
 * a rerun could never be recognised as unchanged and a rebuild of the same commit never
 * reproduces. With `platforms`, buildx's default stays.
 */
function unaskedProvenanceOff(o) {
    return o.provenance === '' && o.platforms.length === 0 && o.smokePlatform === '';
}

;// CONCATENATED MODULE: ./src/plan/build-plan.ts






/** Named after the run, so two runs of the same inputs differ only under RUNNER_TEMP. */
function runTempDir(tempRoot, kind, runId) {
    return (0,external_node_path_.join)(tempRoot, `btp-${kind}-${runId}`);
}
/** buildx when asked for or (auto) when the plugin is there; fails on combinations it cannot do. */
function chooseBuilder(input) {
    const { opts, engine } = input;
    if (opts.buildx === 'true' && !engine.buildx) {
        throw new errors/* InputError */.dz('buildx', 'is true, but the docker buildx plugin is not installed');
    }
    const useBuildx = opts.buildx === 'true' || (opts.buildx === 'auto' && engine.buildx);
    const bk = opts.buildkit;
    if (!useBuildx && (bk.platforms.length > 0 || bk.builder || bk.pushByDigest)) {
        const name = bk.platforms.length > 0 ? 'platforms' : bk.builder ? 'builder' : 'push-by-digest';
        throw new errors/* InputError */.dz(name, 'needs buildx: install the buildx plugin (docker/setup-buildx-action) and keep buildx: auto');
    }
    // The classic builder ignores `--secret`; fail before a build that would silently lack it.
    if (input.secrets.length > 0)
        requireBuildKit(useBuildx);
    if (opts.cacheTo.length > 0 && !useBuildx) {
        throw new errors/* InputError */.dz('cache-to', 'needs buildx (install the buildx plugin or set buildx: auto)');
    }
    return useBuildx;
}
/** The BuildKit half (platforms, attestations, output flags) once buildx builds. */
function planBuildkitPart(input, useBuildx) {
    if (!useBuildx)
        return undefined;
    // A dry run without an engine knows nothing of the builder: assume the default one.
    const caps = input.engine.build ?? {
        containerdStore: false,
        nativePlatform: 'linux/amd64',
        driver: 'docker'
    };
    return planBuildkit(input.opts.buildkit, caps, {
        annotations: input.annotations,
        cacheTo: input.opts.cacheTo
    });
}
/** The builder-push path's final `--push` build, with the digest read from its metadata file. */
function planBuilderPush(step, tempRoot, runId) {
    const metadataFile = (0,external_node_path_.join)(runTempDir(tempRoot, 'push', runId), 'metadata.json');
    const withArgs = (extra) => replaceOutputArgs(step.command.argv, [...extra, '--metadata-file', metadataFile]);
    return {
        command: {
            phase: 'push',
            argv: withArgs(step.buildkit?.pushArgs ?? []),
            ...(step.command.env ? { env: step.command.env } : {})
        },
        metadataFile
    };
}
/** `buildx build <output args> --iidfile …`: swaps the output args for another set. */
function replaceOutputArgs(argv, outputArgs) {
    const at = argv.indexOf('--iidfile');
    return ['buildx', 'build', ...outputArgs, ...argv.slice(at)];
}
const CREATED = 'org.opencontainers.image.created=';
/**
 * BuildKit dates the image config, its history and (where the exporter can rewrite them) the
 * layer files from the SOURCE_DATE_EPOCH build-arg. It gets the image's `created` label, which
 * is SOURCE_DATE_EPOCH, else the commit's time, else the run's: so the image's own date is
 * its label's, and a rebuild of the same commit gives the same config. A build-arg of that
 * name given by the user wins. (Engine 20.10's BuildKit ignores it; see README.)
 */
function withSourceDateEpoch(buildArgs, labels) {
    if (buildArgs.some(([k]) => k === 'SOURCE_DATE_EPOCH'))
        return buildArgs;
    const created = labels.findLast(l => l.startsWith(CREATED))?.slice(CREATED.length) ?? '';
    const ms = Date.parse(created);
    if (!Number.isFinite(ms) || ms < 0)
        return buildArgs;
    return [...buildArgs, ['SOURCE_DATE_EPOCH', String(Math.floor(ms / 1000))]];
}
function planBuild(input) {
    const { opts, engine, runId, tempRoot } = input;
    const useBuildx = chooseBuilder(input);
    const buildkit = planBuildkitPart(input, useBuildx);
    const secretDir = runTempDir(tempRoot, 'secrets', runId);
    const { mounts, files } = placeSecrets(input.secrets, secretDir);
    const iidFile = (0,external_node_path_.join)(runTempDir(tempRoot, 'build', runId), 'iid');
    const paths = contextPaths(opts, input.workspace);
    const argv = buildArgv({
        context: paths.context,
        file: paths.file,
        tags: input.targets.map(t => t.ref),
        labels: input.labels,
        buildArgs: useBuildx ? withSourceDateEpoch(opts.buildArgs, input.labels) : opts.buildArgs,
        target: opts.target,
        pull: opts.pull,
        noCache: opts.noCache,
        // BuildKit's RUN steps need a network the engine has; without a bridge, use the host's.
        network: opts.network || (useBuildx && !engine.hasBridge ? 'host' : ''),
        secrets: mounts,
        cacheFrom: opts.cacheFrom,
        cacheTo: opts.cacheTo,
        iidFile,
        useBuildx,
        ...(buildkit ? { buildxArgs: buildkit.buildxArgs } : {})
    });
    const metadataFile = buildkit?.platform.path === 'load' && opts.buildkit.outputs.length === 0
        ? (0,external_node_path_.join)(runTempDir(tempRoot, 'build', runId), 'metadata.json')
        : undefined;
    if (metadataFile)
        argv.splice(argv.indexOf('--iidfile') + 2, 0, '--metadata-file', metadataFile);
    const env = useBuildx ? undefined : { DOCKER_BUILDKIT: '0' };
    const prebuild = buildkit?.prebuildArgs
        ? { phase: 'build', argv: replaceOutputArgs(argv, buildkit.prebuildArgs) }
        : undefined;
    return {
        kind: 'build',
        ...(prebuild ? { prebuild } : {}),
        ...(buildkit ? { buildkit } : {}),
        // The legacy builder is only reachable by switching BuildKit off explicitly once the
        // buildx plugin is installed, because the CLI then routes `docker build` to buildx.
        command: { phase: 'build', argv, ...(env ? { env } : {}) },
        useBuildx,
        ...(isRemoteContext(opts.context) ? {} : { localContext: paths.context }),
        iidFile,
        ...(metadataFile ? { metadataFile } : {}),
        secretDir: files.length > 0 ? secretDir : undefined,
        secretFiles: files
    };
}
/** The `image` input: every target becomes a `docker tag` of the existing image. */
function planExistingImage(image, targets) {
    return {
        kind: 'existing',
        image,
        commands: targets.map(t => ({ phase: 'build', argv: tagArgv(image, t.ref) }))
    };
}

;// CONCATENATED MODULE: ./src/plan/push-policy.ts

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
function listed(items) {
    return items.length > 0 ? items.join(', ') : 'none';
}
/**
 * Whether this run pushes. A release (a tag push, or `push: true`) that would publish
 * nothing fails before the build, so a typo such as `imagez:` cannot give a green release
 * job; other events keep building and smoke-testing, and the log says why nothing is pushed.
 */
function decidePush(opts, facts) {
    const d = { push: false, notices: [], warnings: [] };
    const wanted = opts.push === 'true' || (opts.push === 'auto' && !PULL_REQUEST_EVENTS.includes(facts.eventName));
    if (!wanted) {
        d.reason = `Not pushing (push: ${opts.push}, event: ${facts.eventName || 'none'}).`;
        return d;
    }
    const release = opts.push === 'true' || facts.ref.startsWith('refs/tags/');
    const why = opts.push === 'true' ? '"push" is true' : `this is a tag push (${facts.ref})`;
    const refs = facts.targets.map(t => t.ref);
    if (!facts.imagesFromInput) {
        if (release) {
            throw new errors/* InputError */.dz('images', `is required when ${why}: no image name was given, so nothing would be published ` +
                `(resolved tags: ${listed(refs)}). Set it, for example ghcr.io/OWNER/APP; without it the image stays local`);
        }
        d.warnings.push('No "images" input: the image is built and smoke-tested but stays local. Set "images" to publish it.');
        d.reason = 'Not pushing: no "images" input, so the image was only built locally.';
        return d;
    }
    if (facts.forkPullRequest) {
        d.notices.push('Pull request from a fork: it has no registry secrets, so login and push are skipped.');
        d.reason = 'Not pushing: pull request from a fork.';
        return d;
    }
    if (facts.images.length === 0) {
        // Bare tags would be pushed to Docker Hub's library namespace: never what was meant.
        d.notices.push('Every image in "images" has enable=false, so nothing is pushed.');
        d.reason = 'Not pushing: every image is disabled.';
        return d;
    }
    if (facts.targets.length === 0 && !facts.digestOnly) {
        if (release) {
            throw new errors/* InputError */.dz('tags', `no tag resolved for ${facts.ref || 'this ref'} (event: ${facts.eventName || 'none'}), ` +
                `so ${why} would publish nothing (images: ${listed(facts.images)}; resolved tags: none). ` +
                'Check the rules, for example a semver pattern on a ref that is not a version');
        }
        d.notices.push(`No tag resolved for ${facts.ref || 'this ref'} (event: ${facts.eventName || 'none'}), so nothing is pushed.`);
        d.reason = 'Not pushing: no tag resolved.';
        return d;
    }
    d.push = true;
    return d;
}

;// CONCATENATED MODULE: ./src/plan/targets.ts
/**
 * Every image × tag of the run, built from the structured metadata (never by splitting
 * `image:tag` strings). Without any enabled image the tags stay bare, as metadata-action
 * prints them.
 */
function imageTargets(meta) {
    const images = meta.images.length > 0 ? meta.images : [''];
    return images.flatMap(image => meta.tags.map(t => ({
        image,
        tag: t.tag,
        ref: image ? `${image}:${t.tag}` : t.tag,
        floating: t.floating
    })));
}

;// CONCATENATED MODULE: ./src/util/pool.ts
/**
 * Runs `fn` over `items` with at most `limit` calls in flight, and returns the results in the
 * items' order (not completion order), so reports stay in the planned order.
 */
async function mapPool(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    // Each worker takes the next unstarted item when its own finishes; a rejection stops that
    // worker and rejects the whole call (callers here never reject: they return outcomes).
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    const width = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
    await Promise.all(Array.from({ length: width }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/registry/deadline.ts
/**
 * One overall deadline for the push phase (`push-deadline`), shared by the login, the tag
 * listing, every push attempt and the read-back. Without it a registry that accepts
 * connections and then stalls holds the runner for tags × attempts × push-timeout.
 */
/** The deadline ran out: never retried, and the push report says what was published. */
class DeadlineError extends Error {
    seconds;
    constructor(seconds, what) {
        super(`push-deadline of ${seconds}s ran out before ${what}`);
        this.seconds = seconds;
        this.name = 'DeadlineError';
    }
}
class Deadline {
    seconds;
    now;
    endsAt;
    controller = new AbortController();
    timer;
    /** `seconds` 0 means no deadline. */
    constructor(seconds, now = Date.now) {
        this.seconds = seconds;
        this.now = now;
        this.endsAt = seconds > 0 ? now() + seconds * 1000 : Infinity;
        if (seconds > 0) {
            this.timer = setTimeout(() => this.controller.abort(new DeadlineError(seconds, 'the request finished')), seconds * 1000);
            this.timer.unref();
        }
    }
    /** Aborts HTTP requests when the deadline passes. */
    get signal() {
        return this.controller.signal;
    }
    remainingMs() {
        return Math.max(0, this.endsAt - this.now());
    }
    get expired() {
        return this.remainingMs() <= 0;
    }
    /** Throws a DeadlineError naming the step that cannot start any more. */
    check(what) {
        if (this.expired)
            throw new DeadlineError(this.seconds, what);
    }
    /** An attempt timeout cut to what is left of the deadline (0 or undefined: no own limit). */
    cap(timeoutMs) {
        if (this.endsAt === Infinity)
            return timeoutMs;
        const left = Math.max(1, this.remainingMs());
        return timeoutMs && timeoutMs > 0 ? Math.min(timeoutMs, left) : left;
    }
    dispose() {
        if (this.timer)
            clearTimeout(this.timer);
    }
}

;// CONCATENATED MODULE: ./src/registry/retry.ts
/**
 * Registry faults are routine (a 502 from a load balancer, a 429 from a rate limiter, a
 * connection reset halfway through a layer), so every registry operation runs through
 * `withRetry`. Only failures that another attempt can fix are retried: a wrong password or a
 * missing repository fails at once with the registry's own words, so the user sees the real
 * problem instead of a minute of backoff.
 */


// Permanent patterns win over transient ones: "unauthorized" next to an EOF in the same
// output means the credentials are wrong, and retrying would only lock the account.
const PERMANENT = [
    { re: /\b(401|403)\b[^\n]*\b(unauthorized|forbidden)\b/i, reason: 'HTTP 401/403' },
    { re: /\bstatus:? (401|403)\b/i, reason: 'HTTP 401/403' },
    { re: /\bunauthorized\b/i, reason: 'unauthorized' },
    { re: /\bauthentication required\b/i, reason: 'authentication required' },
    { re: /\bforbidden\b/i, reason: 'forbidden' },
    { re: /\bdenied\b/i, reason: 'denied' },
    { re: /\bname unknown\b/i, reason: 'name unknown' },
    { re: /\bname invalid\b/i, reason: 'name invalid' },
    { re: /\bmanifest invalid\b/i, reason: 'manifest invalid' },
    { re: /\bmanifest unknown\b/i, reason: 'manifest unknown' },
    { re: /\bno such manifest\b/i, reason: 'no such manifest' },
    { re: /\bblob unknown\b/i, reason: 'blob unknown' },
    { re: /\bunsupported\b/i, reason: 'unsupported' },
    { re: /\binvalid reference format\b/i, reason: 'invalid reference format' },
    { re: /\bno basic auth credentials\b/i, reason: 'no credentials' },
    { re: /\bincorrect username or password\b/i, reason: 'wrong credentials' },
    { re: /\bAn image does not exist locally\b/i, reason: 'no such local image' },
    { re: /\bno such image\b/i, reason: 'no such local image' }
];
const TRANSIENT = [
    { re: /\b429\b|\btoo ?many ?requests\b/i, reason: 'rate limited (429)' },
    {
        re: /\b(?:HTTP status|status code|status):? ?5\d\d\b|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
        reason: 'HTTP 5xx'
    },
    {
        re: /\b(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
        reason: 'HTTP 5xx'
    },
    { re: /\bconnection reset by peer\b/i, reason: 'connection reset' },
    { re: /\bconnection refused\b/i, reason: 'connection refused' },
    { re: /\bTLS handshake timeout\b/i, reason: 'TLS handshake timeout' },
    { re: /\bi\/o timeout\b/i, reason: 'i/o timeout' },
    { re: /\bbroken pipe\b/i, reason: 'broken pipe' },
    { re: /\bcontext deadline exceeded\b|\bClient\.Timeout exceeded\b/i, reason: 'timeout' },
    { re: /\btimed out\b|\btimeout awaiting response headers\b/i, reason: 'timeout' },
    { re: /\bserver closed idle connection\b/i, reason: 'connection closed' },
    { re: /\bunexpected EOF\b|\bEOF\b/, reason: 'EOF' }
];
/** Reads `Retry-After: 7`, `retry after 7s`, `retry-after=7` (seconds) out of the output. */
function retryAfterMs(text) {
    const m = /retry[- ]after[:= ]\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?\b/i.exec(text);
    if (!m)
        return undefined;
    const n = Number(m[1]);
    if (!Number.isFinite(n))
        return undefined;
    return m[2] === 'ms' ? Math.round(n) : Math.round(n * 1000);
}
/**
 * Decides whether a failed docker command is worth another attempt, from its stderr. Unknown
 * failures are permanent: retrying what we do not understand only delays the error.
 */
function classifyDockerFailure(stderr) {
    // URLs carry repository names and base64 upload state; "acme/access-denied" or a stray
    // "-EOF-" in `_state=` must not decide the outcome.
    const text = stderr
        .replace(/"https?:\/\/[^"\s]*"/g, '"<url>"')
        .replace(/\bhttps?:\/\/\S+/g, '<url>');
    for (const p of PERMANENT)
        if (p.re.test(text))
            return { transient: false, reason: p.reason };
    for (const p of TRANSIENT) {
        if (!p.re.test(text))
            continue;
        const after = retryAfterMs(text);
        return after !== undefined
            ? { transient: true, reason: p.reason, retryAfterMs: after }
            : { transient: true, reason: p.reason };
    }
    return { transient: false, reason: 'unrecognised failure' };
}
/** Classifies any thrown value: docker failures by their stderr, others by their message. */
function classifyError(err) {
    if (err instanceof errors/* DockerError */.Bi) {
        return classifyDockerFailure(`${err.stderr}\n${err.stderrLine}`);
    }
    if (err instanceof Error) {
        const code = err.code;
        const text = code ? `${err.message}\n${code}` : err.message;
        if (code === 'ECONNRESET')
            return { transient: true, reason: 'connection reset' };
        if (code === 'ECONNREFUSED')
            return { transient: true, reason: 'connection refused' };
        if (code === 'ETIMEDOUT')
            return { transient: true, reason: 'timeout' };
        return classifyDockerFailure(text);
    }
    return classifyDockerFailure(String(err));
}
/**
 * Thrown when every attempt failed transiently (or the wait budget ran out). Keeps the last
 * underlying error as `cause`, and its message, so the registry's words still reach the log.
 */
class RetryExhaustedError extends Error {
    attempts;
    waitedMs;
    lastReason;
    cause;
    constructor(attempts, waitedMs, lastReason, cause, why) {
        super(`${cause instanceof Error ? cause.message : String(cause)} (${why} after ${attempts} attempt${attempts === 1 ? '' : 's'})`);
        this.attempts = attempts;
        this.waitedMs = waitedMs;
        this.lastReason = lastReason;
        this.cause = cause;
        this.name = 'RetryExhaustedError';
    }
}
const realSleep = (ms) => new Promise(r => setTimeout(r, ms));
/**
 * Runs `fn` until it succeeds, a permanent error occurs, the attempts run out or the next
 * pause would exceed the wait budget. Backoff is exponential with full jitter (a random
 * pause in [0, min(cap, base * 2^n)]) so many runners hitting one registry spread out; a
 * Retry-After from the registry is a floor.
 */
async function withRetry(fn, opts) {
    const retries = Math.max(0, Math.floor(opts.retries));
    const maxWaitMs = Math.max(0, opts.maxWaitMs);
    const baseMs = opts.baseMs ?? 1000;
    const capMs = opts.capMs ?? 30000;
    const sleep = opts.sleep ?? realSleep;
    const random = opts.random ?? Math.random;
    const classify = opts.classify ?? classifyError;
    let waited = 0;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            const cls = classify(err);
            if (!cls.transient)
                throw err;
            if (attempt > retries) {
                throw new RetryExhaustedError(attempt, waited, cls.reason, err, `${cls.reason}; gave up`);
            }
            const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
            let delay = Math.floor(random() * ceiling);
            if (cls.retryAfterMs !== undefined)
                delay = Math.max(delay, cls.retryAfterMs);
            const shared = opts.sharedRemainingMs;
            const remaining = shared ? shared() : maxWaitMs - waited;
            if (cls.retryAfterMs !== undefined && cls.retryAfterMs > remaining) {
                throw new RetryExhaustedError(attempt, waited, cls.reason, err, `registry asked to retry after ${Math.ceil(cls.retryAfterMs / 1000)}s, beyond retry-max-wait`);
            }
            // A zero budget means "retry without pausing"; a spent budget means stop.
            if (remaining <= 0 && (waited > 0 || (shared !== undefined && maxWaitMs > 0))) {
                throw new RetryExhaustedError(attempt, waited, cls.reason, err, `retry-max-wait reached`);
            }
            delay = Math.min(delay, Math.max(0, remaining));
            opts.onRetry?.({ attempt, delayMs: delay, reason: cls.reason, error: err });
            waited += delay;
            if (delay > 0)
                await sleep(delay);
        }
    }
}
const DEFAULT_RETRY = { retries: 3, maxWaitMs: 60000 };
/** Maps the parsed inputs (`retries`, `retry-max-wait`, `push-timeout`, in seconds) to retry settings. */
function registryRetry(inputs, warn) {
    return {
        retries: inputs.retries,
        maxWaitMs: Math.round(inputs.retryMaxWait * 1000),
        ...(inputs.pushTimeout ? { attemptTimeoutMs: Math.round(inputs.pushTimeout * 1000) } : {}),
        ...(warn ? { warn } : {})
    };
}
function firstLine(text) {
    return text.split('\n')[0] ?? '';
}
/**
 * One pause budget shared by the operations of a phase: a registry that is down fails the
 * whole push within `retry-max-wait`, not `retry-max-wait` once per tag.
 */
class RetryBudget {
    settings;
    waited = 0;
    constructor(settings) {
        this.settings = settings;
    }
    /** From now on every operation of this budget also answers to `deadline`. */
    startDeadline(deadline) {
        this.settings = { ...this.settings, deadline };
    }
    /** Runs `fn` with its own `push-deadline` (the login, which happens before the build). */
    async underDeadline(seconds, fn) {
        const before = this.settings;
        const deadline = new Deadline(seconds);
        this.startDeadline(deadline);
        try {
            return await fn();
        }
        finally {
            deadline.dispose();
            this.settings = before;
        }
    }
    static of(retry) {
        return retry instanceof RetryBudget ? retry : new RetryBudget(retry);
    }
    get waitedMs() {
        return this.waited;
    }
    /** The timeout for the next attempt: `push-timeout`, cut to what is left of the deadline. */
    attemptTimeoutMs() {
        const s = this.settings;
        return s.deadline ? s.deadline.cap(s.attemptTimeoutMs) : s.attemptTimeoutMs;
    }
    run(what, fn) {
        const s = this.settings;
        const remaining = s.maxWaitMs - this.waited;
        // withRetry reads a zero budget as "retry without pausing"; a spent shared budget is not.
        const spent = s.maxWaitMs > 0 && remaining <= 0;
        const deadline = s.deadline;
        const sleep = s.sleep ?? realSleep;
        const guarded = deadline
            ? async (attempt) => {
                deadline.check(attempt === 1 ? what : `${what} (attempt ${attempt})`);
                try {
                    return await fn(attempt);
                }
                catch (err) {
                    // An attempt cut short by the deadline reports the deadline, not a bare timeout.
                    if (deadline.expired && !(err instanceof DeadlineError)) {
                        throw new DeadlineError(deadline.seconds, `${what} finished`);
                    }
                    throw err;
                }
            }
            : fn;
        return withRetry(guarded, {
            retries: spent ? 0 : s.retries,
            maxWaitMs: Math.max(0, s.maxWaitMs),
            // Parallel pushes share the budget: each failure reads what the others left.
            sharedRemainingMs: () => s.maxWaitMs - this.waited,
            ...(s.baseMs !== undefined ? { baseMs: s.baseMs } : {}),
            ...(s.sleep || deadline
                ? { sleep: (ms) => sleep(deadline ? Math.min(ms, deadline.remainingMs()) : ms) }
                : {}),
            ...(s.random ? { random: s.random } : {}),
            ...(deadline
                ? {
                    classify: (err) => err instanceof DeadlineError || deadline.expired
                        ? { transient: false, reason: 'push-deadline' }
                        : classifyError(err)
                }
                : {}),
            onRetry: info => {
                this.waited += info.delayMs;
                const why = info.error instanceof Error ? info.error.message : String(info.error);
                s.warn?.(`${what}: ${info.reason} (${firstLine(why)}); retrying in ` +
                    `${(info.delayMs / 1000).toFixed(1)}s, attempt ${info.attempt + 1} of ${s.retries + 1}`);
            }
        });
    }
}

;// CONCATENATED MODULE: ./src/registry/push.ts
/**
 * Publishes every tag of the built image, surviving registry faults and losing no tag:
 * immutable tags go first and floating tags (`latest`, `1`, `1.2`) only once every immutable
 * tag is published, so neither a failure nor a kill at any moment can leave `latest`
 * pointing at a release whose own version tag is missing. Pushing is idempotent (the same
 * image yields the same digest), so the fix for a partial push is to run the job again.
 */








/**
 * Immutable tags first and floating tags last, so an interrupted push never leaves `latest`
 * pointing at a release whose own version tag is missing.
 */
function pushOrder(targets) {
    return [...targets.filter(t => !t.floating), ...targets.filter(t => t.floating)];
}
/** Retries are logged as warnings unless the caller routes them elsewhere. */
function withDefaultWarn(retry) {
    if (retry instanceof RetryBudget || retry.warn)
        return retry;
    return { ...retry, warn: message => core_warning(message) };
}
const push_DIGEST = /digest: (sha256:[0-9a-f]{64})/;
/** The daemon trusts plain HTTP on loopback; the CLI's manifest command must be told. */
function isLoopback(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}
function manifestInspectArgv(ref) {
    const argv = ['manifest', 'inspect', '--verbose'];
    if (isLoopback(registryHost(ref)))
        argv.push('--insecure');
    return [...argv, ref];
}
/** The digest `docker manifest inspect --verbose` reports (an object, or a list for indexes). */
function inspectedDigest(stdout) {
    try {
        const parsed = JSON.parse(stdout);
        const first = Array.isArray(parsed) ? parsed[0] : parsed;
        const digest = first?.Descriptor?.digest;
        return typeof digest === 'string' ? digest : '';
    }
    catch {
        return '';
    }
}
/**
 * How many `docker push` processes run at once. Each one is a small client; the daemon does
 * the uploads and shares layers between concurrent pushes of one image, so 8 keeps 3
 * registries × a handful of tags in one wave without flooding a registry or the runner.
 */
const PUSH_CONCURRENCY = 8;
/** A push's own output, fenced: it is the registry's text, never a workflow command. */
function echoOutput(echo, argv, output) {
    echo(`[command]docker ${(0,untrusted/* oneLine */.TN)(argv.join(' '))}\n`);
    const fence = new untrusted/* CommandFence */.pF(echo);
    fence.text(output);
    fence.end();
}
async function pushAll(docker, targets, retry = DEFAULT_RETRY, opts = {}) {
    const budget = RetryBudget.of(withDefaultWarn(retry));
    const heldByRef = new Map((opts.held ?? []).map(h => [h.ref, h]));
    const ordered = pushOrder(targets);
    const limit = opts.concurrency ?? PUSH_CONCURRENCY;
    const echo = opts.echo ?? ((text) => void process.stdout.write(text));
    const unchanged = opts.unchanged ?? new Map();
    let knownDigest = [...unchanged.values()][0] ?? '';
    /** `docker push` of one planned argv; its output is echoed whole; returns the digest it reports. */
    const dockerPush = async (target) => {
        try {
            const r = await docker.exec(target.argv, {
                keepBytes: cli/* STREAM_TAIL_BYTES */.Ok,
                timeoutMs: budget.attemptTimeoutMs()
            });
            echoOutput(echo, target.argv, r.stdout + r.stderr);
            return push_DIGEST.exec(r.stdout)?.[1];
        }
        catch (err) {
            if (err instanceof errors/* DockerError */.Bi)
                echoOutput(echo, target.argv, err.stderr);
            throw err;
        }
    };
    const send = opts.send;
    const publishOne = send
        ? async (target) => {
            const digest = await send(target.ref);
            echo(`Published ${target.ref} (manifest PUT, layers uploaded during the smoke test)\n`);
            return digest;
        }
        : dockerPush;
    const pushOne = async (target) => {
        let attempts = 0;
        const base = { ref: target.ref, floating: target.floating };
        const same = unchanged.get(target.ref);
        if (same)
            return { ...base, status: 'unchanged', digest: same, attempts: 0 };
        try {
            const digest = await budget.run(`push ${target.ref}`, attempt => {
                attempts = attempt;
                return publishOne(target);
            });
            if (digest)
                knownDigest ||= digest;
            return { ...base, status: 'published', attempts, ...(digest ? { digest } : {}) };
        }
        catch (err) {
            return { ...base, status: 'failed', error: (0,errors/* errorMessage */.gJ)(err), attempts };
        }
    };
    const tagDigest = (ref) => budget
        .run(`check ${ref}`, () => docker.exec(manifestInspectArgv(ref), { timeoutMs: budget.attemptTimeoutMs() }))
        .then(res => inspectedDigest(res.stdout))
        .catch(() => '');
    /**
     * A push that failed late (EOF on the manifest PUT) may have been committed anyway: once the
     * wave is over and a digest is known, ask the registry, so the report says exactly what is
     * published and floating tags follow.
     */
    const confirmLate = (results) => mapPool(results, limit, async (r) => r.status === 'failed' && knownDigest && (await tagDigest(r.ref)) === knownDigest
        ? {
            ...r,
            status: 'published',
            digest: knownDigest,
            error: `${r.error}; the registry has the tag anyway (manifest check)`
        }
        : r);
    /**
     * How many pushes may run at once, known after the first push answers. On the containerd
     * store (the image id is the digest `docker push` reports), concurrent pushes of one image
     * race in the engine: one PUTs the index before what it references is there (400, "manifest
     * list/index references to blobs and/or manifests are missing"), into the same repository
     * or not. So pushes stay one at a time there, and when the store is not known (no image id,
     * no digest); on the classic store every push of a wave runs at once, up to `limit`. When
     * the build already told the store (buildx's metadata), no push has to find it out.
     */
    let width = opts.send || opts.imageStore === 'classic'
        ? limit
        : opts.imageStore === 'containerd'
            ? 1
            : undefined;
    const learn = (r) => {
        if (width !== undefined || r.status !== 'published')
            return;
        width = opts.imageId && r.digest && r.digest !== opts.imageId ? limit : 1;
    };
    const wave = async (items, run) => {
        const results = [];
        let i = 0;
        for (; width === undefined && i < items.length; i++) {
            results.push(await run(items[i]));
            learn(results[i]);
        }
        results.push(...(await mapPool(items.slice(i), width ?? 1, run)));
        return confirmLate(results);
    };
    // One wave of immutable tags, every one pushed even after another failed: each is correct on
    // its own, and every one published is one the rerun does not depend on.
    const immutable = await wave(ordered.filter(t => !t.floating), pushOne);
    const immutableFailed = immutable.filter(r => r.status === 'failed').map(r => r.ref);
    // Then, only when all of them are published, one wave of floating tags.
    const floating = await wave(ordered.filter(t => t.floating), async (target) => {
        const held = heldByRef.get(target.ref);
        // A floating tag that already holds this image stays: moving it is a no-op.
        if (unchanged.has(target.ref))
            return pushOne(target);
        return held || immutableFailed.length > 0
            ? notMoved(target.ref, held, immutableFailed)
            : pushOne(target);
    });
    return pushReport([...immutable, ...floating]);
}
/** A floating tag left where it is: the registry holds a newer version, or a fixed tag failed. */
function notMoved(ref, held, immutableFailed) {
    if (held) {
        return {
            ref,
            floating: true,
            status: 'held',
            error: held.message,
            attempts: 0,
            ...(held.decision.newest ? { heldOn: held.decision.newest } : {})
        };
    }
    return {
        ref,
        floating: true,
        status: 'skipped',
        error: `held back: floating tags move only after every immutable tag is published (${immutableFailed.join(', ')} failed)`,
        attempts: 0
    };
}
/** What was published, what was not and why, from the per-tag results in push order. */
function pushReport(results) {
    // An unchanged tag is published: the registry holds this image under it.
    const isPublished = (r) => r.status === 'published' || r.status === 'unchanged';
    const published = results.filter(isPublished);
    const report = {
        digest: published.find(r => r.digest)?.digest ?? '',
        pushed: published.map(r => r.ref),
        notPushed: results.filter(r => !isPublished(r) && r.status !== 'held').map(r => r.ref),
        held: results.filter(r => r.status === 'held').map(r => r.ref),
        results
    };
    const failed = results.filter(r => r.status === 'failed');
    if (failed.length > 0) {
        const skipped = results.filter(r => r.status === 'skipped').length;
        report.error =
            failed.map(r => `${r.ref}: ${r.error}`).join('; ') +
                (skipped > 0 ? ` (${skipped} floating tag${skipped === 1 ? '' : 's'} held back)` : '');
    }
    return report;
}
/**
 * Markdown for the job summary: every tag, whether it is published, and why not. When every
 * tag was published with one digest, the digest column is left out: the summary shows it once.
 */
function pushReportMarkdown(report) {
    const icon = {
        published: '✅ published',
        unchanged: '☑️ unchanged',
        failed: '❌ failed',
        skipped: '⏸️ held back',
        held: '📌 held'
    };
    // Held tags stay on an older release's digest on purpose; they do not count here.
    const digests = new Set(report.results.filter(r => r.status !== 'held').map(r => r.digest ?? ''));
    const oneDigest = report.notPushed.length === 0 && digests.size === 1 && !digests.has('');
    const rows = report.results.map(r => {
        const digest = oneDigest ? '' : ` ${r.digest ? mdCode(r.digest) : ''} |`;
        const detail = mdCell(r.error ?? (r.attempts > 1 ? `after ${r.attempts} attempts` : ''));
        return `| ${mdCode(r.ref)} | ${r.floating ? 'floating' : 'immutable'} | ${icon[r.status]} |${digest} ${detail} |`;
    });
    const table = oneDigest
        ? ['| Tag | Kind | Status | Detail |', '|---|---|---|---|', ...rows]
        : ['| Tag | Kind | Status | Digest | Detail |', '|---|---|---|---|---|', ...rows];
    if (report.notPushed.length > 0) {
        table.push('', `${report.notPushed.length} of ${report.results.length} tags are not published. ` +
            'Pushing is idempotent: re-running the job publishes the rest and leaves published tags as they are.');
    }
    return table.join('\n');
}

;// CONCATENATED MODULE: ./src/docker/imagetools-argv.ts
/**
 * Pure argv for `docker buildx imagetools create`, which a merge job uses to assemble the
 * tagged multi-platform index from images pushed by digest (buildx 0.13's flags).
 */
/**
 * metadata-action's annotations (`manifest:key=value`, `index:…`, or bare `key=value`) as the
 * index-level annotations imagetools can apply: the platform manifests are already pushed and
 * cannot change, so manifest-level ones go on the index. `manifest-descriptor:` ones are kept
 * (imagetools puts them on the index's entries); `index-descriptor:` ones have no place here.
 */
function mergeAnnotations(annotations) {
    const out = [];
    for (const a of annotations) {
        const m = /^([a-z-]+)(\[[^\]]*\])?:([^=]+=.*)$/s.exec(a);
        const level = m?.[1] ?? '';
        const kv = m ? m[3] : a;
        if (level === 'index-descriptor')
            continue;
        const arg = level === 'manifest-descriptor' ? a : `index:${kv}`;
        if (!out.includes(arg))
            out.push(arg);
    }
    return out;
}
function imagetoolsCreateArgv(o) {
    const argv = ['buildx', 'imagetools', 'create'];
    if (o.builder)
        argv.push('--builder', o.builder);
    for (const a of o.annotations)
        argv.push('--annotation', a);
    for (const ref of o.refs)
        argv.push('--tag', ref);
    return [...argv, ...o.sources];
}
/** The same call without some of its tags (floating tags the guard holds), or undefined if none is left. */
function withoutRefs(argv, drop) {
    const out = [];
    let kept = 0;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--tag') {
            const ref = argv[i + 1];
            i++;
            if (drop.has(ref))
                continue;
            out.push('--tag', ref);
            kept++;
            continue;
        }
        out.push(argv[i]);
    }
    return kept > 0 ? out : undefined;
}

;// CONCATENATED MODULE: ./src/plan/digest-plan.ts
/**
 * The plan of the two halves of "many runners, one image": a push-by-digest job (build,
 * smoke-test, upload by digest with no tag) and a merge job (no build: the tagged index from
 * the digests, with `imagetools create`). Pure, like the rest of the plan.
 */




/** Stands in for the tested image's id in the planned `docker save` (known after the build). */
const SAVED_IMAGE = '<built image id>';
/** `docker save` of the tested image into a run-private archive (push-by-digest, early upload). */
function planSave(tempRoot, kind, runId) {
    const archive = (0,external_node_path_.join)(runTempDir(tempRoot, kind, runId), 'image.tar');
    return { save: { phase: 'push', argv: ['save', '--output', archive, SAVED_IMAGE] }, archive };
}
/** The planned `docker save` with the built image's id in place of SAVED_IMAGE. */
function saveOf(save, imageId) {
    return { ...save, argv: save.argv.map(a => (a === SAVED_IMAGE ? imageId : a)) };
}
function planDigestPush(p) {
    const { save, archive } = planSave(p.tempRoot, 'digest', p.runId);
    const apiSteps = p.images.map(image => `registry API: upload the saved image's blobs and manifest(s) to ${image} by digest, no tag (HEAD/POST/PUT /v2/…/blobs, PUT /v2/…/manifests/<digest>)`);
    if (p.digestsDir) {
        apiSteps.push(`write ${(0,external_node_path_.join)(p.digestsDir, '<digest hex>')} (empty file named after the digest)`);
    }
    return {
        step: {
            targets: [],
            commands: [save],
            digest: {
                save,
                archive,
                images: p.images,
                ...(p.digestsDir ? { digestsDir: p.digestsDir } : {}),
                unappliedTags: p.targets.map(t => t.ref)
            }
        },
        apiSteps
    };
}
/** A merge job's stand-in for the build: the digests, and why nothing is smoke-tested. */
function planMergeProduce(merge, existingImage) {
    if (existingImage) {
        throw new errors/* InputError */.dz('merge-digests', 'cannot be combined with image (a merge job builds and pulls nothing)');
    }
    if (merge.kind !== 'digests') {
        // run.ts reads a directory into digests before planning; anything else is a bug.
        throw new Error('merge-digests: the digest directory was not read before planning');
    }
    return {
        kind: 'merge',
        digests: merge.digests,
        note: 'Smoke test skipped: a merge job builds nothing, and each platform was smoke-tested in its own push-by-digest job.'
    };
}
/**
 * One `imagetools create` per image for its immutable tags, then one per image for its
 * floating tags (run only once every immutable call succeeded), sources `image@digest`.
 */
function planMergePush(p) {
    const annotations = mergeAnnotations(p.annotations);
    const calls = [];
    for (const floating of [false, true]) {
        for (const image of p.images) {
            const refs = p.targets
                .filter(t => t.image === image && t.floating === floating)
                .map(t => t.ref);
            if (refs.length === 0)
                continue;
            const argv = imagetoolsCreateArgv({
                ...(p.builder ? { builder: p.builder } : {}),
                refs,
                sources: p.digests.map(d => `${image}@${d}`),
                annotations
            });
            calls.push({ image, floating, refs, command: { phase: 'push', argv } });
        }
    }
    const ordered = [...p.targets.filter(t => !t.floating), ...p.targets.filter(t => t.floating)];
    return {
        targets: ordered,
        commands: calls.map(c => c.command),
        merge: { digests: p.digests, calls }
    };
}

;// CONCATENATED MODULE: ./src/plan/plan.ts









/**
 * Stands in for the built image in a smoke `docker run` when the build has no tag to run it
 * by; the runner puts the image id in its place. With any tag, the first tag is used.
 */
const BUILT_IMAGE = '<built image id>';
function planPush(input, targets, produce, smoke) {
    if (produce.kind === 'merge') {
        return {
            step: planMergePush({
                images: input.meta.images,
                targets,
                digests: produce.digests,
                annotations: input.meta.annotations,
                builder: input.build.buildkit.builder
            })
        };
    }
    if (input.build.buildkit.pushByDigest) {
        return planDigestPush({
            images: input.meta.images,
            targets,
            digestsDir: input.build.buildkit.digestsDir,
            tempRoot: input.tempRoot,
            runId: input.runId
        });
    }
    const step = planTagPush(input, targets, produce);
    // Nothing to upload alongside when no container runs (no smoke test, or no platform for it).
    const smokeRuns = smoke !== undefined && !smokeSkipsPlatform(produce);
    if (!input.push.uploadDuringSmoke || step.builder || !smokeRuns)
        return { step };
    return planEarlyUpload(step, input.meta.images, input.tempRoot, input.runId);
}
/** A multi-platform build none of whose platforms this runner can run is not smoke-tested. */
function smokeSkipsPlatform(produce) {
    return produce.kind === 'build' && produce.buildkit?.platform.smokePlatform === '';
}
/** upload-during-smoke: the save starts with the smoke test; the docker pushes are the fallback. */
function planEarlyUpload(step, images, tempRoot, runId) {
    const { save, archive } = planSave(tempRoot, 'early', runId);
    const apiSteps = [
        ...images.map(image => `registry API, while the smoke test runs: upload the saved image's layers and config to ${image} (HEAD/POST/PUT /v2/…/blobs)`),
        'registry API, once the smoke test passed: one manifest PUT per tag (PUT /v2/…/manifests/<tag>), immutable tags first; the docker push commands above run only if the upload failed'
    ];
    return { step: { ...step, early: { save, archive, images } }, apiSteps };
}
function planTagPush(input, targets, produce) {
    const ordered = pushOrder(targets);
    if (produce.kind === 'build' && produce.buildkit?.pushArgs) {
        // The builder publishes every tag at once, from its cache, after the smoke test.
        const builder = planBuilderPush(produce, input.tempRoot, input.runId);
        return { targets: ordered, builder, commands: [builder.command] };
    }
    return {
        targets: ordered,
        commands: ordered.map(t => ({ phase: 'push', argv: pushArgv(t.ref) }))
    };
}
/** The registry the credentials are for: the `registry` input, else the first image's host. */
function loginRegistry(registry, images) {
    return registry || registryHost(images[0] ?? '');
}
/** With credentials, the run logs in first (a fork's pull request has none to use). */
function planLogin(input) {
    if (!input.push.username || input.event.forkPullRequest)
        return undefined;
    const registry = loginRegistry(input.push.registry, input.meta.images);
    return {
        registry,
        command: { phase: 'login', argv: loginArgv(registry, input.push.username), stdin: 'password' }
    };
}
/** The smoke test of this run: pure, so the printed plan and the run share it. */
function planSmoke(input, targets, produce) {
    if (!input.smoke.enabled)
        return undefined;
    const platforms = produce.kind === 'build' ? produce.buildkit?.platform : undefined;
    // A multi-platform build with no platform this runner can run is not smoke-tested.
    if (platforms && platforms.smokePlatform === '')
        return undefined;
    const image = input.build.image || targets[0]?.ref || BUILT_IMAGE;
    const envFile = input.smoke.secrets.length > 0
        ? (0,external_node_path_.join)(runTempDir(input.tempRoot, 'smoke', input.runId), 'secrets.env')
        : undefined;
    const runs = smokeRunArgs(input.smoke, image, {
        runId: input.runId,
        defaultNetwork: defaultSmokeNetwork(input.smoke, input.engine.hasBridge),
        envFile,
        // Only a multi-platform result needs telling which platform to run.
        ...(platforms && platforms.platforms.length > 0 ? { platform: platforms.smokePlatform } : {})
    });
    return { image, ...(envFile ? { envFile } : {}), runs };
}
/**
 * What is published and whether: needs no engine, so a release that would publish nothing
 * fails before the engine is even asked. Throws InputError naming `images` or `tags`.
 */
function planRelease(input) {
    const targets = imageTargets(input.meta);
    const decision = decidePush(input.push, {
        ...input.event,
        digestOnly: input.build.buildkit.pushByDigest,
        imagesFromInput: input.meta.imagesFromInput,
        images: input.meta.images,
        targets
    });
    return { targets, decision };
}
/**
 * Everything the run will do, from the parsed inputs, the resolved metadata and the engine
 * facts. Pure: the real run executes this plan and `dry-run` prints it.
 */
function planRun(input, release = planRelease(input)) {
    const { targets, decision } = release;
    const merge = input.build.buildkit.merge;
    const produce = merge.kind !== 'none'
        ? planMergeProduce(merge, input.build.image)
        : input.build.image
            ? planExistingImage(input.build.image, targets)
            : planBuild({
                opts: input.build,
                labels: input.meta.labels,
                targets,
                engine: input.engine,
                secrets: input.secrets,
                runId: input.runId,
                workspace: input.workspace,
                tempRoot: input.tempRoot,
                annotations: input.meta.annotations
            });
    const smoke = produce.kind === 'merge' ? undefined : planSmoke(input, targets, produce);
    const planned = decision.push ? planPush(input, targets, produce, smoke) : undefined;
    const push = planned?.step;
    const login = planLogin(input);
    const commands = [
        ...(login ? [login.command] : []),
        ...(produce.kind === 'build'
            ? [...(produce.prebuild ? [produce.prebuild] : []), produce.command]
            : produce.kind === 'existing'
                ? produce.commands
                : []),
        // upload-during-smoke: the save starts as the first container does.
        ...(push?.early ? [push.early.save] : []),
        ...(smoke?.runs ?? []).map(r => ({ phase: 'smoke', argv: r.argv })),
        ...(push?.commands ?? [])
    ];
    return {
        runId: input.runId,
        targets,
        ...(login ? { login } : {}),
        produce,
        ...(smoke ? { smoke } : {}),
        ...(push ? { push } : { notPushing: notPushing(input, decision.reason) }),
        notices: decision.notices,
        warnings: decision.warnings,
        commands,
        ...(planned?.apiSteps ? { apiSteps: planned.apiSteps } : {})
    };
}
/** Why nothing is pushed; a push-by-digest job also says that no digest is pushed or written. */
function notPushing(input, reason) {
    if (!input.build.buildkit.pushByDigest)
        return reason;
    return `${reason ?? 'Not pushing.'} push-by-digest: no digest is pushed and none is written to digests-dir.`;
}
/** The `plan` output: what is pushed where, and every docker call as the argv it gets. */
function planJson(plan) {
    return JSON.stringify({
        push: plan.push !== undefined,
        targets: (plan.push?.targets ?? []).map(t => t.ref),
        commands: plan.commands.map(c => ({
            phase: c.phase,
            argv: ['docker', ...c.argv],
            ...(c.env ? { env: c.env } : {}),
            ...(c.stdin ? { stdin: c.stdin } : {})
        })),
        ...(plan.apiSteps ? { api: plan.apiSteps } : {})
    });
}

;// CONCATENATED MODULE: ./src/plan/print.ts


/** `dry-run`: what would happen, each docker call as the argv the run hands to docker. */
function printPlan(meta, plan) {
    core_info(`Version: ${meta.version}`);
    core_info(`Tags:\n${plan.targets.map(t => `  ${t.ref}`).join('\n')}`);
    // Labels carry text from the GitHub API (the description): one log line each, always.
    core_info(`Labels:\n${meta.labels.map(l => `  ${(0,untrusted/* oneLine */.TN)(l)}`).join('\n')}`);
    core_info('Plan (each docker command as argv):');
    for (const c of plan.commands) {
        const env = c.env
            ? ` (env ${Object.entries(c.env)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')})`
            : '';
        const stdin = c.stdin ? ` (${c.stdin} on stdin)` : '';
        core_info(`${JSON.stringify(['docker', ...c.argv])}${env}${stdin}`);
    }
    for (const step of plan.apiSteps ?? [])
        core_info(`(not a docker call) ${step}`);
    if (!plan.push)
        core_info(`(no push) ${plan.notPushing ?? ''}`.trim());
}

;// CONCATENATED MODULE: ./src/action/phases.ts


/** Runs each phase in its own collapsible log group and records how long it took. */
class Phases {
    clock;
    timings = [];
    constructor(clock = () => performance.now()) {
        this.clock = clock;
    }
    async run(name, fn) {
        const start = this.clock();
        let ok = false;
        try {
            const result = await group(name, fn);
            ok = true;
            return result;
        }
        catch (err) {
            (0,errors/* tagFailure */.fM)(err, phaseKind(name));
            throw err;
        }
        finally {
            this.timings.push({ name, ms: Math.round(this.clock() - start), ok });
        }
    }
}
/** The failure kind of a phase, by its name: smoke and push phases, everything else builds. */
function phaseKind(name) {
    if (/smoke/i.test(name))
        return 'smoke';
    if (/push|login|publish/i.test(name))
        return 'push';
    return 'build';
}

;// CONCATENATED MODULE: ./src/lifecycle/state.ts

/**
 * What main leaves for the post step, which runs even when main failed or was cancelled.
 * Only names and paths are saved here, never a credential.
 */
const STATE = {
    runId: 'run-id',
    dockerConfig: 'docker-config',
    tempDirs: 'temp-dirs',
    /** 'true' once main itself removed everything: the post step then has nothing to do. */
    cleanedUp: 'cleaned-up',
    /** input, build, smoke or push: read by the local CLI for its exit code. */
    failedPhase: 'failed-phase',
    /** Logins a credential helper received (helper and registry names only), erased in post. */
    delegatedLogins: 'delegated-logins'
};
function state_saveState(key, value) {
    saveState(key, value);
}
/** Temp dirs are appended, so each is recorded before anything sensitive is written to it. */
function rememberTempDir(dirs, dir) {
    dirs.push(dir);
    saveState(STATE.tempDirs, JSON.stringify(dirs));
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/lifecycle/cleanup.ts



/**
 * Removes what a run may have left: its smoke containers (found by label, so a container
 * started just before a cancel is found too), its private docker config with any credentials,
 * and temporary secret files. Synchronous so it also works inside a signal handler. Never throws.
 */
function cleanupRun(left) {
    const result = { containers: [], removedPaths: [], problems: [] };
    if (left.runId) {
        const ps = (0,external_node_child_process_.spawnSync)('docker', ['ps', '-aq', '--filter', `label=build-tag-push.run=${left.runId}`], {
            encoding: 'utf8',
            timeout: 15000
        });
        const ids = (ps.stdout ?? '').split('\n').filter(Boolean);
        if (ids.length > 0) {
            const rm = (0,external_node_child_process_.spawnSync)('docker', ['rm', '-f', '-v', ...ids], {
                encoding: 'utf8',
                timeout: 30000
            });
            if (rm.status === 0)
                result.containers.push(...ids);
            else
                result.problems.push(`could not remove containers ${ids.join(' ')}: ${(rm.stderr ?? '').trim()}`);
        }
    }
    for (const dir of left.dirs.filter(Boolean)) {
        try {
            if (removeOwnTempDir(dir, left.tempRoot))
                result.removedPaths.push(dir);
            else
                result.problems.push(`not removing ${dir}: not a directory this action created`);
        }
        catch (err) {
            result.problems.push(`could not remove ${dir}: ${String(err)}`);
        }
    }
    return result;
}
/**
 * Deletes `dir` only if this action made it: a `btp-…` directory directly inside the temp
 * root. State could name any path, and the post step must never delete anything else.
 */
function removeOwnTempDir(dir, tempRoot) {
    if (!dir)
        return false;
    const own = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(dir)) === (0,external_node_path_.resolve)(tempRoot) && (0,external_node_path_.basename)(dir).startsWith('btp-');
    if (own)
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    return own;
}

;// CONCATENATED MODULE: ./src/lifecycle/cancel.ts


/**
 * On cancellation the runner signals the step: stop our docker children, remove the smoke
 * container and the credentials at once, then exit. The post step repeats the cleanup for
 * anything a SIGKILL left behind.
 */
function installCancelHandlers(docker, left) {
    const onSignal = (signal) => {
        core_info(`Received ${signal}: stopping and cleaning up`);
        docker.killAll();
        cleanupRun({
            runId: left.runId,
            tempRoot: left.tempRoot,
            dirs: [left.dockerConfig, ...left.tempDirs()]
        });
        process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    };
}

;// CONCATENATED MODULE: ./src/action/fork.ts
/**
 * Pull requests from forks run untrusted code and receive no repository secrets, so the
 * action builds and tests them but never logs in or pushes.
 */
function repoName(side) {
    if (typeof side !== 'object' || side === null)
        return undefined;
    const repo = side.repo;
    // GitHub sends `repo: null` when the fork was deleted after the PR was opened.
    if (repo === null)
        return null;
    if (typeof repo !== 'object' || repo === undefined)
        return undefined;
    const name = repo.full_name;
    return typeof name === 'string' ? name : undefined;
}
/**
 * True for pull_request-family events whose head lives in another repository. When the
 * payload is too incomplete to tell, the answer is true: skipping a push is recoverable,
 * leaking credentials to a fork is not.
 */
function isForkPullRequest(eventName, payload) {
    if (!eventName.startsWith('pull_request'))
        return false;
    const pr = payload.pull_request;
    if (typeof pr !== 'object' || pr === null)
        return true;
    const head = repoName(pr.head);
    const base = repoName(pr.base);
    if (head === null)
        return true;
    if (head === undefined || base === undefined || base === null)
        return true;
    return head.toLowerCase() !== base.toLowerCase();
}

;// CONCATENATED MODULE: ./src/action/summary-cap.ts
/**
 * GitHub rejects a step summary over 1 MiB and then shows none of it. The summary is built
 * from sections; when they add up to more than the cap, the longest sections are cut first
 * (each to the same length, so short ones stay whole) and each cut says so.
 */
const SUMMARY_CAP_BYTES = 1000 * 1024;
const bytes = (s) => Buffer.byteLength(s, 'utf8');
/**
 * The largest per-section size `c` with sum(min(size, c)) <= budget: cutting every section
 * above `c` down to `c` cuts only the longest ones, and as little as possible.
 */
function sectionCap(sizes, budget) {
    const sorted = [...sizes].sort((a, b) => a - b);
    let rest = budget;
    for (let i = 0; i < sorted.length; i++) {
        const remaining = sorted.length - i;
        if (sorted[i] * remaining > rest)
            return Math.floor(rest / remaining);
        rest -= sorted[i];
    }
    return Infinity;
}
/** Keeps whole lines up to `limit` bytes and closes a code fence or <details> left open. */
function cutSection(text, limit) {
    const lines = text.split('\n');
    const kept = [];
    let used = 0;
    let fence;
    let details = 0;
    const closing = () => [
        ...(fence ? [fence] : []),
        ...Array(Math.max(0, details)).fill('</details>')
    ];
    const cutBytes = bytes(text);
    const noteFor = (cut) => `> ✂️ This section was shortened by ${cut} bytes to keep the job summary under GitHub's 1 MiB limit; the full text is in the step log.`;
    // Room for the note and the closing lines.
    const reserve = bytes(noteFor(cutBytes)) + 64;
    for (const line of lines) {
        const size = bytes(line) + 1;
        if (used + size + reserve + bytes(closing().join('\n')) > limit)
            break;
        kept.push(line);
        used += size;
        const f = /^(`{3,}|~{3,})/.exec(line);
        if (f)
            fence = fence === undefined ? f[1] : line.startsWith(fence) ? undefined : fence;
        else if (!fence) {
            details += (line.match(/<details[\s>]/g) ?? []).length;
            details -= (line.match(/<\/details>/g) ?? []).length;
        }
    }
    const removed = bytes(text) - bytes(kept.join('\n'));
    return [...kept, ...closing(), '', noteFor(removed), ''].join('\n');
}
/** Joins the sections, cutting the longest ones first when the whole is over `cap` bytes. */
function capSections(sections, cap = SUMMARY_CAP_BYTES) {
    const joined = sections.join('\n');
    if (bytes(joined) <= cap)
        return joined;
    const sizes = sections.map(bytes);
    const each = sectionCap(sizes, cap - sections.length);
    const out = sections.map((s, i) => (sizes[i] > each ? cutSection(s, each) : s));
    const result = out.join('\n');
    // A section too small to hold even the note: drop whole sections from the end.
    if (bytes(result) > cap)
        return Buffer.from(result)
            .subarray(0, cap)
            .toString()
            .replace(/\uFFFD$/, '');
    return result;
}

;// CONCATENATED MODULE: ./src/util/redact.ts
/**
 * Removes secret values from text before it is written anywhere the runner's log masker does
 * not reach: files (JUnit), outputs, the job summary and error messages. One instance per run
 * holds every secret (the password, `secrets`, `smoke-secrets`).
 */
const REDACTED = '***';
/** Values this short would garble ordinary text; the runner does not mask them either. */
const MIN_LENGTH = 3;
class Redactor {
    values = [];
    add(value) {
        if (!value)
            return;
        // A multi-line secret can appear one line at a time (output is split into lines).
        const parts = [value, ...value.split(/\r\n|\r|\n/)];
        for (const part of parts) {
            const v = part.trim() === part ? part : part.trim();
            if (v.length >= MIN_LENGTH && !this.values.includes(v))
                this.values.push(v);
        }
        // Longest first, so a secret that contains another is replaced whole.
        this.values.sort((a, b) => b.length - a.length);
    }
    get empty() {
        return this.values.length === 0;
    }
    redact(text) {
        let out = text;
        for (const v of this.values)
            out = out.split(v).join(REDACTED);
        return out;
    }
    /** Every string inside a JSON-like value, e.g. a report before it is serialised. */
    redactDeep(value) {
        if (this.empty)
            return value;
        return JSON.parse(JSON.stringify(value), (_k, v) => typeof v === 'string' ? this.redact(v) : v);
    }
}

;// CONCATENATED MODULE: ./src/action/redaction.ts


/**
 * The run's one redactor. The runner masks secrets in the log only; files, outputs and the
 * job summary are written by us, so every writing point passes its text through this first.
 */
const redactor = new Redactor();
/** Masks a secret in the log and removes it from everything the action writes. */
function registerSecret(value) {
    if (!value)
        return;
    setSecret(value);
    redactor.add(value);
}
/** `core.setOutput` with every secret value removed. */
function setSafeOutput(name, value) {
    setOutput(name, redactor.redact(value));
}

;// CONCATENATED MODULE: ./src/action/summary.ts






/**
 * The summary as sections (result, tags, smoke report, phases), so an oversized one can be cut
 * on its own. Every piece of text that is not ours is escaped: the error message quotes the
 * image and the registry, and GitHub renders HTML and links in the summary.
 */
function summarySections(s) {
    const head = ['## build-tag-push', ''];
    const status = s.error ? `❌ ${mdText(s.error)}` : s.dryRun ? '📝 dry run' : '✅ success';
    head.push(`**Result:** ${status}`, '');
    if (s.meta)
        head.push(`**Version:** ${mdCode(s.meta.version || '(none)', false)}`, '');
    const sections = [head.join('\n')];
    const tags = [];
    if (s.push) {
        // The push report has every tag with its status and why it is not published.
        tags.push(pushReportMarkdown(s.push), '');
    }
    else if (s.targets) {
        tags.push('| Tag | Kind | Pushed |', '|---|---|---|');
        for (const t of s.targets) {
            tags.push(`| ${mdCode(t.ref)} | ${t.floating ? 'floating' : 'immutable'} | no |`);
        }
        tags.push('');
    }
    if (s.imageId)
        tags.push(`**Image ID:** ${mdCode(s.imageId, false)}`, '');
    if (s.platforms)
        tags.push(`**Platforms:** ${mdText(s.platforms)}`, '');
    if (s.push?.digest)
        tags.push(`**Digest:** ${mdCode(s.push.digest, false)}`, '');
    for (const note of s.notes ?? [])
        tags.push(mdText(note), '');
    if (tags.length > 0)
        sections.push(tags.join('\n'));
    if (s.smoke)
        sections.push(...smokeSummarySections(s.smoke));
    if (s.phases.length > 0) {
        const phases = ['| Phase | Duration | Result |', '|---|---|---|'];
        for (const p of s.phases)
            phases.push(`| ${mdCell(p.name)} | ${(p.ms / 1000).toFixed(2)} s | ${p.ok ? 'ok' : 'failed'} |`);
        phases.push('');
        sections.push(phases.join('\n'));
    }
    return sections;
}
function summaryMarkdown(s) {
    return summarySections(s).join('\n');
}
/** Writes the summary if the runner gave us a summary file; the CLI prints it instead. */
function writeSummary(s) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        // Secrets are removed first, then the summary is cut to fit GitHub's 1 MiB limit.
        const sections = summarySections(s).map(section => redactor.redact(section));
        appendSummary(`${capSections(sections)}\n`);
    }
    catch (err) {
        core_warning(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`);
    }
}

;// CONCATENATED MODULE: ./src/action/outputs.ts


/**
 * metadata-action's outputs, also exported as DOCKER_METADATA_OUTPUT_* variables (as it does
 * unless DOCKER_METADATA_SET_OUTPUT_ENV is false), so later steps of a migrated workflow work.
 */
function setMetadataOutputs(meta, sep, exportEnv) {
    const outputs = {
        version: meta.version,
        tags: meta.fullTags.join(sep.sepTags),
        'tag-names': meta.tags.map(t => t.tag).join(sep.sepTags),
        labels: meta.labels.join(sep.sepLabels),
        annotations: meta.annotations.join(sep.sepAnnotations),
        json: JSON.stringify(meta.json)
    };
    for (const [name, value] of Object.entries(outputs)) {
        setSafeOutput(name, value);
        if (exportEnv) {
            exportVariable(`DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`, value);
        }
    }
}
/** What a run that stops early reports: nothing pushed, smoke test not run. */
function setInitialOutputs() {
    setSafeOutput('pushed', 'false');
    setSafeOutput('digest', '');
    setSafeOutput('held-tags', '');
    setSafeOutput('smoke-result', 'skipped');
}
function setSmokeOutputs(report) {
    setSafeOutput('smoke-result', report.result);
    // The output tails stay in the summary and JUnit file; outputs have size limits.
    setSafeOutput('smoke-report', JSON.stringify({
        ...report,
        scenarios: report.scenarios.map(({ outputTail: _tail, ...rest }) => rest)
    }));
}

// EXTERNAL MODULE: ./src/docker/engine.ts + 1 modules
var engine = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/build/capabilities.ts




/**
 * What the engine and the selected buildx builder can do: the image store (the containerd
 * store holds multi-platform images and attestations), the runner's platform, the driver.
 * Each answer costs a docker call (`buildx inspect` starts the 60 MB plugin), so only the
 * questions the plan needs are asked, and the driver is read from buildx's own files when
 * they answer it without doubt.
 */
async function probeBuildCapabilities(docker, q) {
    const knownDriver = q.builder ? undefined : defaultBuilderDriver(q.env);
    const localPlatform = localEnginePlatform(q.env);
    const askInfo = q.needsStore || knownDriver !== 'docker' || !localPlatform;
    const [info, inspect] = await Promise.all([
        askInfo
            ? docker.exec(['info', '--format', '{{.OSType}} {{.Architecture}} {{json .DriverStatus}}'], {
                allowFailure: true
            })
            : undefined,
        knownDriver
            ? undefined
            : docker.exec(['buildx', 'inspect', ...(q.builder ? [q.builder] : [])], {
                allowFailure: true
            })
    ]);
    const caps = parseCapabilities(info?.stdout ?? '', knownDriver ? `Driver: ${knownDriver}` : inspect?.exitCode === 0 ? inspect.stdout : '');
    if (info)
        return caps;
    return { nativePlatform: localPlatform, driver: caps.driver };
}
function parseCapabilities(infoLine, inspect) {
    const [os = 'linux', machine = 'x86_64', ...rest] = infoLine.trim().split(' ');
    return {
        containerdStore: rest.join(' ').includes('io.containerd.snapshotter'),
        nativePlatform: platformOf(os, machine),
        driver: /^Driver:\s*(\S+)/m.exec(inspect)?.[1] ?? 'docker'
    };
}
/**
 * buildx keeps the selected builder in `<config>/buildx/current` (`{"Key","Name","Global"}`);
 * with no file, or no name, the current context's own builder is used, and that one is always
 * the docker driver. Anything else (a named builder, per-context defaults, BUILDX_BUILDER, a
 * file we cannot read) is left to `docker buildx inspect`: undefined.
 */
function defaultBuilderDriver(env) {
    if (env.BUILDX_BUILDER)
        return undefined;
    const dir = env.BUILDX_CONFIG || (0,external_node_path_.join)((0,config/* dockerConfigDir */.kG)(env), 'buildx');
    try {
        if ((0,external_node_fs_.readdirSync)((0,external_node_path_.join)(dir, 'defaults')).length > 0)
            return undefined;
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            return undefined;
    }
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'current'), 'utf8');
    }
    catch (err) {
        return err.code === 'ENOENT' ? 'docker' : undefined;
    }
    try {
        const current = JSON.parse(text);
        return current.Name === '' || current.Name === undefined ? 'docker' : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The engine runs on this machine when DOCKER_HOST is a unix socket (or unset) and no docker
 * context other than `default` is chosen (environment or config.json): then its platform is this Linux machine's. '' when
 * that cannot be known without asking the engine.
 */
function localEnginePlatform(env, platform = process.platform, arch = process.arch) {
    if (platform !== 'linux' || (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default'))
        return '';
    const host = env.DOCKER_HOST ?? '';
    if (host !== '' && !host.startsWith('unix://'))
        return '';
    if (host === '' && !env.DOCKER_CONTEXT && configuredContext(env) !== 'default')
        return '';
    const machine = {
        x64: 'x86_64',
        arm64: 'aarch64',
        arm: 'armv7l',
        ppc64: 'ppc64le',
        s390x: 's390x',
        riscv64: 'riscv64'
    };
    return machine[arch] ? platformOf('linux', machine[arch]) : '';
}
/** config.json's `currentContext` ('default' when unset or unreadable as such). */
function configuredContext(env) {
    const dir = (0,config/* dockerConfigDir */.kG)(env);
    try {
        const config = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'config.json'), 'utf8'));
        const name = config.currentContext;
        return typeof name === 'string' && name !== '' ? name : 'default';
    }
    catch (err) {
        return err.code === 'ENOENT' ? 'default' : '';
    }
}

;// CONCATENATED MODULE: ./src/action/engine-facts.ts




/** The engine facts the plan needs; the run fails here when the engine does not answer. */
async function probeForRun(docker, build) {
    const info = await (0,engine/* probeEngine */.lt)(docker);
    core_info(`Docker engine answered; default bridge: ${info.hasBridge ? 'yes' : 'no'}, buildx ${info.buildx ? 'available' : 'not available'}`);
    // The image store, the runner's platform and the builder's driver matter only to buildx.
    const buildx = !build.image && build.buildx !== 'false' && info.buildx;
    return buildx
        ? {
            ...info,
            build: await probeBuildCapabilities(docker, {
                builder: build.builder,
                needsStore: build.needsStore,
                env: process.env
            })
        }
        : { ...info };
}
/**
 * A dry run asks the engine the same read-only questions, so it prints the argv the real run
 * would use. Without an engine it assumes a GitHub-hosted runner (buildx and a default
 * bridge) and says so.
 */
async function probeForDryRun(docker, build) {
    try {
        return await probeForRun(docker, build);
    }
    catch (err) {
        // buildx is known without the engine: its plugin file is there or not.
        const facts = { buildx: build.buildx === 'true' || (0,engine/* hasBuildxPlugin */.SA)(), hasBridge: true };
        core_notice(`Dry run without a reachable Docker engine (${(0,errors/* errorMessage */.gJ)(err)}): the plan assumes ` +
            'a default bridge, as on GitHub-hosted runners.');
        return facts;
    }
}

;// CONCATENATED MODULE: ./src/build/build.ts



/**
 * Runs the planned build call and returns the image id: the metadata file's image digest when
 * there is one (see BuildStep.metadataFile), else what docker wrote to `iidFile`. The file's
 * directory is created here (it must not exist yet) and removed after.
 */
async function buildImage(docker, call, iidFile, metadataFile) {
    const dir = (0,external_node_path_.dirname)(iidFile);
    (0,external_node_fs_.mkdirSync)(dir, { mode: 0o700 });
    try {
        await docker.exec(call.argv, { stream: true, env: { ...call.env } });
        const meta = metadataFile ? readMetadata(metadataFile) : {};
        const id = meta.digest || (0,external_node_fs_.readFileSync)(iidFile, 'utf8').trim();
        return { id, ...(meta.store ? { store: meta.store } : {}) };
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
const build_DIGEST = /^sha256:[0-9a-f]{64}$/;
/** `containerimage.digest` from buildx's metadata file, and the store it implies. */
function readMetadata(metadataFile) {
    try {
        const meta = JSON.parse((0,external_node_fs_.readFileSync)(metadataFile, 'utf8'));
        const digest = meta['containerimage.digest'];
        const config = meta['containerimage.config.digest'];
        if (typeof digest !== 'string' || !build_DIGEST.test(digest))
            return {};
        if (typeof config !== 'string' || !build_DIGEST.test(config))
            return { digest };
        return { digest, store: digest === config ? 'classic' : 'containerd' };
    }
    catch {
        return {};
    }
}
/**
 * The `image` input: test and push an existing image instead of building one. It is pulled
 * only when the engine does not have it; then the planned `docker tag` calls run.
 */
async function useExistingImage(docker, image, tagCalls, retry) {
    const inspect = ['image', 'inspect', '--format', '{{.Id}}', image];
    const local = await docker.exec(inspect, { allowFailure: true });
    let id = local.exitCode === 0 ? local.stdout.trim() : '';
    if (!id) {
        await retry.run(`pull ${image}`, () => docker.exec(['pull', image], { stream: true, timeoutMs: retry.settings.attemptTimeoutMs }));
        id = (await docker.exec(inspect)).stdout.trim();
    }
    for (const call of tagCalls)
        await docker.exec(call.argv, { env: { ...call.env } });
    core_info(`Using ${image} (${id}) instead of building`);
    return id;
}
/**
 * A docker-container, remote or kubernetes builder pushes the index itself (every platform,
 * attestations, annotations) after the smoke test, from its cache: runs the planned push
 * build and returns the index digest it wrote to `metadataFile`.
 */
async function pushFromBuilder(docker, call, metadataFile) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(metadataFile), { recursive: true, mode: 0o700 });
    try {
        await docker.exec(call.argv, { stream: true, env: { ...call.env } });
        const meta = JSON.parse((0,external_node_fs_.readFileSync)(metadataFile, 'utf8'));
        const digest = meta['containerimage.digest'];
        return typeof digest === 'string' ? digest : '';
    }
    finally {
        (0,external_node_fs_.rmSync)((0,external_node_path_.dirname)(metadataFile), { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/registry/index-push.ts
/**
 * Pushes that go through BuildKit rather than `docker push`: one command publishes every tag
 * at once (a builder's `--push`, or `imagetools create`), so the report marks every tag with
 * the one index digest, or every tag as failed.
 */

async function builderPushReport(pushAll, targets) {
    try {
        const digest = await pushAll();
        return {
            digest,
            pushed: targets.map(t => t.ref),
            notPushed: [],
            held: [],
            results: targets.map(t => ({
                ref: t.ref,
                floating: t.floating,
                status: 'published',
                attempts: 1,
                ...(digest ? { digest } : {})
            }))
        };
    }
    catch (err) {
        const error = (0,errors/* errorMessage */.gJ)(err);
        return {
            digest: '',
            pushed: [],
            notPushed: targets.map(t => t.ref),
            held: [],
            error,
            results: targets.map(t => ({
                ref: t.ref,
                floating: t.floating,
                status: 'failed',
                error,
                attempts: 1
            }))
        };
    }
}

;// CONCATENATED MODULE: ./src/registry/login.ts


/**
 * Runs the planned `docker login … --password-stdin` with the password on stdin, so it never
 * appears on argv, retrying a registry that is briefly unavailable; a rejected password fails
 * at once with the registry's message.
 */
async function login(docker, call, cred, retry = DEFAULT_RETRY) {
    const budget = RetryBudget.of(withDefaultWarn(retry));
    await budget.run(`login ${cred.registry || 'Docker Hub'}`, () => docker.exec(call.argv, {
        input: cred.password,
        env: { ...call.env },
        timeoutMs: budget.attemptTimeoutMs()
    }));
}

;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * The one small HTTP client for the registry API (distribution v2): tag lists and manifest
 * HEADs, and the uploads of push-by-digest (blob-upload.ts), which docker cannot do. Every
 * request has a timeout (and the push deadline, when one is given), and answers a 401
 * challenge the way docker does: Basic with the step's credentials, or Bearer with a token
 * fetched from the challenge's realm.
 */


/** A registry answered with an error status; the message carries `status NNN` for retry.ts. */
class RegistryHttpError extends Error {
    status;
    url;
    constructor(status, url, detail) {
        super(`${url}: HTTP status ${status}${detail ? ` (${detail})` : ''}`);
        this.status = status;
        this.url = url;
        this.name = 'RegistryHttpError';
    }
}
const DEFAULT_TIMEOUT_MS = 30000;
/** The daemon trusts plain HTTP on loopback; everything else is HTTPS. */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}
/** Where an image's registry API lives: `{ base: 'https://ghcr.io', repository: 'acme/app' }`. */
function apiLocation(image) {
    const host = registryHost(image);
    const apiHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
    const scheme = isLoopbackHost(host) ? 'http' : 'https';
    return { host, base: `${scheme}://${apiHost}`, repository: repositoryPath(image) };
}
/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters. */
function parseChallenge(header) {
    const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
    if (!m)
        return undefined;
    const params = {};
    for (const p of m[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
        params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
    }
    return { scheme: m[1].toLowerCase(), params };
}
function basic(c) {
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
/** The first registry error message in a body, for the log (`{"errors":[{"message":…}]}`). */
async function errorDetail(res) {
    try {
        const text = (await res.text()).slice(0, 2000);
        try {
            const body = JSON.parse(text);
            const e = body.errors?.[0];
            if (e)
                return [e.code, e.message].filter(Boolean).join(': ');
        }
        catch {
            // not JSON
        }
        return res.statusText || '';
    }
    catch {
        return res.statusText || '';
    }
}
class RegistryClient {
    base;
    opts;
    authorization;
    doFetch;
    constructor(base, opts = {}) {
        this.base = base;
        this.opts = opts;
        this.doFetch = opts.fetch ?? nodeFetch;
    }
    signal() {
        const timeout = AbortSignal.timeout(this.opts.timeoutMs || DEFAULT_TIMEOUT_MS);
        return this.opts.signal ? AbortSignal.any([timeout, this.opts.signal]) : timeout;
    }
    async send(url, init) {
        try {
            return await this.doFetch(url, { ...init, signal: this.signal(), redirect: 'follow' });
        }
        catch (err) {
            if (this.opts.signal?.aborted) {
                const reason = this.opts.signal.reason;
                throw reason instanceof Error ? reason : new Error(`${url}: aborted`);
            }
            const e = err;
            if (e.name === 'TimeoutError') {
                throw new Error(`${url}: request timed out after ${((this.opts.timeoutMs || DEFAULT_TIMEOUT_MS) / 1000).toFixed(0)}s`);
            }
            // fetch hides the socket error in `cause`; surface its code for the retry classifier.
            const code = e.cause?.code ?? '';
            const wrapped = new Error(`${url}: ${e.cause?.message ?? e.message}${code ? ` (${code})` : ''}`);
            if (code)
                wrapped.code = code;
            throw wrapped;
        }
    }
    /** Answers a 401 challenge once; returns undefined when there is nothing better to send. */
    async authorize(res, scope) {
        const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
        const cred = this.opts.credentials;
        if (challenge?.scheme === 'basic')
            return cred ? basic(cred) : undefined;
        if (challenge?.scheme !== 'bearer' || !challenge.params.realm)
            return undefined;
        const url = new URL(challenge.params.realm);
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        url.searchParams.set('scope', challenge.params.scope || scope);
        const tokenRes = await this.send(url.toString(), {
            headers: cred ? { Authorization: basic(cred) } : {}
        });
        if (!tokenRes.ok) {
            throw new RegistryHttpError(tokenRes.status, url.origin + url.pathname, await errorDetail(tokenRes));
        }
        const body = (await tokenRes.json());
        const token = body.token || body.access_token;
        return token ? `Bearer ${token}` : undefined;
    }
    /**
     * One request against the registry API, answering an auth challenge once. Errors (status
     * >= 400, except 404 when `allow404`) throw a RegistryHttpError naming the status.
     */
    async request(path, opts) {
        const url = new URL(path, this.base).toString();
        const init = () => ({
            method,
            headers: {
                ...opts.headers,
                ...(opts.accept ? { Accept: opts.accept } : {}),
                ...(this.authorization ? { Authorization: this.authorization } : {})
            },
            // A streamed body needs half duplex in a fetch (a test's fake).
            ...(opts.body ? { body: opts.body(), duplex: 'half' } : {})
        });
        const method = opts.method ?? 'GET';
        // What this request sent: parallel requests share the client, and one that was refused
        // must retry with the answer even when another request stored the same one meanwhile.
        const sent = this.authorization;
        let res = await this.send(url, init());
        if (res.status === 401) {
            await res.body?.cancel();
            const auth = await this.authorize(res, opts.scope);
            if (auth && auth !== sent) {
                this.authorization = auth;
                res = await this.send(url, init());
            }
        }
        if (res.ok || (opts.allow404 && res.status === 404))
            return res;
        const detail = method === 'HEAD' ? res.statusText : await errorDetail(res);
        if (res.status === 401 && !this.opts.credentials) {
            throw new RegistryHttpError(401, url, `${detail || 'unauthorized'}; no credentials for this registry`);
        }
        const after = res.headers.get('retry-after');
        throw new RegistryHttpError(res.status, url, after && /^\d+$/.test(after) ? `${detail}; retry after ${after}s` : detail);
    }
}
/**
 * One client per image, made on first use, each with the step's credentials for that image's
 * registry host only (so a password never goes to another registry).
 */
function imageClients(credentialsFor, opts) {
    const made = new Map();
    return image => {
        let c = made.get(image);
        if (!c) {
            c = clientFor(image, { ...opts, credentials: credentialsFor(apiLocation(image).host) });
            made.set(image, c);
        }
        return c;
    };
}
function clientFor(image, opts) {
    const loc = apiLocation(image);
    return { client: new RegistryClient(loc.base, opts), repository: loc.repository, host: loc.host };
}

;// CONCATENATED MODULE: ./src/registry/tag-list.ts
/** Common ceiling for a page (Docker Hub's and GHCR's); registries may return fewer. */
const TAG_PAGE_SIZE = 100;
/** A runaway pagination (a registry that keeps linking) stops here. */
const MAX_PAGES = 1000;
/** The `rel="next"` target of a Link header, if any. */
function nextLink(header) {
    if (!header)
        return undefined;
    for (const part of header.split(/,(?=\s*<)/)) {
        const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
        if (m && /\brel\s*=\s*"?next"?/i.test(m[2]))
            return m[1];
    }
    return undefined;
}
/**
 * Every tag of the repository; a repository that does not exist yet (404) has none. Each page
 * is one request; `onPage` lets the caller count them.
 */
async function listTags(client, repository, opts = {}) {
    const scope = `repository:${repository}:pull`;
    let path = `/v2/${repository}/tags/list?n=${opts.pageSize ?? TAG_PAGE_SIZE}`;
    const tags = [];
    const seen = new Set();
    for (let page = 0; path !== undefined; page++) {
        if (page >= MAX_PAGES || seen.has(path)) {
            throw new Error(`tag list of ${repository}: pagination does not end (${page} pages)`);
        }
        seen.add(path);
        opts.onPage?.(path);
        const res = await client.request(path, { scope, allow404: true });
        if (res.status === 404) {
            await res.body?.cancel();
            return tags;
        }
        const body = (await res.json());
        tags.push(...(body.tags ?? []));
        path = nextLink(res.headers.get('link'));
    }
    return tags;
}

;// CONCATENATED MODULE: ./src/registry/floating-guard.ts





/** Which images and floating tags the guard looks at; empty under `always`. */
function floatingChecks(meta, mode) {
    if (mode === 'always')
        return [];
    const tags = rangedFloatingTags(meta.tags).map(t => t.tag);
    if (tags.length === 0)
        return [];
    return meta.images.map(image => ({
        image,
        registry: registryHost(image),
        repository: repositoryPath(image),
        tags
    }));
}
/**
 * Whether the step's `username`/`password` belong to a host: they are for `registry`, or the
 * first image's registry when it is not given (as the login uses them).
 */
function credentialsMatcher(loginRegistry, cred) {
    const norm = (h) => [
        '',
        'docker.io',
        'index.docker.io',
        'registry-1.docker.io',
        'registry.hub.docker.com'
    ].includes(h.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
        ? 'docker.io'
        : h.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return host => (cred?.username && norm(loginRegistry) === norm(host) ? cred : undefined);
}
async function listFor(check, opts) {
    const { client, repository } = clientFor(check.image, {
        credentials: opts.credentialsFor(check.registry),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {})
    });
    const list = () => listTags(client, repository, opts.pageSize ? { pageSize: opts.pageSize } : {});
    return opts.budget ? opts.budget.run(`list tags of ${check.image}`, list) : list();
}
/** Lists every checked image's tags (in parallel) and decides which floating tags to hold. */
async function guardFloatingTags(meta, opts) {
    const checks = floatingChecks(meta, opts.mode);
    const result = { held: [], unlisted: [] };
    const outcomes = await Promise.all(checks.map(async (check) => {
        try {
            return { check, tags: await listFor(check, opts) };
        }
        catch (err) {
            return { check, error: (0,errors/* errorMessage */.gJ)(err) };
        }
    }));
    for (const o of outcomes) {
        if ('error' in o && o.error !== undefined) {
            const why = `cannot list the tags of ${o.check.image} on registry ${o.check.registry}: ${o.error}`;
            if (opts.mode === 'strict') {
                throw new Error(`floating-tags is strict and ${why}`);
            }
            opts.warn(`floating-tags: ${why}. Floating tags (${o.check.tags.join(', ')}) are pushed without the backport check.`);
            result.unlisted.push({ image: o.check.image, error: o.error });
            continue;
        }
        for (const decision of decideFloating(meta.tags, o.tags ?? [])) {
            if (!decision.held)
                continue;
            const message = holdMessage(decision);
            opts.info(`${o.check.image}:${message}`);
            result.held.push({ ref: `${o.check.image}:${decision.tag}`, decision, message });
        }
    }
    return result;
}
/**
 * `dry-run`: which floating tags would be checked against which registry, and, when the
 * registry lets us list its tags, which of them would be held. Never fails the dry run.
 */
async function previewFloatingTags(meta, opts) {
    const checks = floatingChecks(meta, opts.mode);
    if (opts.mode === 'always')
        return ['Floating tags: always moved (floating-tags: always).'];
    if (checks.length === 0)
        return ['Floating tags: none that stand for a version range.'];
    const lines = [];
    for (const check of checks) {
        lines.push(`Floating tags checked against ${check.registry} (tag list of ${check.repository}): ${check.tags.join(', ')}`);
        const notes = [];
        const result = await guardFloatingTags({ images: [check.image], tags: meta.tags }, { ...opts, mode: 'guard', warn: m => notes.push(m), info: () => undefined });
        if (result.unlisted.length > 0) {
            lines.push(`  could not list the tags now: ${result.unlisted[0].error}`);
        }
        else if (result.held.length === 0) {
            lines.push('  would hold none: this release is the newest in every range');
        }
        else {
            for (const h of result.held)
                lines.push(`  would hold ${h.message}`);
        }
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/registry/verify.ts
/** Every manifest type docker or buildx pushes: plain manifests and indexes, OCI and Docker. */
const MANIFEST_ACCEPT = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json'
].join(', ');
/** `127.0.0.1:5000/acme/app:1.2` → image and tag (a tag never holds `/` or `:`). */
function splitRef(ref) {
    const at = ref.lastIndexOf(':');
    if (at < 0 || ref.indexOf('/', at) >= 0)
        return { image: ref, tag: 'latest' };
    return { image: ref.slice(0, at), tag: ref.slice(at + 1) };
}
/** The registry's digest for a tag (`Docker-Content-Digest`), or '' when it has no such tag. */
async function remoteDigest(client, repository, tag) {
    const res = await client.request(`/v2/${repository}/manifests/${encodeURIComponent(tag)}`, {
        method: 'HEAD',
        accept: MANIFEST_ACCEPT,
        scope: `repository:${repository}:pull`,
        allow404: true
    });
    await res.body?.cancel();
    if (res.status === 404)
        return '';
    return res.headers.get('docker-content-digest') ?? '';
}
/** Tags whose read-back digest is not the expected one; '' (tag missing) counts as different. */
function mismatches(expected, readBack) {
    return readBack
        .filter(r => r.digest !== expected)
        .map(r => ({ ref: r.ref, expected, actual: r.digest || '(no such tag)' }));
}

;// CONCATENATED MODULE: ./src/registry/unchanged.ts

/** The `config.digest` of an image manifest, or '' for an index or anything unreadable. */
async function configDigest(client, repository, digest) {
    const res = await client.request(`/v2/${repository}/manifests/${digest}`, {
        accept: MANIFEST_ACCEPT,
        scope: `repository:${repository}:pull`
    });
    const body = (await res.json());
    return typeof body.config?.digest === 'string' ? body.config.digest : '';
}
/**
 * The tags (of `refs`) the registry already holds as the local image `imageId`, each with
 * the registry's digest for it. Never throws: what cannot be checked is pushed.
 */
async function findUnchanged(refs, imageId, clientOf) {
    const unchanged = new Map();
    if (!/^sha256:[0-9a-f]{64}$/.test(imageId) || refs.length === 0)
        return unchanged;
    const remote = await Promise.all(refs.map(async (ref) => {
        const { image, tag } = splitRef(ref);
        const { client, repository } = clientOf(image);
        try {
            return { ref, image, digest: await remoteDigest(client, repository, tag) };
        }
        catch {
            return { ref, image, digest: '' };
        }
    }));
    // containerd store: the id is what `docker push` would send.
    for (const r of remote)
        if (r.digest === imageId)
            unchanged.set(r.ref, r.digest);
    if (unchanged.size > 0)
        return unchanged;
    // classic store: one manifest, on every tag, whose config is this image.
    const digests = new Set(remote.map(r => r.digest));
    const [only] = digests;
    if (digests.size !== 1 || !only)
        return unchanged;
    const { client, repository } = clientOf(remote[0].image);
    const config = await configDigest(client, repository, only).catch(() => '');
    if (config !== imageId)
        return unchanged;
    for (const r of remote)
        unchanged.set(r.ref, r.digest);
    return unchanged;
}

;// CONCATENATED MODULE: ./src/registry/blob-upload.ts
/**
 * Uploads an image through the registry API by digest, with no tag (distribution v2): each
 * blob the registry lacks (HEAD) goes up in one monolithic upload (POST, then PUT
 * ?digest=…), then each manifest is PUT under its digest. Every call runs through the retry
 * budget; re-sending a blob or manifest is harmless, since digests name the content.
 */


async function blobExists(t, digest) {
    const res = await t.client.request(`/v2/${t.repository}/blobs/${digest}`, {
        method: 'HEAD',
        scope: `repository:${t.repository}:pull`,
        allow404: true
    });
    await res.body?.cancel();
    return res.status !== 404;
}
async function uploadBlob(t, blob) {
    const start = await t.client.request(`/v2/${t.repository}/blobs/uploads/`, {
        method: 'POST',
        scope: `repository:${t.repository}:pull,push`,
        headers: { 'Content-Length': '0' }
    });
    await start.body?.cancel();
    const location = start.headers.get('location');
    if (!location)
        throw new Error(`${t.image}: the registry started an upload with no Location`);
    const url = new URL(location, t.client.base);
    url.searchParams.set('digest', blob.digest);
    const res = await t.client.request(url.toString(), {
        method: 'PUT',
        scope: `repository:${t.repository}:pull,push`,
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.size) },
        body: () => external_node_stream_.Readable.toWeb((0,external_node_fs_.createReadStream)(blob.path))
    });
    await res.body?.cancel();
}
/** PUTs a manifest under its digest, or under a tag; the registry must store it as `m.digest`. */
async function putManifest(t, m, reference = m.digest) {
    const res = await t.client.request(`/v2/${t.repository}/manifests/${reference}`, {
        method: 'PUT',
        scope: `repository:${t.repository}:pull,push`,
        headers: { 'Content-Type': m.mediaType },
        body: () => m.body
    });
    await res.body?.cancel();
    const digest = res.headers.get('docker-content-digest') ?? m.digest;
    if (digest !== m.digest) {
        throw new Error(`${t.image}: the registry stored manifest ${m.digest} as ${digest}`);
    }
    return digest;
}
/** Uploads every blob it lacks, then every manifest, in order; returns what was sent. */
async function uploadImage(t, set, budget) {
    const stats = await uploadBlobs(t, set.blobs, budget);
    for (const m of set.manifests) {
        await budget.run(`upload manifest ${m.digest} to ${t.image}`, () => putManifest(t, m));
    }
    return stats;
}
/** Uploads every blob the repository lacks (a HEAD first), one after another. */
async function uploadBlobs(t, blobs, budget) {
    const stats = { uploaded: 0, skipped: 0 };
    for (const blob of blobs) {
        const short = blob.digest.slice(7, 19);
        if (await budget.run(`check blob ${short} in ${t.image}`, () => blobExists(t, blob.digest))) {
            stats.skipped++;
            continue;
        }
        await budget.run(`upload blob ${short} to ${t.image}`, () => uploadBlob(t, blob));
        stats.uploaded++;
    }
    return stats;
}

// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/registry/compress-layers.ts
/**
 * Turns a classic-store `docker save` (uncompressed layer tars, read by image-archive.ts) into
 * what `docker push` would send: gzip-compressed layers under a Docker schema 2 manifest, the
 * config as-is, so the pushed image's config digest is still the tested image's ID.
 *
 * The gzip stream is node's zlib with a zero header time, at a level chosen from the layer's
 * own bytes (`levelFor`), so the same layer compresses to the same bytes on every run (a
 * rerun finds every blob already there).
 * Its bytes differ from the engine's own gzip, so the manifest digest differs from the one a
 * `docker push` of the same image reports; the image and its ID do not.
 */







const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
/** zlib's work runs on the thread pool (4 threads by default); more would only queue. */
const PARALLEL_LAYERS = 4;
/** How much of a layer is tried to see whether it compresses at all. */
const SAMPLE_BYTES = 1024 * 1024;
/**
 * zlib's level for a layer: the default, unless a sample from its start does not shrink
 * (already-compressed or random files). Then the layer is stored in gzip framing without
 * compressing: no level could make it smaller, and on a runner-sized machine even level 1
 * spends over a second on 50 MB of such data.
 */
function levelFor(path) {
    const sample = Buffer.alloc(SAMPLE_BYTES);
    const fd = (0,external_node_fs_.openSync)(path, 'r');
    let n = 0;
    try {
        n = (0,external_node_fs_.readSync)(fd, sample, 0, SAMPLE_BYTES, 0);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    if (n < 64 * 1024)
        return external_node_zlib_.constants.Z_DEFAULT_COMPRESSION;
    const packed = (0,external_node_zlib_.deflateRawSync)(sample.subarray(0, n), { level: 1 }).length;
    return packed > n * 0.97 ? external_node_zlib_.constants.Z_NO_COMPRESSION : external_node_zlib_.constants.Z_DEFAULT_COMPRESSION;
}
/** Compresses one blob to `out`, hashing the compressed bytes on the way. */
async function gzipBlob(blob, out) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const tap = new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        }
    });
    await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(blob.path, { highWaterMark: 1024 * 1024 }), (0,external_node_zlib_.createGzip)({ level: levelFor(blob.path) }), tap, (0,external_node_fs_.createWriteStream)(out, { mode: 0o600 }));
    return { digest: `sha256:${hash.digest('hex')}`, size, path: out };
}
/** The docker-archive upload set with gzip layers and a Docker schema 2 manifest. */
async function gzipLayers(set, dir) {
    if (set.format !== 'docker-archive' || set.manifests.length !== 1)
        return set;
    const manifest = JSON.parse(set.manifests[0].body.toString('utf8'));
    const byDigest = new Map(set.blobs.map(b => [b.digest, b]));
    const find = (d) => {
        const blob = byDigest.get(d.digest);
        if (!blob)
            throw new Error(`the saved image has no blob ${d.digest}`);
        return blob;
    };
    const config = find(manifest.config);
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    // A layer listed twice (an empty layer) is compressed once.
    const distinct = [...new Set(manifest.layers.map(l => l.digest))];
    const compressed = new Map();
    await mapPool(distinct, PARALLEL_LAYERS, async (digest, i) => {
        compressed.set(digest, await gzipBlob(find({ digest, size: 0 }), (0,external_node_path_.join)(dir, `layer-${i}.gz`)));
    });
    const layers = manifest.layers.map(l => compressed.get(l.digest));
    const body = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST,
        config: { mediaType: DOCKER_CONFIG, size: config.size, digest: config.digest },
        layers: layers.map(l => ({ mediaType: DOCKER_LAYER_GZIP, size: l.size, digest: l.digest }))
    }));
    const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}`;
    const blobs = new Map([[config.digest, config]]);
    for (const l of layers)
        blobs.set(l.digest, l);
    return {
        digest,
        mediaType: DOCKER_MANIFEST,
        blobs: [...blobs.values()],
        manifests: [{ digest, mediaType: DOCKER_MANIFEST, body }],
        format: 'docker-archive'
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/registry/image-archive.ts
/**
 * Reads the archive `docker save` writes and turns it into what a registry needs: blobs and
 * manifests, each under its digest, manifests in the order they must be uploaded (children
 * before the index that names them).
 *
 * - An OCI layout (index.json + blobs/sha256/…), as an engine with the containerd image store
 *   writes it: uploaded verbatim, so the pushed digest is the local image's.
 * - The docker-archive format (manifest.json, the config, one tar per layer), as the classic
 *   store of engine 20.10 writes it: an OCI image manifest is made for it, with the config
 *   as-is (so its digest is the tested image's ID) and the layers uncompressed
 *   (`application/vnd.oci.image.layer.v1.tar`), as docker saved them.
 */







const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const image_archive_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const sha256 = (data) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
/** Extracts every regular file to `dir` (hashing it on the way); symlinks point at their target. */
async function extractArchive(archive, dir) {
    const files = new Map();
    const links = new Map();
    const ex = (0,tar_stream.extract)();
    let n = 0;
    ex.on('entry', (header, stream, next) => {
        const name = external_node_path_.posix.normalize(header.name).replace(/^\.\//, '').replace(/\/$/, '');
        if (header.type === 'symlink' && header.linkname) {
            links.set(name, external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(name), header.linkname)));
        }
        else if (header.type === 'link' && header.linkname) {
            links.set(name, external_node_path_.posix.normalize(header.linkname));
        }
        if (header.type !== 'file') {
            stream.resume();
            stream.on('end', next);
            return;
        }
        // Files are stored under a counter, never under a name from the archive.
        const path = (0,external_node_path_.join)(dir, String(n++));
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        const tap = new external_node_stream_.Transform({
            transform(chunk, _enc, done) {
                hash.update(chunk);
                size += chunk.length;
                done(null, chunk);
            }
        });
        (0,promises_.pipeline)(stream, tap, (0,external_node_fs_.createWriteStream)(path, { mode: 0o600 })).then(() => {
            files.set(name, { path, size, digest: `sha256:${hash.digest('hex')}` });
            next();
        }, (err) => next(err));
    });
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(archive), ex);
    for (const [name, target] of links) {
        let to = target;
        for (let hops = 0; hops < 40 && !files.has(to) && links.has(to); hops++)
            to = links.get(to) ?? to;
        const file = files.get(to);
        if (file)
            files.set(name, file);
    }
    return files;
}
function need(files, name, what) {
    const file = files.get(external_node_path_.posix.normalize(name));
    if (!file)
        throw new Error(`the docker save archive has no ${what} (${name})`);
    return file;
}
async function readJson(file) {
    const body = await (0,external_node_fs_promises_.readFile)(file.path);
    return { value: JSON.parse(body.toString('utf8')), body };
}
const isIndex = (t) => t === OCI_INDEX || t === DOCKER_LIST;
/** OCI layout: walk from index.json, children first, every blob verified against its name. */
async function fromOciLayout(files) {
    const { value: top } = await readJson(need(files, 'index.json', 'index.json'));
    const roots = top.manifests ?? [];
    if (roots.length !== 1) {
        throw new Error(`expected one image in the docker save archive, found ${roots.length}`);
    }
    const blobs = new Map();
    const manifests = [];
    const blobFile = (d, what) => {
        const hex = d.digest.replace(/^sha256:/, '');
        const file = need(files, `blobs/sha256/${hex}`, what);
        if (file.digest !== d.digest)
            throw new Error(`${what} ${d.digest} does not match its content`);
        return file;
    };
    const visit = async (d) => {
        if (manifests.some(m => m.digest === d.digest))
            return;
        const { value, body } = await readJson(blobFile(d, 'manifest'));
        const mediaType = d.mediaType ?? value.mediaType ?? OCI_MANIFEST;
        if (isIndex(mediaType)) {
            for (const child of value.manifests ?? [])
                await visit(child);
        }
        else {
            for (const b of [...(value.config ? [value.config] : []), ...(value.layers ?? [])]) {
                const file = blobFile(b, 'blob');
                blobs.set(b.digest, { digest: b.digest, size: file.size, path: file.path });
            }
        }
        manifests.push({ digest: d.digest, mediaType, body });
    };
    await visit(roots[0]);
    const root = manifests[manifests.length - 1];
    return {
        digest: root.digest,
        mediaType: root.mediaType,
        blobs: [...blobs.values()],
        manifests,
        format: 'oci-layout'
    };
}
/** The manifest a docker-archive image gets: its config as-is, its layers as uncompressed tars. */
function dockerArchiveManifest(config, layers) {
    const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.size },
        layers: layers.map(l => ({ mediaType: OCI_LAYER_TAR, digest: l.digest, size: l.size }))
    };
    return Buffer.from(JSON.stringify(manifest));
}
async function fromDockerArchive(files) {
    const { value } = await readJson(need(files, 'manifest.json', 'manifest.json or index.json'));
    if (!Array.isArray(value) || value.length !== 1) {
        throw new Error(`expected one image in the docker save archive, found ${value?.length ?? 0}`);
    }
    const config = need(files, value[0].Config, 'image config');
    const layers = value[0].Layers.map(l => need(files, l, 'layer'));
    const body = dockerArchiveManifest(config, layers);
    const blobs = new Map();
    for (const f of [config, ...layers])
        blobs.set(f.digest, { ...f });
    const digest = sha256(body);
    return {
        digest,
        mediaType: OCI_MANIFEST,
        blobs: [...blobs.values()],
        manifests: [{ digest, mediaType: OCI_MANIFEST, body }],
        format: 'docker-archive'
    };
}
/**
 * Runs the planned `docker save` (into `workDir`, made here) and reads the archive into blobs
 * and manifests; the archive itself is removed once read.
 */
async function saveImage(docker, save, archive, workDir) {
    (0,external_node_fs_.mkdirSync)(workDir, { recursive: true, mode: 0o700 });
    await docker.exec(save.argv, { env: { ...save.env } });
    const set = await readImageArchive(archive, workDir);
    (0,external_node_fs_.rmSync)(archive, { force: true });
    return set;
}
/** Reads a `docker save` archive (extracted under `workDir`) into blobs and manifests. */
async function readImageArchive(archive, workDir) {
    const files = await extractArchive(archive, (0,external_node_path_.join)(workDir, 'files'));
    // Engines since 25 write both files; index.json is the one that keeps the digest.
    return files.has('index.json') ? fromOciLayout(files) : fromDockerArchive(files);
}
const MANIFEST_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, image_archive_DOCKER_MANIFEST];

;// CONCATENATED MODULE: ./src/registry/early-upload.ts
/**
 * upload-during-smoke: the layers go up while the smoke test runs, and the tags appear only
 * after it passed.
 *
 * Started once the build is done: `docker save` of the tested image, then every blob the
 * registry lacks is uploaded to each image's repository (blob-upload.ts). Blobs are not
 * visible: no tag and no manifest names them until the push phase PUTs one manifest per tag
 * (`manifestSender`). A failed smoke test aborts the upload; what was uploaded stays as
 * unreferenced blobs, which the registry's garbage collection removes.
 *
 * The saved image is sent as the registry would get it from `docker push`: verbatim from an
 * OCI layout (containerd store), or with gzip layers under a Docker schema 2 manifest from a
 * docker-archive (classic store, compress-layers.ts).
 */








class EarlyUpload {
    /** The uploaded image, once every image's repository holds all its blobs. */
    ready;
    stop = new AbortController();
    workDir;
    constructor(docker, req) {
        this.workDir = (0,external_node_path_.dirname)(req.archive);
        this.ready = this.upload(docker, req);
        // Read by the push phase, or dropped when the smoke test fails.
        this.ready.catch(() => undefined);
    }
    async upload(docker, req) {
        const clock = stopwatch();
        const saved = await saveImage(docker, req.save, req.archive, this.workDir);
        const saving = clock.lap();
        this.stop.signal.throwIfAborted();
        const set = await gzipLayers(saved, (0,external_node_path_.join)(this.workDir, 'gzip'));
        const compressing = set === saved ? undefined : clock.lap();
        this.stop.signal.throwIfAborted();
        const clientOf = imageClients(req.credentialsFor, {
            timeoutMs: req.timeoutMs,
            signal: this.stop.signal,
            ...(req.fetch ? { fetch: req.fetch } : {})
        });
        const stats = await mapPool(req.images, req.images.length, image => uploadBlobs({ ...clientOf(image), image }, set.blobs, req.retry));
        const uploading = clock.lap();
        const sent = stats.reduce((n, s) => n + s.uploaded, 0);
        const there = stats.reduce((n, s) => n + s.skipped, 0);
        const steps = [
            `save ${saving}`,
            ...(compressing ? [`gzip ${compressing}`] : []),
            `upload ${uploading}`
        ];
        const note = `Uploaded the tested image's blobs alongside the smoke test: ${sent} sent, ${there} already there, to ${req.images.length} image(s) (${steps.join(', ')})`;
        return { set, note };
    }
    /** The smoke test failed or the run ends: no more requests, and the saved files go. */
    async abort() {
        this.stop.abort(new Error('upload-during-smoke: stopped'));
        await this.ready.catch(() => undefined);
        this.dispose();
    }
    dispose() {
        (0,external_node_fs_.rmSync)(this.workDir, { recursive: true, force: true });
    }
}
/** Seconds since the last lap, for the log. */
function stopwatch() {
    let last = Date.now();
    return {
        lap: () => {
            const now = Date.now();
            const text = `${((now - last) / 1000).toFixed(1)} s`;
            last = now;
            return text;
        }
    };
}
/**
 * The push phase's way to publish a tag when the blobs are up: an index's child manifests by
 * digest (once per image), then the image's manifest under the tag. Returns the digest the
 * registry stored, which is the uploaded manifest's.
 */
function manifestSender(set, clientOf) {
    const root = set.manifests[set.manifests.length - 1];
    const children = set.manifests.slice(0, -1);
    const childrenOf = new Map();
    const putChildren = (t) => {
        let done = childrenOf.get(t.image);
        if (!done) {
            done = (async () => {
                for (const m of children)
                    await putManifest(t, m);
            })();
            // A failed attempt is retried in full by the next call.
            done.catch(() => childrenOf.delete(t.image));
            childrenOf.set(t.image, done);
        }
        return done;
    };
    return async (ref) => {
        const { image, tag } = splitRef(ref);
        const t = { ...clientOf(image), image };
        await putChildren(t);
        return putManifest(t, root, tag);
    };
}

;// CONCATENATED MODULE: ./src/registry/publish.ts








async function publish(docker, req) {
    const deadline = new Deadline(req.deadlineSeconds);
    req.retry.startDeadline(deadline);
    try {
        const credentialsFor = credentialsMatcher(req.registry, req.credentials);
        const http = {
            signal: deadline.signal,
            ...(req.fetch ? { fetch: req.fetch } : {})
        };
        const guard = await guardFloatingTags(req.meta, {
            mode: req.floatingTags,
            credentialsFor,
            budget: req.retry,
            timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
            warn: req.warn,
            info: req.info,
            ...http
        }).catch((err) => {
            if (err instanceof DeadlineError)
                throw new Error(`${err.message}; nothing was published`);
            throw err;
        });
        // One client per image for the whole phase, so a token registry is asked for a token once.
        const clientOf = imageClients(credentialsFor, {
            timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
            ...http
        });
        const unchanged = await unchangedTags(req, guard, clientOf);
        const send = req.uploaded ? manifestSender(req.uploaded, clientOf) : undefined;
        const report = await pushAll(docker, req.targets, req.retry, {
            held: guard.held,
            unchanged,
            ...(send ? { send } : {}),
            ...(req.imageStore ? { imageStore: req.imageStore } : {}),
            ...(req.imageId ? { imageId: req.imageId } : {})
        });
        // Unchanged tags were read just now, by the HEAD that found them holding this image.
        const sent = report.results.filter(r => r.status === 'published').map(r => r.ref);
        const kept = report.results.filter(r => r.status === 'unchanged').length;
        if (!report.error && sent.length + kept > 0)
            await readBack(report, sent, kept, clientOf, req);
        return report;
    }
    finally {
        deadline.dispose();
    }
}
/** One HEAD per tag that would be pushed (held tags are not); logs what is left alone. */
async function unchangedTags(req, guard, clientOf) {
    if (!req.imageId)
        return new Map();
    const held = new Set(guard.held.map(h => h.ref));
    const refs = req.targets.map(t => t.ref).filter(ref => !held.has(ref));
    const unchanged = await findUnchanged(refs, req.imageId, clientOf);
    if (unchanged.size > 0) {
        const n = unchanged.size;
        req.info(n === refs.length
            ? `The registry already holds this image under every tag (${n}): nothing to push.`
            : `The registry already holds this image under ${n} of ${refs.length} tags: pushing the rest.`);
    }
    return unchanged;
}
/**
 * One HEAD per published tag; every tag must carry the digest docker reported for the tested
 * image. A tag that cannot be read (no credentials for the listing API) is a warning: the
 * push itself succeeded, only the proof is missing.
 */
async function readBack(report, refs, 
/** Tags found unchanged: already read, counted in the message. */
kept, clientOf, req) {
    const expected = report.digest;
    if (!expected)
        return;
    const reads = await Promise.all(refs.map(async (ref) => {
        const { image, tag } = splitRef(ref);
        const { client, repository } = clientOf(image);
        try {
            const digest = await req.retry.run(`read back ${ref}`, () => remoteDigest(client, repository, tag));
            return { ref, digest };
        }
        catch (err) {
            if (err instanceof DeadlineError)
                throw err;
            const why = err instanceof RegistryHttpError ? err.message : (0,errors/* errorMessage */.gJ)(err);
            req.warn(`Could not read back the digest of ${ref}: ${why}`);
            return undefined;
        }
    })).catch((err) => {
        if (!(err instanceof DeadlineError))
            throw err;
        report.error = `${err.message} (the read-back of the published tags did not finish)`;
        return [];
    });
    const read = reads.filter((r) => r !== undefined);
    const bad = mismatches(expected, read);
    for (const r of report.results) {
        const m = bad.find(b => b.ref === r.ref);
        if (m) {
            r.status = 'failed';
            r.error = `the registry has ${m.actual} for this tag, not the tested image's ${expected}`;
        }
    }
    if (bad.length > 0) {
        report.pushed = report.pushed.filter(ref => !bad.some(b => b.ref === ref));
        report.notPushed.push(...bad.map(b => b.ref));
        report.error =
            `the registry's tags differ from the tested image (${expected}): ` +
                bad.map(b => `${b.ref} is ${b.actual}`).join(', ');
    }
    else if (read.length === refs.length) {
        const n = read.length + kept;
        req.info(`Read back ${n} tag${n === 1 ? '' : 's'}: all on ${expected}.`);
    }
}

;// CONCATENATED MODULE: ./src/registry/digest-push.ts
/**
 * push-by-digest at run time: `docker save` of the tested image, then its blobs and
 * manifest(s) uploaded by digest to every image through the registry API (blob-upload.ts),
 * with no tag. Works on both stores (image-archive.ts), under the push phase's deadline and
 * retry budget; the digest is written to `digests-dir` once every image has it.
 */








/** A blob upload may take long; without `push-timeout` one request gets ten minutes. */
const UPLOAD_TIMEOUT_MS = 10 * 60 * 1000;
/** The file push-by-digest leaves for the merge job: empty, named after the digest's hex. */
function writeDigestFile(dir, digest) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const path = (0,external_node_path_.join)(dir, digest.replace(/^sha256:/, ''));
    (0,external_node_fs_.writeFileSync)(path, '');
    return path;
}
async function pushByDigest(docker, req) {
    const deadline = new Deadline(req.deadlineSeconds);
    req.retry.startDeadline(deadline);
    const workDir = (0,external_node_path_.dirname)(req.archive);
    try {
        const set = await saveImage(docker, req.save, req.archive, workDir);
        req.info(`Saved the tested image (${set.format === 'oci-layout' ? 'OCI layout, uploaded verbatim' : 'docker-archive, uploaded as an OCI manifest with uncompressed layers'}): ${set.digest}`);
        const clientOf = imageClients(credentialsMatcher(req.registry, req.credentials), {
            timeoutMs: req.retry.attemptTimeoutMs() ?? UPLOAD_TIMEOUT_MS,
            signal: deadline.signal,
            ...(req.fetch ? { fetch: req.fetch } : {})
        });
        const results = [];
        for (const image of req.images) {
            const ref = `${image}@${set.digest}`;
            try {
                const { client, repository } = clientOf(image);
                const stats = await uploadImage({ client, repository, image }, set, req.retry);
                req.info(`Pushed ${ref} by digest, no tag (${stats.uploaded} blob(s) uploaded, ${stats.skipped} already there)`);
                results.push({ ref, floating: false, status: 'published', attempts: 1, digest: set.digest });
            }
            catch (err) {
                results.push({
                    ref,
                    floating: false,
                    status: 'failed',
                    attempts: 1,
                    error: (0,errors/* errorMessage */.gJ)(err)
                });
            }
        }
        const failed = results.filter(r => r.status === 'failed');
        const report = {
            digest: failed.length === 0 ? set.digest : '',
            pushed: results.filter(r => r.status === 'published').map(r => r.ref),
            notPushed: failed.map(r => r.ref),
            held: [],
            results
        };
        if (failed.length > 0) {
            report.error = failed.map(r => `${r.ref}: ${r.error}`).join('; ');
        }
        else if (req.digestsDir) {
            req.info(`Wrote ${writeDigestFile(req.digestsDir, set.digest)}`);
        }
        return report;
    }
    finally {
        deadline.dispose();
        (0,external_node_fs_.rmSync)(workDir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/registry/merge.ts







async function mergeDigests(docker, req) {
    const deadline = new Deadline(req.deadlineSeconds);
    req.retry.startDeadline(deadline);
    try {
        const credentialsFor = credentialsMatcher(req.registry, req.credentials);
        const http = { signal: deadline.signal, ...(req.fetch ? { fetch: req.fetch } : {}) };
        const guard = await guardFloatingTags(req.meta, {
            mode: req.floatingTags,
            credentialsFor,
            budget: req.retry,
            timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
            warn: req.warn,
            info: req.info,
            ...http
        });
        const held = new Map(guard.held.map(h => [h.ref, h.message]));
        const results = [];
        const run = async (call, argv) => {
            try {
                await req.retry.run(`imagetools create ${call.image}`, () => docker.exec(argv, { stream: true, timeoutMs: req.retry.attemptTimeoutMs() }));
                for (const ref of call.refs.filter(r => !held.has(r)))
                    results.push({ ref, floating: call.floating, status: 'published', attempts: 1 });
            }
            catch (err) {
                const error = (0,errors/* errorMessage */.gJ)(err);
                for (const ref of call.refs.filter(r => !held.has(r)))
                    results.push({ ref, floating: call.floating, status: 'failed', attempts: 1, error });
            }
        };
        for (const call of req.calls.filter(c => !c.floating))
            await run(call, call.command.argv);
        const failed = results.filter(r => r.status === 'failed').map(r => r.ref);
        for (const call of req.calls.filter(c => c.floating)) {
            for (const ref of call.refs.filter(r => held.has(r))) {
                results.push({ ref, floating: true, status: 'held', attempts: 0, error: held.get(ref) });
            }
            const argv = withoutRefs(call.command.argv, new Set(held.keys()));
            if (!argv)
                continue;
            if (failed.length > 0) {
                for (const ref of call.refs.filter(r => !held.has(r))) {
                    results.push(notMoved(ref, undefined, failed));
                }
                continue;
            }
            await run(call, argv);
        }
        await merge_readBack(results, credentialsFor, http, req);
        return pushReport(results);
    }
    finally {
        deadline.dispose();
    }
}
/** Every published tag must carry one digest: the index's. */
async function merge_readBack(results, credentialsFor, http, req) {
    const clientOf = imageClients(credentialsFor, {
        timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
        ...http
    });
    for (const r of results.filter(x => x.status === 'published')) {
        const { image, tag } = splitRef(r.ref);
        const { client, repository } = clientOf(image);
        try {
            const digest = await req.retry.run(`read back ${r.ref}`, () => remoteDigest(client, repository, tag));
            if (digest)
                r.digest = digest;
            else {
                r.status = 'failed';
                r.error = 'imagetools create succeeded, but the registry has no such tag';
            }
        }
        catch (err) {
            req.warn(`Could not read back the digest of ${r.ref}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    const digests = new Set(results.filter(r => r.digest).map(r => r.digest));
    if (digests.size > 1) {
        for (const r of results.filter(x => x.digest)) {
            r.status = 'failed';
            r.error = `the tags differ: ${[...digests].join(', ')}`;
        }
    }
}

;// CONCATENATED MODULE: ./src/action/junit.ts





/**
 * The `smoke-junit` file; a relative path is relative to the workspace and may not leave it,
 * not even through a symlink a pull request committed.
 */
function writeJunit(path, report, workspace) {
    const target = workspacePath('smoke-junit', path, workspace);
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(target), { recursive: true });
    // Checked again after mkdir: a directory created on the way may not redirect the file.
    (0,external_node_fs_.writeFileSync)(workspacePath('smoke-junit', path, workspace), redactor.redact(junitXml(report)));
}

;// CONCATENATED MODULE: ./src/docker/credential-helper.ts
/**
 * Talks to a docker credential helper (`docker-credential-<name>`) directly, as the docker
 * CLI does: the post step uses it to erase a login that reached a helper instead of the
 * step-private config.
 */

/** Helper names become a program name: nothing that could name a path. */
function validHelperName(name) {
    return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}
/**
 * `docker-credential-<helper> erase` with the registry on stdin. Returns a problem to report,
 * or undefined when the credential is gone. Never throws.
 */
function eraseCredential(login, timeoutMs = 15000) {
    if (!validHelperName(login.helper))
        return `invalid credential helper name "${login.helper}"`;
    const res = spawnSync(`docker-credential-${login.helper}`, ['erase'], {
        input: login.registry,
        encoding: 'utf8',
        timeout: timeoutMs
    });
    if (res.error)
        return `docker-credential-${login.helper} erase: ${res.error.message}`;
    if (res.status !== 0) {
        const why = (res.stdout + res.stderr).trim().split(/\r\n|\r|\n/)[0] ?? '';
        // Nothing stored is as good as erased.
        if (/not found|no credentials/i.test(why))
            return undefined;
        return `docker-credential-${login.helper} erase failed (exit ${res.status}): ${why.slice(0, 200)}`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/action/login-record.ts




const delegated = [];
/**
 * Before `docker login`: where will the credential go? When a credential helper would receive
 * it after all (the private config still delegates this registry), the helper and registry
 * are saved so the post step erases it. Returns the line to log once logged in.
 */
function recordLogin(dockerConfig, registry) {
    const helper = (0,config/* credentialDelegate */.z2)(dockerConfig, registry);
    if (!helper) {
        return `Logged in to ${registry} (credentials kept in a step-private docker config, removed by the post step).`;
    }
    if (validHelperName(helper)) {
        delegated.push({ helper, registry });
        saveState(STATE.delegatedLogins, JSON.stringify(delegated));
    }
    core_warning(`docker login stored the credential for ${registry} in docker-credential-${helper}, outside the step-private config; the post step erases it.`);
    return `Logged in to ${registry} (credential held by docker-credential-${helper} until the post step).`;
}

;// CONCATENATED MODULE: ./src/action/execute.ts
/**
 * Executes a RunPlan: every docker call it makes is one the plan lists (plus read-only
 * inspections and the smoke container's follow-up calls, which depend on what happens).
 */




















async function runBuild(x, step) {
    for (const notice of step.buildkit?.notices ?? [])
        core_notice(notice);
    if (step.buildkit)
        core_info(step.buildkit.platform.note);
    // Secret files exist only while the build runs; the post step removes them after a kill.
    let removeSecrets = () => undefined;
    if (step.secretDir) {
        x.rememberDir(step.secretDir);
        removeSecrets = writeSecretFiles(step.secretDir, step.secretFiles);
    }
    try {
        // builder-push path: every platform once, into the builder's cache; the loaded smoke
        // platform then reuses it.
        if (step.prebuild)
            await buildImage(x.docker, step.prebuild, step.iidFile);
        const built = await buildImage(x.docker, step.command, step.iidFile, step.metadataFile);
        core_info(`Built ${built.id} with ${step.useBuildx ? 'buildx' : 'the legacy builder'}`);
        return built;
    }
    finally {
        removeSecrets();
    }
}
/** With no tag to run the image by, the smoke test runs it by the id the build reported. */
function withImageId(smoke, id) {
    if (smoke.image !== BUILT_IMAGE)
        return smoke;
    const put = (a) => (a === BUILT_IMAGE ? id : a);
    return {
        ...smoke,
        image: id,
        runs: smoke.runs.map(r => ({ ...r, argv: r.argv.map(put) }))
    };
}
async function runSmokePhase(x, plan, imageId) {
    const smokePlan = plan.smoke ? withImageId(plan.smoke, imageId) : undefined;
    const platforms = plan.produce.kind === 'build' ? plan.produce.buildkit?.platform : undefined;
    const noPlatform = x.smoke.enabled && platforms !== undefined && platforms.smokePlatform === '';
    const raw = noPlatform
        ? { result: 'skipped', message: platforms.note, durationMs: 0, scenarios: [] }
        : await runSmoke(x.docker, smokePlan, x.smoke, {
            onTempDir: dir => x.rememberDir(dir),
            // A passed container is removed while the push starts; it is not part of the image.
            deferRemoval: removal => x.defer(removal)
        });
    // The image may print a secret: the report is written to files, outputs and the summary.
    const report = redactor.redactDeep(raw);
    x.summary.smoke = report;
    setSmokeOutputs(report);
    if (x.smoke.junitPath)
        writeJunit(x.smoke.junitPath, report, x.workspace);
    if (report.result === 'failed') {
        throw new Error(`Smoke test failed: ${report.message}. Nothing was pushed.`);
    }
}
async function runLogin(x, step) {
    if (x.contextDir)
        assertConfigOutsideContext(x.dockerConfig, x.contextDir);
    // The login answers to push-deadline too: a stalled registry cannot hold the job.
    // Recorded before the login, so the post step erases a delegated credential even when this
    // step dies right after it.
    const where = recordLogin(x.dockerConfig, step.registry);
    await x.retry.underDeadline(x.pushDeadline, () => login(x.docker, step.command, { registry: step.registry, password: x.password }, x.retry));
    core_info(where);
}
/**
 * The build context is sent to the builder: the step-private config (with the login) must
 * not be inside it, as it would be if RUNNER_TEMP were a subdirectory of the context.
 */
function assertConfigOutsideContext(dockerConfig, contextDir) {
    const rel = (0,external_node_path_.relative)((0,external_node_path_.resolve)(contextDir), (0,external_node_path_.resolve)(dockerConfig));
    if (rel !== '' && !rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel)) {
        throw new Error(`RUNNER_TEMP (${(0,external_node_path_.dirname)(dockerConfig)}) is inside the build context ${contextDir}: the registry login would be sent to the builder. Use a context that does not contain RUNNER_TEMP.`);
    }
}
/** A merge job runs no container: the smoke outputs and the summary say why. */
function skipSmokeForMerge(x, note) {
    core_info(note);
    const report = { result: 'skipped', message: note, durationMs: 0, scenarios: [] };
    x.summary.smoke = report;
    setSmokeOutputs(report);
}
/** push-by-digest or merge-digests: the registry API upload, or `imagetools create`. */
function digestReport(x, plan, step, imageId) {
    const registry = plan.login?.registry ?? x.registry;
    const common = {
        registry,
        ...(plan.login
            ? { credentials: { registry, username: x.username, password: x.password } }
            : {}),
        deadlineSeconds: x.pushDeadline,
        retry: x.retry,
        info: (message) => core_info(message)
    };
    if (step.digest) {
        const d = step.digest;
        const note = d.unappliedTags.length > 0
            ? `push-by-digest: pushed by digest with no tag; these tags are not applied here (the merge job applies them): ${d.unappliedTags.join(', ')}`
            : 'push-by-digest: pushed by digest with no tag.';
        core_info(note);
        x.summary.notes = [...(x.summary.notes ?? []), note];
        return pushByDigest(x.docker, {
            ...common,
            save: saveOf(d.save, imageId),
            archive: d.archive,
            images: d.images,
            ...(d.digestsDir ? { digestsDir: d.digestsDir } : {})
        });
    }
    if (step.merge) {
        return mergeDigests(x.docker, {
            ...common,
            calls: step.merge.calls,
            meta: x.meta,
            floatingTags: x.floatingTags,
            warn: message => core_warning(message)
        });
    }
    return undefined;
}
/** upload-during-smoke: the blobs go up while the smoke test runs (early-upload.ts). */
function startEarlyUpload(x, plan, step, imageId) {
    x.rememberDir((0,external_node_path_.dirname)(step.archive));
    const registry = plan.login?.registry ?? x.registry;
    const credentials = plan.login ? { username: x.username, password: x.password } : undefined;
    return new EarlyUpload(x.docker, {
        save: saveOf(step.save, imageId),
        archive: step.archive,
        images: step.images,
        credentialsFor: credentialsMatcher(registry, credentials),
        retry: x.retry,
        timeoutMs: x.retry.attemptTimeoutMs() ?? 10 * 60 * 1000
    });
}
/**
 * The uploaded blobs, or undefined (and why, in the log) when `docker push` must do it. The
 * wait is part of the push phase: a registry that stalls it past `push-deadline` fails the
 * step with nothing published.
 */
async function uploadedBlobs(early, deadlineSeconds) {
    if (!early)
        return undefined;
    let timer;
    const deadline = new Promise((_, reject) => {
        if (deadlineSeconds <= 0)
            return;
        timer = setTimeout(() => reject(new DeadlineError(deadlineSeconds, 'the layers were uploaded (upload-during-smoke); nothing was published')), deadlineSeconds * 1000);
    });
    try {
        const done = await Promise.race([early.ready, deadline]);
        core_info(done.note);
        return done.set;
    }
    catch (err) {
        if (err instanceof DeadlineError)
            throw err;
        core_info(`upload-during-smoke: the upload did not complete (${redactor.redact((0,errors/* errorMessage */.gJ)(err))}); pushing with docker push instead.`);
        return undefined;
    }
    finally {
        clearTimeout(timer);
    }
}
/** Floating-tag guard, pushes in the planned order and argv, then the read-back (publish.ts). */
async function runPush(x, plan, step, built, early) {
    const registry = plan.login?.registry ?? x.registry;
    const builder = step.builder;
    const viaDigest = digestReport(x, plan, step, built?.id ?? '');
    const uploaded = await uploadedBlobs(early, x.pushDeadline);
    const report = viaDigest
        ? await viaDigest
        : builder
            ? await builderPushReport(() => pushFromBuilder(x.docker, builder.command, builder.metadataFile), step.targets)
            : await publish(x.docker, {
                ...(uploaded ? { uploaded } : {}),
                targets: step.targets.map((t, i) => ({ ...t, argv: step.commands[i].argv })),
                meta: x.meta,
                registry,
                ...(plan.login
                    ? { credentials: { registry, username: x.username, password: x.password } }
                    : {}),
                floatingTags: x.floatingTags,
                deadlineSeconds: x.pushDeadline,
                retry: x.retry,
                info: message => core_info(message),
                warn: message => core_warning(message),
                // Tags that already hold the tested image are not pushed again (unchanged.ts).
                ...(built ? { imageId: built.id } : {}),
                ...(built?.store ? { imageStore: built.store } : {})
            });
    x.summary.push = report;
    setSafeOutput('digest', report.digest);
    setSafeOutput('pushed', report.pushed.length > 0 ? 'true' : 'false');
    setSafeOutput('held-tags', report.held.join('\n'));
    if (report.error) {
        throw new Error(`Push failed: ${report.error}. Published: ${report.pushed.join(', ') || 'none'}. Not published: ${report.notPushed.join(', ')}`);
    }
}
/** Log in, build (or prepare the given image), smoke-test, then push: in the plan's order. */
async function executePlan(x, plan) {
    // Log in before the first pull, so a private base image, a registry cache and an `image:`
    // pull work.
    const loginStep = plan.login;
    if (loginStep)
        await x.phases.run('Login', () => runLogin(x, loginStep));
    const produce = plan.produce;
    let built;
    let early;
    try {
        if (produce.kind === 'merge') {
            skipSmokeForMerge(x, produce.note);
            x.summary.platforms = `Merging ${produce.digests.length} digest(s): ${produce.digests.join(', ')}`;
        }
        else {
            const image = await produceImage(x, produce);
            built = image;
            // The blobs go up while the container runs; nothing names them until the smoke test passed.
            if (plan.push?.early)
                early = startEarlyUpload(x, plan, plan.push.early, image.id);
            await x.phases.run('Smoke test', () => runSmokePhase(x, plan, image.id));
        }
        if (!plan.push) {
            core_info(plan.notPushing ?? 'Not pushing.');
            return;
        }
        const push = plan.push;
        const tested = built;
        const uploading = early;
        await x.phases.run('Push', () => runPush(x, plan, push, tested, uploading));
    }
    finally {
        // Stopped for good (a failed smoke test), or done: the saved image's files go.
        await early?.abort();
    }
}
/** The build (or the `image` input made ready), with its outputs set. */
async function produceImage(x, produce) {
    const built = await x.phases.run(produce.kind === 'existing' ? 'Prepare image' : 'Build', async () => produce.kind === 'existing'
        ? { id: await useExistingImage(x.docker, produce.image, produce.commands, x.retry) }
        : runBuild(x, produce));
    x.summary.imageId = built.id;
    if (produce.kind === 'build' && produce.buildkit) {
        x.summary.platforms = produce.buildkit.platform.note;
    }
    setSafeOutput('image-id', built.id);
    return built;
}

;// CONCATENATED MODULE: ./src/action/digest-inputs.ts
/**
 * The path halves of `digests-dir` and `merge-digests`, resolved against the workspace (a
 * relative path may not leave it through a symlink a pull request committed). A
 * `merge-digests` directory is read here, before any docker call, into the digest list the
 * plan merges: one file per digest, named by its hex (`sha256-<hex>` and `sha256:<hex>` too),
 * as docker's matrix recipe and push-by-digest's `digests-dir` leave them.
 */



const FILE = /^(?:sha256[:-])?([0-9a-f]{64})$/;
function readDigestsDir(dir) {
    let names;
    try {
        if (!(0,external_node_fs_.statSync)(dir).isDirectory())
            throw new Error('not a directory');
        names = (0,external_node_fs_.readdirSync)(dir);
    }
    catch (err) {
        throw new errors/* InputError */.dz('merge-digests', `"${dir}" is neither sha256:<64 hex> digest lines nor a readable directory of digest files (${err.code ?? 'not a directory'})`);
    }
    const digests = [];
    for (const name of names.filter(n => !n.startsWith('.')).sort()) {
        const m = FILE.exec(name);
        if (!m) {
            throw new errors/* InputError */.dz('merge-digests', `the directory ${dir} holds "${name}", which is not a digest file: expected files named by the digest's 64 lowercase hex digits`);
        }
        digests.push(`sha256:${m[1]}`);
    }
    if (digests.length === 0) {
        throw new errors/* InputError */.dz('merge-digests', `the directory ${dir} holds no digest files`);
    }
    return digests;
}
function resolveDigestInputs(bk, workspace) {
    const digestsDir = bk.digestsDir ? workspacePath('digests-dir', bk.digestsDir, workspace) : '';
    const merge = bk.merge.kind === 'dir'
        ? {
            kind: 'digests',
            digests: readDigestsDir(workspacePath('merge-digests', bk.merge.path, workspace))
        }
        : bk.merge;
    return { ...bk, digestsDir, merge };
}

;// CONCATENATED MODULE: ./src/lifecycle/ledger.ts
const ledger_RUN_LABEL = 'build-tag-push.run=';
/**
 * Watches the docker calls of a run for the containers it creates (any argv that carries the
 * run label) and the ones `rm` removed, so main can tell whether it left anything for the
 * post step. It only observes: every call goes through unchanged.
 */
class ContainerLedger {
    created = new Set();
    removed = new Set();
    unnamed = false;
    wrap(docker) {
        return {
            exec: async (args, opts) => {
                this.noteCreate(args);
                const res = await docker.exec(args, opts);
                if (args[0] === 'rm')
                    this.noteRemove(args, res.exitCode, res.stderr);
                return res;
            },
            spawn: (args, opts) => {
                this.noteCreate(args);
                return docker.spawn(args, opts);
            },
            killAll: () => docker.killAll()
        };
    }
    /** True when every container the run created is known to be gone. */
    allRemoved() {
        return !this.unnamed && [...this.created].every(name => this.removed.has(name));
    }
    noteCreate(args) {
        if (!args.some(a => a.startsWith(ledger_RUN_LABEL) || a.startsWith(`--label=${ledger_RUN_LABEL}`)))
            return;
        const at = args.indexOf('--name');
        const inline = args.find(a => a.startsWith('--name='));
        const name = at >= 0 ? args[at + 1] : inline?.slice('--name='.length);
        if (name)
            this.created.add(name);
        else
            this.unnamed = true;
    }
    noteRemove(args, exitCode, stderr) {
        const names = args.slice(1).filter(a => !a.startsWith('-'));
        // `rm -f` of several names fails as a whole if one fails; then none counts as removed.
        if (exitCode === 0 || (names.length === 1 && /no such container/i.test(stderr))) {
            for (const name of names)
                this.removed.add(name);
        }
    }
}

;// CONCATENATED MODULE: ./src/lifecycle/finish.ts


/**
 * The end of main, on success and failure alike: remove the private docker config and the
 * temp dirs now, and if every smoke container is known to be gone too, record that, so the
 * post step can end without loading its cleanup code or asking docker. A cancelled or killed
 * main never gets here, and the post step then does the full cleanup.
 */
function finishMain(left) {
    let clean = left.ledger.allRemoved();
    for (const dir of left.dirs.filter(Boolean)) {
        try {
            if (!removeOwnTempDir(dir, left.tempRoot))
                clean = false;
        }
        catch {
            clean = false;
        }
    }
    if (clean)
        state_saveState(STATE.cleanedUp, 'true');
}

;// CONCATENATED MODULE: ./src/action/run.ts

































const defaultDeps = {
    docker: env => new cli/* ExecDockerCli */.oy(env),
    now: () => new Date()
};
/** The whole pipeline: resolve, plan, then build, smoke-test, push. Outputs are set as soon as known. */
async function run(deps = defaultDeps) {
    const phases = new Phases();
    const summary = { phases: phases.timings };
    try {
        await pipeline(deps, phases, summary);
    }
    catch (err) {
        summary.error = redactor.redact((0,errors/* errorMessage */.gJ)(err));
        state_saveState(STATE.failedPhase, (0,errors/* failureKind */.zU)(err));
        setFailed(summary.error);
    }
    finally {
        writeSummary(summary);
    }
}
async function parseAll(env) {
    const read = (name) => getInput(name);
    // Everything is parsed before any docker call, so bad input fails in well under a second.
    const parsed = getInputs(read);
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const inputs = { ...parsed, buildkit: resolveDigestInputs(parsed.buildkit, workspace) };
    registerSecret(inputs.password);
    const switches = parseEnvSwitches(env);
    const smoke = await withLazyModules(() => parseSmokeInputs(read));
    for (const [, value] of smoke.secrets)
        registerSecret(value);
    if (inputs.image)
        parseImageReference(inputs.image, 'image');
    // Relative paths may not leave the workspace through a symlink a pull request committed.
    if (!isRemoteContext(inputs.context))
        workspacePath('context', inputs.context, workspace);
    if (inputs.file)
        workspacePath('file', inputs.file, workspace);
    // Secret values are masked now; their files are written only right before the build.
    const secrets = parseSecrets({
        secrets: read('secrets'),
        secretFiles: read('secret-files'),
        workspace,
        mask: registerSecret
    });
    for (const warning of secrets.warnings)
        core_warning(warning);
    for (const warning of secretBuildArgWarnings(inputs.buildArgs.map(([k]) => k)))
        core_warning(warning);
    return {
        ctx: readRunContext(env),
        inputs,
        switches,
        smoke,
        secrets: secrets.specs,
        tempRoot: env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
        workspace
    };
}
async function pipeline(deps, phases, summary) {
    const p = await parseAll(process.env);
    const { ctx, inputs } = p;
    const meta = await loadMetadata(ctx, inputs, p.switches, deps.now());
    summary.meta = meta;
    setMetadataOutputs(meta, inputs, p.switches.setOutputEnv);
    setInitialOutputs();
    const planInput = {
        build: inputs,
        push: inputs,
        smoke: p.smoke,
        meta,
        secrets: p.secrets,
        event: {
            eventName: ctx.eventName,
            ref: ctx.ref,
            forkPullRequest: isForkPullRequest(ctx.eventName, ctx.payload)
        },
        runId: ctx.runId,
        workspace: p.workspace,
        tempRoot: p.tempRoot
    };
    // Decided before the engine is asked: a release that would publish nothing fails first.
    const release = planRelease(planInput);
    summary.targets = release.targets;
    for (const notice of release.decision.notices)
        core_notice(notice);
    for (const warning of release.decision.warnings)
        core_warning(warning);
    if (inputs.dryRun) {
        const engine = await probeForDryRun(deps.docker({}), buildProbe(inputs));
        const plan = planRun({ ...planInput, engine }, release);
        setOutput('plan', planJson(plan));
        printPlan(meta, plan);
        if (plan.push)
            await previewFloating(inputs, meta);
        summary.dryRun = true;
        return;
    }
    await realRun(deps, phases, summary, { planInput, release, parsed: p });
}
/** What the engine probe needs to know of the build (the builder's driver, for buildx). */
function buildProbe(inputs) {
    return {
        buildx: inputs.buildx,
        builder: inputs.buildkit.builder,
        image: inputs.image,
        needsStore: needsStoreFacts(inputs.buildkit, inputs.cacheTo)
    };
}
/** A dry run also says which floating tags the guard would hold (it reads the registry). */
async function previewFloating(inputs, meta) {
    const registry = loginRegistry(inputs.registry, meta.images);
    const cred = inputs.username
        ? { username: inputs.username, password: inputs.password }
        : undefined;
    const lines = await previewFloatingTags(meta, {
        mode: inputs.floatingTags,
        credentialsFor: credentialsMatcher(registry, cred),
        timeoutMs: 10000
    });
    for (const line of lines)
        core_info(line);
}
async function realRun(deps, phases, summary, r) {
    const { inputs, tempRoot, ctx } = r.parsed;
    (0,external_node_fs_.mkdirSync)(tempRoot, { recursive: true });
    const tempDirs = [];
    const deferred = [];
    state_saveState(STATE.runId, ctx.runId);
    // The registry we log in to must not be delegated to a credential helper of the runner.
    const registry = loginRegistry(inputs.registry, r.planInput.meta.images);
    const dockerConfig = (0,config/* createStepDockerConfig */.XX)(tempRoot, process.env, inputs.username ? [registry] : []);
    state_saveState(STATE.dockerConfig, dockerConfig);
    const ledger = new ContainerLedger();
    const docker = ledger.wrap(deps.docker({ DOCKER_CONFIG: dockerConfig }));
    // One wait budget for every registry operation of this run (pull, login, each push).
    const retry = new RetryBudget(registryRetry(inputs, message => core_warning(message)));
    const uninstall = installCancelHandlers(docker, {
        runId: ctx.runId,
        tempRoot,
        dockerConfig,
        tempDirs: () => tempDirs
    });
    try {
        const engine = await phases.run('Docker engine', () => probeForRun(docker, buildProbe(inputs)));
        const plan = planRun({ ...r.planInput, engine }, r.release);
        setOutput('plan', planJson(plan));
        await executePlan({
            docker,
            retry,
            phases,
            summary,
            smoke: r.parsed.smoke,
            username: inputs.username,
            password: inputs.password,
            registry,
            meta: r.planInput.meta,
            floatingTags: inputs.floatingTags,
            pushDeadline: inputs.pushDeadline,
            workspace: r.parsed.workspace,
            dockerConfig,
            contextDir: plan.produce.kind === 'build' ? plan.produce.localContext : undefined,
            rememberDir: dir => rememberTempDir(tempDirs, dir),
            defer: work => void deferred.push(work)
        }, plan);
    }
    finally {
        // The smoke containers' removals overlap the push; they end before main does.
        await Promise.allSettled(deferred);
        uninstall();
        finishMain({ ledger, tempRoot, dirs: [dockerConfig, ...tempDirs] });
    }
}


/***/ })

};

//# sourceMappingURL=342.index.js.map