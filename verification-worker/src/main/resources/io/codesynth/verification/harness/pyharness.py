"""Python harness: runs one candidate program and each of its tests separately, in a forked child.

Threat model (what a candidate program may try, and what stops it)
------------------------------------------------------------------
The security boundary is the operating system sandbox around this process (namespaces without
network, read-only runtime, an empty tmpfs, rlimits, an unprivileged uid, a wall-clock kill of the
whole process tree). Nothing in this file is needed to keep the host safe. This file defends the
*verdict*: a program must not be reported as passing tests it did not pass. The program runs in the
same interpreter as this harness, so the harness can raise the bar, not guarantee integrity against
a program that is written to attack CPython itself. What it does:

* Results never travel over stdout/stderr. They go to a pipe on a file descriptor chosen at random
  per run, and every record carries a per-run nonce. The zygote (a separate process the program
  cannot signal or ptrace) accepts a run only if it sees a test plan, one result per planned test
  and a completion record, in that order, all with the nonce. A record with a wrong nonce marks the
  run as tampered. So sys.exit(0) or os._exit(0) before or during the tests, closing or
  replacing the channel, or printing fake results never counts as passed.
* The plan (how many tests) is sent before any candidate code runs, so the program cannot shrink it.
* Tests are taken from the AST of the test code: the statements of check()'s body are compiled
  separately before the program runs. Redefining check, candidate, assert helpers or METADATA in the
  program changes nothing, because the harness never looks those names up in the program's namespace.
* Every function the harness uses after the program starts (os.write, repr, type, exec, the
  exception classes it catches, ...) is captured in local variables before the program runs, so
  monkey-patching os, builtins or any module does not reach the harness. Test statements run with a
  pristine copy of the builtins. The functions, classes and modules of builtins, of the common
  modules (CHECKED), of every module the tests import and of every module in the program's namespace
  are compared after the ranking tests with a snapshot taken at zygote start: a program that
  replaced one of them (say math.isclose, or builtins.AssertionError) is reported as tampering.
* The harness's own modules are removed from sys.modules and sys.path before the program runs, and
  no secret lives in a module global: the nonce exists only in this function's locals and closures.
  An audit hook (which cannot be removed from Python) blocks the ways to reach those: frames
  (sys._getframe, traceback/generator frames, sys._current_frames), the garbage collector's object
  walks, tracing and profiling hooks, ctypes, and opening anything under /proc (e.g. /proc/self/mem).
* Comparisons of the form candidate(args) == expected are evaluated by the harness with a type
  check: when the expected value is plain data (None, bool, numbers, str, bytes and lists, tuples,
  dicts, sets of those), the returned value must be plain data too, so an object whose __eq__
  always answers True cannot pass. Values returned by the candidate inside other assertions must not
  be instances of classes the program defined itself.

Out of reach: a program that finds another way into interpreter internals (a C extension bug, a
module the audit hook does not cover) could forge results. Making that impossible needs the tests
to run in a process that never executes candidate code, with values passed across as data.
"""

import builtins
import hashlib
import os
import sys
import types

from pyplan import imports as _imports, plan

# Imported once in the zygote so that each run starts with them loaded (typing alone takes several
# milliseconds to import). Kept short: every loaded module makes each fork a little slower.
PRELOAD = ("math", "cmath", "re", "string", "collections", "collections.abc", "itertools", "functools",
           "operator", "heapq", "bisect", "random", "statistics", "fractions", "decimal", "copy", "typing",
           "datetime", "json", "hashlib", "enum", "dataclasses", "struct", "time", "ctypes")

# Modules whose functions and classes are checked after the tests, besides those the tests import and
# those in the program's namespace. Checking everything would touch (and so copy) thousands of
# objects shared with the zygote, which costs more than the rest of a typical run.
CHECKED = ("builtins", "math", "cmath", "re", "string", "collections", "itertools", "functools",
           "operator", "heapq", "bisect", "random", "statistics", "fractions", "copy", "typing", "json",
           "hashlib")

_SNAPSHOT = {}          # module name -> (module dict, ((attribute name, value), ...)) for callables, classes
_PRISTINE_BUILTINS = {}


def prepare():
    """Runs once in the zygote, before any run."""
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass
    _PRISTINE_BUILTINS.update(builtins.__dict__)
    for name, module in list(sys.modules.items()):
        if module is None or name in ("sys", "__main__", "pyharness", "pyplan", "monitor", "zygote"):
            continue
        attrs = tuple((attr, value) for attr, value in vars(module).items()
                      if isinstance(value, (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)))
        _SNAPSHOT[name] = (vars(module), module, attrs)


# ---------------------------------------------------------------------------------------------
# the run

def run_child(request, nonce, fd):
    """Runs the program and its tests and reports on fd; ends the process. Called in the forked child."""
    # capture everything used after the candidate starts (see the threat model above)
    _write, _exit, _type, _len, _str, _repr, _id = os.write, os._exit, type, len, str, repr, id
    _exec, _eval, _compile, _sorted, _hex = exec, eval, compile, sorted, bytes.hex
    _encode, _join, _startswith, _dict = str.encode, str.join, str.startswith, dict
    _BaseException, _AssertionError, _SyntaxError = BaseException, AssertionError, SyntaxError
    _ValueError, _AttributeError, _RuntimeError, _PermissionError = ValueError, AttributeError, RuntimeError, PermissionError
    _sha1, _realpath, _fspath, _getattr = hashlib.sha1, os.path.realpath, os.fspath, getattr
    _bool, _any, _sum, _range, _enumerate, _set, _dictcls, _int = bool, any, sum, range, enumerate, set, dict, int
    _NameError, _listcls, _tuplecls, _setcls = NameError, list, tuple, set
    _modules, _snapshot, _pristine = sys.modules, _SNAPSHOT, dict(_PRISTINE_BUILTINS)
    _ModuleType = types.ModuleType
    _checked = set(CHECKED) | _imports(list(request.get("tests") or []) + list(request.get("heldOut") or [])
                                       + [request.get("setup") or ""])
    _flags_of = type.__dict__["__flags__"].__get__
    _module_of = type.__dict__["__module__"].__get__
    _qualname_of = type.__dict__["__qualname__"].__get__
    _stdout, _stderr = sys.stdout, sys.stderr
    _ATOMS = frozenset((type(None), bool, int, float, complex, str, bytes))
    _SEQS = frozenset((list, tuple, set, frozenset))
    _nonce = nonce
    missing = object()
    flagged = []

    def text(value, limit):
        if value is None:
            return "-"
        if _len(value) > limit:
            value = value[:limit] + "..."
        return _hex(_encode(value, "utf-8", "replace"))

    def emit(*fields):
        line = _encode(_join(" ", (_nonce,) + fields) + "\n", "ascii")
        while line:
            line = line[_write(fd, line):]

    def plain(value):
        stack, seen, budget = [value], _set(), 1000000
        while stack:
            budget -= 1
            if budget < 0:
                return False
            item = stack.pop()
            kind = _type(item)
            if kind in _ATOMS:
                continue
            if _id(item) in seen:
                continue
            seen.add(_id(item))
            if kind in _SEQS:
                stack.extend(item)
            elif kind is _dictcls:
                stack.extend(_dictcls.keys(item))
                stack.extend(_dictcls.values(item))
            else:
                return False
        return True

    def canonical(value, out, budget):
        """repr with dict and set entries sorted, so equal values give equal text across processes."""
        kind = _type(value)
        if budget[0] <= 0:
            return
        if kind in _ATOMS:
            piece = _repr(value)
            budget[0] -= _len(piece)
            out.append(piece)
        elif kind is _listcls or kind is _tuplecls:
            out.append("[" if kind is _listcls else "(")
            for i, item in _enumerate(value):
                if i:
                    out.append(", ")
                canonical(item, out, budget)
            out.append("]" if kind is _listcls else ("," if _len(value) == 1 else "") + ")")
        elif kind is _dictcls:
            parts = []
            for key, item in _dictcls.items(value):
                piece = []
                canonical(key, piece, budget)
                piece.append(": ")
                canonical(item, piece, budget)
                parts.append(_join("", piece))
            out.append("{" + _join(", ", _sorted(parts)) + "}")
        else:
            parts = []
            for item in value:
                piece = []
                canonical(item, piece, budget)
                parts.append(_join("", piece))
            body = _join(", ", _sorted(parts))
            out.append(("{" + body + "}" if body else "set()") if kind is _setcls else "frozenset({" + body + "})")

    def show(value):
        if not plain(value):
            return "<" + _qualname_of(_type(value)) + ">"
        out = []
        canonical(value, out, [100000])
        shown = _join("", out)
        if _len(shown) > 200:
            shown = shown[:160] + "...#" + _sha1(_encode(shown, "utf-8", "replace")).hexdigest()[:12]
        return shown

    def equal(value, expected):
        if plain(expected):
            return plain(value) and expected == value
        return _type(value) is _type(expected) and _bool(value == expected)

    def foreign(value):
        """True for instances of classes the program made (an object that may claim to equal anything)."""
        if plain(value):
            return False
        kind = _type(value)
        if kind in _SEQS or kind is _dictcls:
            return _any(foreign(item) for item in (_dictcls.values(value) if kind is _dictcls else value))
        if not _flags_of(kind) & (1 << 9):  # a static (C) type: int subclasses etc. are heap types
            return False
        owner = _modules.get(_module_of(kind))
        return owner is None or _getattr(owner, _qualname_of(kind).split(".")[0], None) is None

    def guarded(function):
        def candidate(*args, **kwargs):
            value = function(*args, **kwargs)
            if foreign(value):
                raise _ValueError("the candidate returned an instance of a class it defined itself (%s)"
                                  % _qualname_of(_type(value)))
            return value
        return candidate

    def describe(error):
        kind = _type(error)
        try:
            name = _qualname_of(kind)
        except _BaseException:
            name = "BaseException"
        try:
            message = _str(error)
        except _BaseException:
            message = ""
        line = message.split("\n")[0] if message else ""
        return name, line

    def audit(event, args):
        if event == "open":
            path = args[0]
            if _type(path) is _int:
                return
            try:
                resolved = _realpath(_fspath(path))
            except _BaseException:
                return
            if resolved == "/proc" or _startswith(resolved, "/proc/"):
                flagged.append("to open " + resolved)
                raise _PermissionError("the verifier does not let programs open files under /proc")
        elif event == "sys._getframe":
            raise _ValueError("call stack is not deep enough")  # what namedtuple & co. can handle
        elif event == "object.__getattr__":
            if args[1] in ("tb_frame", "gi_frame", "cr_frame", "ag_frame"):
                raise _AttributeError("frames are not accessible inside the verifier")
        elif event in ("gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames",
                       "sys.settrace", "sys.setprofile") or _startswith(event, "ctypes."):
            flagged.append("to call " + event)
            raise _RuntimeError(event + " is not allowed inside the verifier")

    def tampering(ns):
        names = _set(_checked)
        for value in _dictcls.values(ns):
            if _type(value) is _ModuleType:
                names.add(value.__dict__.get("__name__"))
        for owner in names:
            entry = _snapshot.get(owner)
            if entry is None:
                continue
            namespace, module, attrs = entry
            if _modules.get(owner) is not module:
                return "the program replaced the module " + owner
            for name, value in attrs:
                if namespace.get(name, missing) is not value:
                    return "the program replaced " + owner + "." + name
        if flagged:
            return "the program tried " + flagged[0]
        return None

    def run_item(which, index, item, scope):
        outcome, value, error = "pass", None, None
        try:
            if item[1] == "cmp":
                op, call_first, call_code, other_code = item[2], item[3], item[4], item[5]
                if call_first:
                    got = _eval(call_code, scope)
                    other = _eval(other_code, scope)
                else:
                    other = _eval(other_code, scope)
                    got = _eval(call_code, scope)
                value = show(got)
                if op == "Eq":
                    ok = equal(got, other)
                elif op == "Is":
                    ok = got is other
                else:
                    ok = got is not other
                outcome = "pass" if ok else "fail"
            elif item[1] == "truth":
                got = _eval(item[3], scope)
                value = show(got)
                ok = plain(got) and (not got if item[2] else _bool(got))
                outcome = "pass" if ok else "fail"
            else:
                _exec(item[2], scope)
        except _AssertionError:
            outcome = "fail"
        except _BaseException as e:
            outcome, error = "error", describe(e)
        etype, emessage = error if error else (None, None)
        emit("test", text(which, 8), text(_str(index), 12), text(outcome, 8), text(value, 400),
             text(etype, 200), text(emessage, 300))
        return error

    def run_group(which, group, first, ns, entry):
        items = group["items"]
        if group["module"] is not None:
            _exec(group["module"], ns)
        scope = _dictcls(ns)
        scope["__builtins__"] = _dictcls(_pristine)
        if group["param"] is not None:
            target = ns.get(entry, missing)
            if target is missing:
                raise _NameError("name '%s' is not defined" % entry)
            scope[group["param"]] = guarded(target) if group["wrap"] else target
        index, broken = first, None
        for item in items:
            if item[0] == "setup":
                if broken is None:
                    try:
                        _exec(item[1], scope)
                    except _BaseException as e:
                        broken = describe(e)
                continue
            if broken is not None:
                emit("test", text(which, 8), text(_str(index), 12), text("error", 8), "-",
                     text(broken[0], 200), text(broken[1], 300))
            else:
                run_item(which, index, item, scope)
            index += 1
        return index

    def count(groups):
        return _sum(1 for group in groups for item in group["items"] if item[0] == "test")

    def fail_all(groups, which, error, first=0):
        for i in _range(first, count(groups) + first):
            emit("test", text(which, 8), text(_str(i), 12), text("error", 8), "-", text(error[0], 200),
                 text(error[1], 300))

    def finish(code):
        for stream in (_stdout, _stderr):
            try:
                stream.flush()
            except _BaseException:
                pass
        _exit(code)

    # 1. the plan, before any candidate code
    try:
        groups, setup_code = plan(request)
    except _BaseException as e:
        name, message = describe(e)
        emit("plan", text("0", 4), text("0", 4))
        emit("badtest", text("the tests do not compile: %s: %s" % (name, message), 300))
        finish(0)
    emit("plan", text(_str(count(groups["t"])), 12), text(_str(count(groups["h"])), 12))
    try:
        program = _compile(request.get("program") or "", "<candidate>", "exec")
    except (_SyntaxError, _ValueError) as e:
        emit("syntax", text("%s: %s" % (_type(e).__name__, e), 300))
        finish(0)

    # 2. out of the program's reach: the harness modules, the zygote's __main__, the harness dir
    for name in ("pyharness", "pyplan", "monitor", "__main__"):
        _modules.pop(name, None)
    _modules["__main__"] = types.ModuleType("__main__")
    sys.path[:] = [p for p in sys.path if p and "harness" not in p]
    sys.addaudithook(audit)

    # 3. the program, then the tests: ranking tests first, held-out tests after them
    ns = {"__name__": "__candidate__", "__builtins__": builtins}
    entry = request.get("entryPoint")
    try:
        _exec(program, ns)
        if setup_code is not None:
            _exec(setup_code, ns)
    except _BaseException as e:
        error = describe(e)
        emit("load", text(error[0], 200), text(error[1], 300))
        fail_all(groups["t"], "t", error)
        emit("done", text("t", 8))
        fail_all(groups["h"], "h", error)
        emit("done", text("h", 8))
        finish(0)
    for which in ("t", "h"):
        index = 0
        for group in groups[which]:
            try:
                index = run_group(which, group, index, ns, entry)
            except _BaseException as e:
                # the test module itself failed, or the entry point is missing: the group's tests all error
                fail_all([group], which, describe(e), index)
                index += count([group])
        if which == "t":
            reason = tampering(ns)
            if reason is not None:
                emit("tamper", text(reason, 300))
        emit("done", text(which, 8))
    finish(0)
