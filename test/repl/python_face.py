# What real Python and torch answer for the prompt tests: the echo of each transcript line, getmembers, dir, errors.
# Usage: python3 python_face.py PROJECT_ROOT LINES_JSON   (prints one JSON object)
import code, contextlib, inspect, io, json, os, sys, traceback

import torch

os.chdir(sys.argv[1])
lines = json.loads(sys.argv[2])

# code.InteractiveConsole echoes an expression's repr as the Python prompt does, and nothing for a statement.
console = code.InteractiveConsole({"torch": torch, "inspect": inspect})
echoes = []
for line in lines:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        console.push(line)
    echoes.append(out.getvalue())

model = console.locals["torch_model"]
sd = console.locals["sd"]


def is_data(value):
    return not (inspect.isroutine(value) or inspect.isclass(value))


members = [[name, repr(value), is_data(value)] for name, value in inspect.getmembers(model)]


def last_error_line(source):
    try:
        exec(source, {"torch": torch})
    except BaseException as error:
        return traceback.format_exception_only(type(error), error)[-1].rstrip("\n")
    return None


print(json.dumps({
    "echoes": echoes,
    "members": members,
    "dir": {"torch_model": dir(model), "sd": dir(sd), "weight": dir(sd["0.weight"])},
    "keys": list(model.state_dict().keys()),
    "name_error": last_error_line("foo"),
}))
