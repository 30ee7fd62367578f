// Keeps V8's compiled code of the modules a run loads, so the next run does not compile the same JavaScript
// again. Node 22.1 and later have this built in (module.enableCompileCache), and it is used there. Node 20
// has none, and compiling costs it about a tenth of a default replay run (README: "Benchmark"), so there
// the same is done here: each CommonJS module is compiled through vm.Script with the code cache a previous
// run left, and a module compiled without one gets its cache written when the process exits, so the cache
// holds the functions the run actually called (made at compile time it would hold almost none: V8 compiles
// a function when first called). v8-compile-cache, the library for this, makes its cache at compile time,
// breaks `import()` in the modules it compiles, and writes one shared blob in place; hence this file.
// Modules that may call import() are left to node (a few of the SDK's and jest-junit's, none of ours).
//
// Safety: an entry is used only for the very source it was made from, by the same node on the same
// platform (sha1 of the source and of the cached bytes, in the entry's head); entries are written to a
// temporary file and renamed, so a reader never sees half of one; the folder is the user's own (mode
// 0700), and one that anybody else could write to is not read. Anything that goes wrong leaves the module
// compiled as node compiles it. NODE_DISABLE_COMPILE_CACHE=1 turns either cache off, as node documents.
'use strict';
const Module = require('node:module');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const HEAD = 40; // sha1 of the source, then sha1 of the cached bytes
/** Source that may call import() (or only mentions it, in a comment or a string): left to node. */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

const sha1 = (data) => crypto.createHash('sha1').update(data).digest();

/** The folder of this user's entries for this node: os.tmpdir(), as node's own cache. */
function defaultFolder() {
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `iam-conformance-compile-cache-${user}`, `${process.version}-${process.arch}`);
}

/** Only a folder of this user's that nobody else can write to (nor its parent) is trusted with compiled code. */
function trusted(folder) {
  try {
    const st = fs.statSync(folder);
    if (!st.isDirectory() || (st.mode & 0o022) !== 0) return false;
    return typeof process.getuid !== 'function' || st.uid === process.getuid();
  } catch {
    return false;
  }
}

/**
 * Compiles CommonJS modules with a code cache kept in `folder` from now on. Returns counts for tests:
 * entries used, entries refused (stale, corrupt or refused by V8), entries written at exit.
 */
function install(folder = defaultFolder()) {
  const stats = { used: 0, refused: 0, written: 0 };
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch {
    return stats;
  }
  if (!trusted(folder) || !trusted(path.dirname(folder))) return stats;
  const pending = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename, format) {
    // import() needs node's own compiling: a script compiled from a code cache loses its import callback
    // (Node 20), and vm's callback that would stand in for node's is experimental (a warning on stderr).
    if (format === 'module' || typeof content !== 'string' || DYNAMIC_IMPORT.test(content)) return compile.apply(this, arguments);
    const entry = path.join(folder, sha1(filename).toString('hex'));
    const source = sha1(content);
    let cachedData;
    try {
      const bytes = fs.readFileSync(entry);
      const data = bytes.subarray(HEAD);
      if (bytes.length > HEAD && bytes.subarray(0, 20).equals(source) && bytes.subarray(20, HEAD).equals(sha1(data))) cachedData = data;
      else stats.refused++;
    } catch {
      // no entry yet
    }
    // A shebang would be a syntax error inside the wrapper; as a comment it keeps every position.
    const text = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const script = new vm.Script(Module.wrap(text), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) stats.used++;
    else {
      if (cachedData) stats.refused++;
      pending.push({ entry, source, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const resolver = Module.createRequire(filename);
    const require = (id) => mod.require(id);
    require.resolve = resolver.resolve;
    require.main = resolver.main;
    require.cache = resolver.cache;
    require.extensions = resolver.extensions;
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { entry, source, script } of pending) {
      try {
        const data = script.createCachedData();
        const temporary = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, Buffer.concat([source, sha1(data), data]), { mode: 0o600 });
        fs.renameSync(temporary, entry);
        stats.written++;
      } catch {
        // a full or read-only disk: the next run compiles again
      }
    }
  });
  return stats;
}

/** node's own cache where it has one; ours elsewhere. Either stays off with NODE_DISABLE_COMPILE_CACHE. */
function enable() {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache();
    return 'node';
  }
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return 'off';
  install();
  return 'iam-conformance';
}

module.exports = { enable, install, defaultFolder };
