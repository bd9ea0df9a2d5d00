"""Test planning for the Python harness: what counts as a test, compiled before the program runs.

HumanEval: the body of check(candidate) in the test code, statement by statement; a statement with an
assert in it is one test (a loop of asserts is one test), the others are set-up run in order. An
assert of the form `candidate(args) == expected` (or `is`, `is not`, or a bare `candidate(args)` /
`not candidate(args)`) is split into its two sides, so that the harness evaluates the call, records
the returned value and does the comparison itself. MBPP: every assertion is one test.

Everything here runs in the forked child before the candidate's code exists in the process.
"""

import ast


def imports(sources):
    names = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return names


def _callee(node, names):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (names is None or node.func.id in names)


def _expression(node):
    return compile(ast.Expression(body=node), "<test>", "eval")


def _statement(node):
    return compile(ast.Module(body=[node], type_ignores=[]), "<test>", "exec")


def _test_item(node, names):
    """A test statement: compare-style asserts are split so that the harness does the comparing."""
    if isinstance(node, ast.Assert):
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            left, right, op = test.left, test.comparators[0], test.ops[0]
            if isinstance(op, (ast.Eq, ast.Is, ast.IsNot)):
                if _callee(left, names):
                    return ("cmp", type(op).__name__, True, _expression(left), _expression(right))
                if _callee(right, names):
                    return ("cmp", type(op).__name__, False, _expression(right), _expression(left))
        if _callee(test, names):
            return ("truth", False, _expression(test))
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and _callee(test.operand, names):
            return ("truth", True, _expression(test.operand))
    return ("stmt", _statement(node))


def _contains_assert(node):
    return any(isinstance(n, ast.Assert) for n in ast.walk(node))


def _plan_humaneval(source, entry_point):
    """check(candidate)'s body, statement by statement; a statement with an assert in it is a test."""
    module = ast.parse(source, "<test>")
    check = None
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == "check":
            check = node
    if check is None or len(check.args.args) != 1:
        # no check(candidate): top-level statements with asserts are the tests, the rest defines things
        param = "candidate"
        module_code = compile(ast.Module(body=[n for n in module.body if not _contains_assert(n)],
                                         type_ignores=[]), "<test>", "exec")
        body = [n for n in module.body if _contains_assert(n)]
    else:
        body, param = check.body, check.args.args[0].arg
        module_code = compile(module, "<test>", "exec")
    body = [n for n in body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    if not any(_contains_assert(n) for n in body):
        # no assert at all: then every statement is a test (an exception is its failure)
        return {"module": module_code, "param": param, "items": [("test", "stmt", _statement(n)) for n in body],
                "wrap": True}
    items = []
    for node in body:
        if _contains_assert(node):
            items.append(("test",) + _test_item(node, {param, entry_point}))
        else:
            items.append(("setup", _statement(node)))
    return {"module": module_code, "param": param, "items": items, "wrap": True}


def _plan_assertions(sources, entry_point):
    """MBPP style: every source is one test (normally a single assert)."""
    items = []
    names = {entry_point} if entry_point else None
    for source in sources:
        module = ast.parse(source, "<test>")
        if len(module.body) == 1:
            items.append(("test",) + _test_item(module.body[0], names))
        else:
            items.append(("test", "stmt", compile(module, "<test>", "exec")))
    return {"module": None, "param": None, "items": items, "wrap": False}


def plan(request):
    entry = request.get("entryPoint")
    groups = {"t": [], "h": []}
    for which, key in (("t", "tests"), ("h", "heldOut")):
        sources = request.get(key) or []
        if request.get("format") == "mbpp":
            if sources:
                groups[which].append(_plan_assertions(sources, entry))
        else:
            for source in sources:
                groups[which].append(_plan_humaneval(source, entry))
    setup = request.get("setup") or ""
    setup_code = compile(setup, "<test setup>", "exec") if setup.strip() else None
    return groups, setup_code
