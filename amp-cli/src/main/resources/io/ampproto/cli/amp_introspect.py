# Copyright 2026 the AMP for Spring Boot authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""
Describes the amp.Command classes of a Python module for `amp codegen java`.

    /usr/bin/python3 amp_introspect.py commands.py

Imports the module with Twisted and prints, on stdout, one JSON document in the shape of the
amp actuator endpoint's "schemas" (plus "lines": the source line of each command). Every
amp.Command subclass defined in the module is described, in definition order. On bad input it
prints "amp-introspect: <problem>" lines on stderr and exits with status 3; only Twisted's
built-in argument types can be described, so a custom amp.Argument subclass is refused with
its class name and line.
"""

import importlib.util
import inspect
import json
import os
import sys
import traceback

PROBLEM_EXIT = 3

try:
    from twisted.protocols import amp
except ImportError as e:  # pragma: no cover - checked by the Java side first
    sys.stderr.write("amp-introspect: cannot import twisted.protocols.amp with %s: %s\n" % (sys.executable, e))
    sys.exit(PROBLEM_EXIT)

# Exact classes only: a subclass of a built-in type may encode differently.
SCALARS = {
    amp.Integer: "Integer",
    amp.String: "String",
    amp.Unicode: "Unicode",
    amp.Float: "Float",
    amp.Boolean: "Boolean",
    amp.DateTime: "DateTime",
    amp.Decimal: "Decimal",
    amp.Path: "Path",
    amp.Descriptor: "Descriptor",
}


class Problem(Exception):
    pass


def where(obj):
    try:
        return "%s:%d" % (os.path.basename(inspect.getsourcefile(obj)), inspect.getsourcelines(obj)[1])
    except (TypeError, OSError):
        return getattr(obj, "__module__", "?")


def text(raw, what):
    if not isinstance(raw, bytes):
        raise Problem("%s must be bytes, not %r" % (what, raw))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem("%s %r is not UTF-8, which Java names cannot hold" % (what, raw))


def describeType(argument, context):
    cls = type(argument)
    if cls in SCALARS:
        return {"name": SCALARS[cls], "custom": False, "element": None, "rows": None}
    if cls is amp.ListOf:
        return {"name": "ListOf", "custom": False,
                "element": describeType(argument.elementType, context + " (element)"), "rows": None}
    if cls is amp.AmpList:
        return {"name": "AmpList", "custom": False, "element": None,
                "rows": describeFields(argument.subargs, context + " (row)")}
    raise Problem(
        "%s: unsupported argument class %s.%s (defined at %s): only Twisted's built-in types "
        "(Integer, String, Unicode, Float, Boolean, DateTime, Decimal, Path, Descriptor, ListOf, AmpList) "
        "can be generated; write the Java type by hand with @AmpArgument(custom = ...)"
        % (context, cls.__module__, cls.__qualname__, where(cls)))


def describeFields(pairs, context):
    fields = []
    for pair in pairs:
        name, argument = pair
        key = text(name, "%s key" % context)
        fields.append({"key": key, "type": describeType(argument, "%s key %r" % (context, key)),
                       "optional": bool(getattr(argument, "optional", False))})
    return fields


def describeCommand(command):
    context = "%s (%s)" % (command.__name__, where(command))
    name = text(command.commandName, "%s commandName" % context)
    errors = []
    for exception, code in command.allErrors.items():
        errors.append({"code": text(code, "%s error code" % context), "exception": exception.__name__,
                       "fatal": exception in command.fatalErrors})
    return {
        "name": name,
        "typeName": command.__name__,
        "arguments": describeFields(command.arguments, context + " argument"),
        "response": describeFields(command.response, context + " response"),
        "errors": errors,
        "requiresAnswer": bool(command.requiresAnswer),
        "protocolSwitch": issubclass(command, amp.ProtocolSwitchCommand),
    }


def load(path):
    if not os.path.isfile(path):
        raise Problem("%s: no such file" % path)
    directory, file = os.path.split(os.path.abspath(path))
    moduleName = os.path.splitext(file)[0]
    sys.path.insert(0, directory)
    spec = importlib.util.spec_from_file_location(moduleName, path)
    if spec is None or spec.loader is None:
        raise Problem("%s: not a Python module" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[moduleName] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as e:
        tb = traceback.extract_tb(e.__traceback__)
        frames = [f for f in tb if os.path.abspath(f.filename) == os.path.abspath(path)] or tb[-1:]
        line = frames[-1].lineno if frames else 0
        raise Problem("%s:%s: the module does not import: %s: %s" % (file, line, type(e).__name__, e))
    return module


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: amp_introspect.py MODULE.py\n")
        return PROBLEM_EXIT
    try:
        module = load(argv[1])
        commands = [value for value in vars(module).values()
                    if inspect.isclass(value) and issubclass(value, amp.Command)
                    and value.__module__ == module.__name__]
        if not commands:
            raise Problem("%s: defines no amp.Command subclass" % argv[1])
        schemas = {}
        lines = {}
        for command in commands:
            described = describeCommand(command)
            if described["name"] in schemas:
                raise Problem("%s: two commands have the wire name %r" % (where(command), described["name"]))
            schemas[described["name"]] = described
            lines[described["name"]] = where(command)
    except Problem as e:
        sys.stderr.write("amp-introspect: %s\n" % e)
        return PROBLEM_EXIT
    json.dump({"schemas": schemas, "lines": lines}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
