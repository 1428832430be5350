# Writes the zip files the archive tests read, with Python's zipfile and real torch: python3 make_zips.py DIR
import io
import os
import random
import struct
import sys
import zipfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(1234)
noise = bytes(rng.getrandbits(8) for _ in range(10_000))
text = ("weightscope reads zip files by offset.\n" * 200).encode()


def path(name):
    return os.path.join(out, name)


def write(name, compression, entries, comment=b""):
    with zipfile.ZipFile(path(name), "w", compression) as zf:
        for entry_name, data in entries:
            zf.writestr(entry_name, data)
        zf.comment = comment


basic = [("a.txt", text), ("bin/noise.bin", noise), ("empty", b""), ("dir/", b"")]
write("stored.zip", zipfile.ZIP_STORED, basic)
write("deflate.zip", zipfile.ZIP_DEFLATED, basic)
write("comment.zip", zipfile.ZIP_DEFLATED, basic, comment=b"a comment " * 100)
write("long-comment.zip", zipfile.ZIP_STORED, basic, comment=bytes(rng.getrandbits(7) | 1 for _ in range(0xFFFF)))
write("utf8-names.zip", zipfile.ZIP_DEFLATED, [("naïve/π.bin", noise[:100]), ("日本語.txt", text), ("emoji 😀", b"x")])
write("bzip2.zip", zipfile.ZIP_BZIP2, [("a.txt", text)])
write("lzma.zip", zipfile.ZIP_LZMA, [("a.txt", text)])

# force_zip64 writes a zip64 extra into each local header and saturates the local sizes.
with zipfile.ZipFile(path("zip64-forced.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
    for entry_name, data in basic:
        with zf.open(entry_name, "w", force_zip64=True) as handle:
            handle.write(data)

# A stored entry and a deflated one side by side, and a name stored without the UTF-8 flag in CP437.
with zipfile.ZipFile(path("mixed.zip"), "w") as zf:
    zf.writestr("stored.bin", noise, compress_type=zipfile.ZIP_STORED)
    zf.writestr("deflated.txt", text, compress_type=zipfile.ZIP_DEFLATED)
    zf.writestr("cp437-XX.txt", b"name bytes patched below", compress_type=zipfile.ZIP_STORED)
mixed = bytearray(open(path("mixed.zip"), "rb").read())
for at in [i for i in range(len(mixed)) if mixed[i:i + 12] == b"cp437-XX.txt"]:
    mixed[at + 6:at + 8] = b"\x82\xe1"  # é and ß in code page 437
open(path("mixed.zip"), "wb").write(bytes(mixed))


def zip64_everywhere(source, target):
    """Rewrites the central directory so every size and offset lives in a zip64 extra field."""
    data = open(source, "rb").read()
    with zipfile.ZipFile(source) as zf:
        infos = zf.infolist()
        start = zf.start_dir
    central = io.BytesIO()
    at = start
    for info in infos:
        fixed = bytearray(data[at:at + 46])
        name_len, extra_len, comment_len = struct.unpack("<HHH", fixed[28:34])
        name = data[at + 46:at + 46 + name_len]
        extra = struct.pack("<HHQQQ", 1, 24, info.file_size, info.compress_size, info.header_offset)
        fixed[20:28] = struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF)
        fixed[30:32] = struct.pack("<H", len(extra))
        fixed[42:46] = struct.pack("<I", 0xFFFFFFFF)
        central.write(bytes(fixed) + name + extra)
        at += 46 + name_len + extra_len + comment_len
    directory = central.getvalue()
    zip64_end_offset = start + len(directory)
    zip64_end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(infos), len(infos), len(directory), start)
    locator = struct.pack("<IIQI", 0x07064B50, 0, zip64_end_offset, 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    open(target, "wb").write(data[:start] + directory + zip64_end + locator + end)


zip64_everywhere(path("mixed.zip"), path("zip64-everywhere.zip"))

# A STORED entry of 50 MB between small ones: opening must not read it.
with zipfile.ZipFile(path("big-stored.zip"), "w", zipfile.ZIP_STORED) as zf:
    zf.writestr("small-before.txt", text)
    zf.writestr("big.bin", noise * 5_000)
    zf.writestr("small-after.txt", b"after")

# A deflate bomb in the making: 64 MiB of zeros; the hostile test shrinks its declared size.
with zipfile.ZipFile(path("zeros.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr("zeros.bin", bytes(64 << 20))

# Files written by real torch: a state_dict-like dict, a module, a TorchScript archive (deflated code).
import torch  # noqa: E402

torch.manual_seed(0)
torch.save(
    {
        "weight": torch.randn(17, 5),
        "bias": torch.arange(7, dtype=torch.int64),
        "half": torch.randn(3, 3).half(),
        "flags": torch.tensor([True, False, True]),
        "empty": torch.zeros(0),
        "note": "not a tensor",
    },
    path("torch-dict.pt"),
)
torch.save(torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4)).state_dict(), path("torch-state-dict.pt"))


class Doubler(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("scale", torch.tensor([2.0, 3.0]))

    def forward(self, x):
        return x * self.scale


torch.jit.save(torch.jit.script(Doubler()), path("torchscript.pt"))
