export const id = 383;
export const ids = [383];
export const modules = {

/***/ 383:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
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
    if (!existsSync(path))
        throw new Error(`Missing file at path: ${path}`);
    const delimiter = `ghadelimiter_${randomUUID()}`;
    const text = commandValue(value);
    if (name.includes(delimiter) || text.includes(delimiter)) {
        throw new Error(`Unexpected input: the value contains the delimiter "${delimiter}"`);
    }
    appendFileSync(path, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8');
    return true;
}
/** The step input as the runner passes it (`INPUT_<NAME>`), trimmed. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setOutput(name, value) {
    if (!fileCommand('OUTPUT', name, value)) {
        process.stdout.write(EOL);
        process.stdout.write(`::set-output name=${name}::${escapeData(commandValue(value))}${EOL}`);
    }
}
function exportVariable(name, value) {
    process.env[name] = commandValue(value);
    if (!fileCommand('ENV', name, value)) {
        process.stdout.write(`::set-env name=${name}::${escapeData(commandValue(value))}${EOL}`);
    }
}
function saveState(name, value) {
    if (!fileCommand('STATE', name, value)) {
        process.stdout.write(`::save-state name=${name}::${escapeData(commandValue(value))}${EOL}`);
    }
}
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function setSecret(secret) {
    issueCommand('add-mask', secret);
}
function info(message) {
    process.stdout.write(message + external_node_os_.EOL);
}
function warning(message) {
    issueCommand('warning', message instanceof Error ? message.toString() : message);
}
function notice(message) {
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
    process.stdout.write(`::endgroup::${EOL}`);
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
    appendFileSync(path, markdown, 'utf8');
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(421);
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
    const res = (0,external_node_child_process_.spawnSync)(`docker-credential-${login.helper}`, ['erase'], {
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

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
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
    core.saveState(key, value);
}
/** Temp dirs are appended, so each is recorded before anything sensitive is written to it. */
function rememberTempDir(dirs, dir) {
    dirs.push(dir);
    core.saveState(STATE.tempDirs, JSON.stringify(dirs));
}

;// CONCATENATED MODULE: ./src/lifecycle/post.ts





/** The post step: remove what main left. It reports problems but never fails the job. */
function run() {
    try {
        let tempDirs = [];
        try {
            tempDirs = JSON.parse(getState(STATE.tempDirs) || '[]');
        }
        catch {
            tempDirs = [];
        }
        eraseDelegatedLogins();
        const result = cleanupRun({
            runId: getState(STATE.runId),
            tempRoot: process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
            dirs: [getState(STATE.dockerConfig), ...tempDirs]
        });
        if (result.containers.length > 0) {
            info(`Removed ${result.containers.length} container(s) left by the main step`);
        }
        for (const path of result.removedPaths)
            info(`Removed ${path}`);
        for (const problem of result.problems)
            warning(problem);
    }
    catch (err) {
        warning(`Cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
}
/** A login that reached a credential helper lives outside our private config: erase it. */
function eraseDelegatedLogins() {
    let logins = [];
    try {
        logins = JSON.parse(getState(STATE.delegatedLogins) || '[]');
    }
    catch {
        logins = [];
    }
    for (const login of logins) {
        const problem = eraseCredential(login);
        if (problem)
            warning(`Could not erase the login to ${login.registry}: ${problem}`);
        else
            info(`Erased the login to ${login.registry} from docker-credential-${login.helper}`);
    }
}


/***/ })

};

//# sourceMappingURL=383.index.js.map