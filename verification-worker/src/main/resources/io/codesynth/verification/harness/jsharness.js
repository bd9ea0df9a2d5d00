'use strict';
// JavaScript harness: runs one candidate program and each of its tests separately (MultiPL-E style
// test scripts: `const assert = require('node:assert'); function test() { let candidate = f;
// assert.deepEqual(candidate(...), ...); ... } test();`, or one assertion per test).
//
// Started by the zygote as `node jsharness.js <result fd>` with the request (JSON, including the
// run's nonce) on stdin. The threat model is the Python harness's (pyharness.py), adapted:
// - results go to a private file descriptor, every record carries the nonce; the plan is sent before
//   the program runs; a completion record is required, so process.exit() before the tests fails;
// - everything the harness uses after the program starts is captured first (Reflect.apply, the
//   string and array methods, fs.writeSync, the real assert functions); records are built from
//   primitives only, so patching prototypes or JSON cannot change them;
// - the tests get their own frozen `assert` (whatever require('assert') the program patched), and the
//   comparisons refuse non-plain values where plain data is expected (no valueOf/Proxy tricks);
// - this file is strict mode, so `caller` and structured stack traces do not expose harness functions;
// - with node 20 or newer the zygote also runs node with the permission model: the program can read
//   and write only its work directory and cannot start processes or workers.

const fs = require('fs');
const vm = require('vm');
const util = require('util');
const realAssert = require('assert');

const apply = Reflect.apply;
const ownKeys = Reflect.ownKeys;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;
const isArray = Array.isArray;
const freeze = Object.freeze;
const ObjectPrototype = Object.prototype;
const ArrayPrototype = Array.prototype;
const charCodeAt = String.prototype.charCodeAt;
const stringSlice = String.prototype.slice;
const stringSplit = String.prototype.split;
const stringTrim = String.prototype.trim;
const stringIndexOf = String.prototype.indexOf;
const regexpTest = RegExp.prototype.test;
const regexpExec = RegExp.prototype.exec;
const arrayPush = Array.prototype.push;
const arrayJoin = Array.prototype.join;
const writeSync = fs.writeSync;
const inspect = util.inspect;
const isProxy = util.types.isProxy;
const Script = vm.Script;
const AssertionError = realAssert.AssertionError;
const StringCtor = String;
const exit = typeof process.reallyExit === 'function' ? process.reallyExit.bind(process) : process.exit.bind(process);
const realRequire = require;
const HEX = '0123456789abcdef';

const fd = Number(process.argv[2]);
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const nonce = request.nonce;

function push(list, item) {
  apply(arrayPush, list, [item]);
}

// UTF-16 code units as hex, built from primitives only (the zygote decodes it)
function hex(value, limit) {
  if (value === undefined || value === null) {
    return '-';
  }
  let s = '' + value;
  if (s.length > limit) {
    s = apply(stringSlice, s, [0, limit]) + '...';
  }
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = apply(charCodeAt, s, [i]);
    out += HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
  }
  return 'u' + out;
}

function emit(fields) {
  let line = nonce;
  for (let i = 0; i < fields.length; i++) {
    line += ' ' + fields[i];
  }
  writeSync(fd, line + '\n');
}

function compiles(code) {
  try {
    new Script('(function () {\n' + code + '\n})', { filename: 'test.js' });
    return true;
  } catch (e) {
    return false;
  }
}

// Top-level statements of a script: lines are joined until the text parses on its own.
function statements(source) {
  const lines = apply(stringSplit, source, ['\n']);
  const out = [];
  let pending = '';
  for (let i = 0; i < lines.length; i++) {
    pending = pending === '' ? lines[i] : pending + '\n' + lines[i];
    if (apply(stringTrim, pending, []) === '') {
      pending = '';
    } else if (compiles(pending)) {
      push(out, pending);
      pending = '';
    }
  }
  if (apply(stringTrim, pending, []) !== '') {
    push(out, pending);
  }
  return out;
}

const ASSERT_REQUIRE = /^\s*(const|let|var)\s+assert\s*=\s*require\(\s*['"](node:)?assert(\/strict)?['"]\s*\)\s*;?\s*$/;
const TEST_FUNCTION = /^\s*function\s+test\s*\(\s*\)\s*\{([\s\S]*)\}\s*;?\s*$/;
const TEST_CALL = /^\s*test\s*\(\s*\)\s*;?\s*$/;
const HAS_ASSERT = /\bassert\b/;
const VALUE_ASSERT = /^\s*assert(\.\w+)?\(\s*candidate\s*\(/;

function matches(regexp, text) {
  return apply(regexpTest, regexp, [text]);
}

// One test script -> { setup: [statements], body: [{test, code, value}] }
function planScript(source) {
  const top = statements(source);
  const setup = [];
  let body = null;
  for (let i = 0; i < top.length; i++) {
    const statement = top[i];
    if (matches(ASSERT_REQUIRE, statement) || matches(TEST_CALL, statement)) {
      continue;
    }
    const test = apply(regexpExec, TEST_FUNCTION, [statement]);
    if (test !== null && body === null) {
      body = [];
      const inner = statements(test[1]);
      for (let j = 0; j < inner.length; j++) {
        if (!matches(ASSERT_REQUIRE, inner[j])) {
          push(body, inner[j]);
        }
      }
      continue;
    }
    push(setup, statement);
  }
  const items = [];
  const source2 = body === null ? setup : body;
  const prelude = body === null ? [] : setup;
  for (let i = 0; i < source2.length; i++) {
    const code = source2[i];
    push(items, { test: matches(HAS_ASSERT, code), code, value: matches(VALUE_ASSERT, code) });
  }
  return { prelude, items };
}

function plan() {
  const groups = { t: [], h: [] };
  const keys = [['t', 'tests'], ['h', 'heldOut']];
  for (let k = 0; k < keys.length; k++) {
    const sources = request[keys[k][1]] || [];
    if (request.format === 'mbpp') {
      const items = [];
      for (let i = 0; i < sources.length; i++) {
        push(items, { test: true, code: sources[i], value: true });
      }
      if (items.length) {
        push(groups[keys[k][0]], { prelude: [], items });
      }
    } else {
      for (let i = 0; i < sources.length; i++) {
        push(groups[keys[k][0]], planScript(sources[i]));
      }
    }
  }
  return groups;
}

function count(groups) {
  let n = 0;
  for (let g = 0; g < groups.length; g++) {
    for (let i = 0; i < groups[g].items.length; i++) {
      if (groups[g].items[i].test) {
        n++;
      }
    }
  }
  return n;
}

// plain data: primitives, arrays and plain objects of plain data, without getters or proxies
function plain(value, depth) {
  const kind = typeof value;
  if (value === null || kind === 'number' || kind === 'string' || kind === 'boolean' || kind === 'undefined'
      || kind === 'bigint') {
    return true;
  }
  if (kind !== 'object' || depth > 64 || isProxy(value)) {
    return false;
  }
  const proto = getPrototypeOf(value);
  if (isArray(value) ? proto !== ArrayPrototype : proto !== ObjectPrototype && proto !== null) {
    return false;
  }
  const keys = ownKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const descriptor = getOwnPropertyDescriptor(value, keys[i]);
    if (typeof keys[i] === 'symbol' || !('value' in descriptor)) {
      return false;
    }
    if (!plain(descriptor.value, depth + 1)) {
      return false;
    }
  }
  return true;
}

let recordValue = false;
let recorded;

function show(value) {
  try {
    if (!plain(value, 0)) {
      return '<non-plain value>';
    }
    let s = inspect(value, { depth: 8, maxArrayLength: 200, maxStringLength: 400, breakLength: Infinity,
      compact: true, sorted: true });
    if (s.length > 200) {
      s = apply(stringSlice, s, [0, 200]) + '...';
    }
    return s;
  } catch (e) {
    return '<unprintable value>';
  }
}

function checked(name, compare) {
  return function (actual, expected, message) {
    if (recordValue && recorded === undefined) {
      recorded = show(actual);
    }
    if (plain(expected, 0) && !plain(actual, 0)) {
      throw new AssertionError({ message: 'expected plain data, the candidate returned something else',
        operator: name });
    }
    return apply(compare, realAssert, [actual, expected, message]);
  };
}

function truthy(value, message) {
  if (recordValue && recorded === undefined) {
    recorded = show(value);
  }
  if (!plain(value, 0)) {
    throw new AssertionError({ message: 'expected plain data, the candidate returned something else',
      operator: '==' });
  }
  return apply(realAssert.ok, realAssert, [value, message]);
}

const assertFacade = function assert(value, message) {
  return truthy(value, message);
};
assertFacade.ok = truthy;
const COMPARISONS = ['equal', 'notEqual', 'deepEqual', 'notDeepEqual', 'strictEqual', 'notStrictEqual',
  'deepStrictEqual', 'notDeepStrictEqual'];
for (let i = 0; i < COMPARISONS.length; i++) {
  assertFacade[COMPARISONS[i]] = checked(COMPARISONS[i], realAssert[COMPARISONS[i]]);
}
const PASS_THROUGH = ['throws', 'doesNotThrow', 'rejects', 'doesNotReject', 'fail', 'match', 'doesNotMatch',
  'ifError'];
for (let i = 0; i < PASS_THROUGH.length; i++) {
  const real = realAssert[PASS_THROUGH[i]];
  if (typeof real === 'function') {
    assertFacade[PASS_THROUGH[i]] = function () {
      return apply(real, realAssert, arguments);
    };
  }
}
assertFacade.AssertionError = AssertionError;
assertFacade.strict = assertFacade;
freeze(assertFacade);

function testRequire(name) {
  if (name === 'assert' || name === 'node:assert' || name === 'assert/strict' || name === 'node:assert/strict') {
    return assertFacade;
  }
  return realRequire(name);
}

function describe(error) {
  let name = 'Error';
  let message = '';
  try {
    if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
      const ctor = error.constructor;
      name = typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : 'Error';
      message = typeof error.message === 'string' ? error.message : StringCtor(error);
    } else {
      name = 'Throw';
      message = StringCtor(error);
    }
  } catch (e) {
    message = '';
  }
  const newline = apply(stringIndexOf, message, ['\n']);
  return [name, newline >= 0 ? apply(stringSlice, message, [0, newline]) : message];
}

function isAssertion(error) {
  return error instanceof AssertionError;
}

function runTest(which, index, item, fn, reported) {
  reported[index] = true;
  recordValue = item.value;
  recorded = undefined;
  let outcome = 'pass';
  let error = null;
  try {
    fn();
  } catch (e) {
    if (isAssertion(e)) {
      outcome = 'fail';
    } else {
      outcome = 'error';
      error = describe(e);
    }
  }
  recordValue = false;
  emit(['test', hex(which, 8), hex(index, 12), hex(outcome, 8), hex(item.value ? recorded : undefined, 400),
    hex(error ? error[0] : undefined, 200), hex(error ? error[1] : undefined, 300)]);
}

// the wrapper keeps setup statements at function level (their `let`s stay visible to later tests)
function wrapper(group, which, first) {
  let source = '(function (require, __test) {\nconst assert = require("node:assert");\n';
  for (let i = 0; i < group.prelude.length; i++) {
    source += group.prelude[i] + '\n';
  }
  let index = first;
  for (let i = 0; i < group.items.length; i++) {
    const item = group.items[i];
    if (item.test) {
      source += '__test(' + index + ', () => {\n' + item.code + '\n});\n';
      index++;
    } else {
      source += item.code + '\n';
    }
  }
  return source + '})';
}

function failAll(groups, which, first, error, reported) {
  const n = count(groups);
  for (let i = 0; i < n; i++) {
    if (reported && reported[first + i]) {
      continue;
    }
    emit(['test', hex(which, 8), hex(first + i, 12), hex('error', 8), '-', hex(error[0], 200), hex(error[1], 300)]);
  }
}

function main() {
  let groups;
  try {
    groups = plan();
  } catch (e) {
    emit(['plan', hex(0, 4), hex(0, 4)]);
    emit(['badtest', hex('the tests could not be read: ' + describe(e)[1], 300)]);
    exit(0);
  }
  emit(['plan', hex(count(groups.t), 12), hex(count(groups.h), 12)]);
  // a test script run as a module would have require; the program gets the tests' version of it
  Object.defineProperty(globalThis, 'require', { value: testRequire, writable: true, configurable: true });
  let program;
  try {
    program = new Script(request.program || '', { filename: 'candidate.js' });
  } catch (e) {
    emit(['syntax', hex(describe(e)[0] + ': ' + describe(e)[1], 300)]);
    exit(0);
  }
  try {
    program.runInThisContext();
    if (request.setup) {
      new Script(request.setup, { filename: 'setup.js' }).runInThisContext();
    }
  } catch (e) {
    const error = describe(e);
    emit(['load', hex(error[0], 200), hex(error[1], 300)]);
    failAll(groups.t, 't', 0, error);
    emit(['done', hex('t', 8)]);
    failAll(groups.h, 'h', 0, error);
    emit(['done', hex('h', 8)]);
    exit(0);
  }
  const sets = ['t', 'h'];
  for (let s = 0; s < sets.length; s++) {
    const which = sets[s];
    let index = 0;
    for (let g = 0; g < groups[which].length; g++) {
      const group = groups[which][g];
      const n = count([group]);
      const first = index;
      const reported = { __proto__: null };
      try {
        const fn = new Script(wrapper(group, which, first), { filename: 'test.js' }).runInThisContext();
        fn(testRequire, (i, body) => runTest(which, i, group.items[itemOf(group, i - first)], body, reported));
      } catch (e) {
        // the test script did not compile, or a statement between tests threw: the tests not run error
        failAll([group], which, first, describe(e), reported);
      }
      index += n;
    }
    emit(['done', hex(which, 8)]);
  }
  exit(0);
}

// the item of the n-th test of a group
function itemOf(group, n) {
  let seen = 0;
  for (let i = 0; i < group.items.length; i++) {
    if (group.items[i].test) {
      if (seen === n) {
        return i;
      }
      seen++;
    }
  }
  return -1;
}

main();
