# pickletools' opcode table as JSON: name, code byte, argument reader name (or null), protocol.
import json
import pickletools
import sys

rows = [{"name": op.name, "code": ord(op.code.encode("latin-1")), "arg": op.arg.name if op.arg else None, "protocol": op.proto} for op in pickletools.opcodes]
json.dump(rows, sys.stdout)
